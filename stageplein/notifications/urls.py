from django.urls import path

from stageplein.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("gelezen/", views.notification_mark_read, name="notification_mark_read"),
    path("bel/", views.notification_bell, name="notification_bell"),
    path("instellingen/", views.notification_settings, name="notification_settings"),
    path("push/apparaat/", views.push_device_add, name="push_device_add"),
    path("push/apparaat/weg/", views.push_device_remove, name="push_device_remove"),
]
