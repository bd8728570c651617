"""URLs of organisations joining (no app namespace: names are flat)."""

from django.urls import path

from stageplein.organisations import people_views, profile_views, signup_views

urlpatterns = [
    path("aanmelden-organisatie/", signup_views.provider_signup, name="provider_signup"),
    path(
        "aanmelden-organisatie/bevestigen/<str:token>/",
        signup_views.provider_signup_confirm,
        name="provider_signup_confirm",
    ),
    path(
        "aanmelden-organisatie/wijzigen/<str:token>/",
        signup_views.provider_signup_change,
        name="provider_signup_change",
    ),
    # The reviewers' list of organisations and first placements: placements/urls.py.
    path("stagebieders/beoordelen/<int:pk>/", signup_views.provider_review, name="provider_review"),
    path("stagebieders/toevoegen/", signup_views.provider_add, name="provider_add"),
    path("stagebieders/<int:pk>/profiel/", profile_views.provider_profile, name="provider_profile"),
    path(
        "stagebieders/<int:pk>/locatie-toevoegen/",
        people_views.provider_location_add,
        name="provider_location_add",
    ),
    path(
        "stagebieders/<int:pk>/contactpersoon-uitnodigen/",
        people_views.provider_contact_invite,
        name="provider_contact_invite",
    ),
    path(
        "stagebieders/<int:pk>/samenvoegen/",
        people_views.provider_merge,
        name="provider_merge",
    ),
    path(
        "uitnodiging-stagebieder/<str:token>/",
        people_views.provider_contact_claim,
        name="provider_contact_claim",
    ),
]
