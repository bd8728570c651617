from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from stageplein.accounts import views as accounts_views
from stageplein.core import health, observability, pwa
from stageplein.core import views as core_views
from stageplein.dashboards import views as dashboard_views
from stageplein.internships.views import students as student_views
from stageplein.organisations import views as organisation_views

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("over/", core_views.about, name="about"),
    path("privacy/", core_views.privacy, name="privacy"),
    path("toegankelijkheid/", core_views.accessibility, name="accessibility"),
    path("healthz/", core_views.healthz, name="healthz"),
    # The installable app (issue 19): the worker at the root, so its scope is every page.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="web_manifest"),
    path("offline/", pwa.offline, name="offline"),
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
    path("metrics", observability.metrics, name="metrics"),
    path("favicon.ico", RedirectView.as_view(url="/static/favicon.svg", permanent=True)),
    path("leerlingen/", student_views.student_list, name="student_list"),
    path("leerlingen/<int:pk>/", student_views.student_detail, name="student_detail"),
    path("leerlingen/<int:pk>/inzage/", student_views.student_read_log, name="student_read_log"),
    path(
        "leerlingen/<int:pk>/mijn-gegevens.zip",
        student_views.student_own_data,
        name="student_own_data",
    ),
    path(
        "leerlingen/<int:pk>/toestemming/",
        student_views.student_consent,
        name="student_consent",
    ),
    path("scholen/<int:pk>/", organisation_views.school_detail, name="school_detail"),
    path("stagebieders/", organisation_views.provider_list, name="provider_list"),
    path("stagebieders/<int:pk>/", organisation_views.provider_detail, name="provider_detail"),
    path("stagebieders/<int:pk>/bewerken/", organisation_views.provider_edit, name="provider_edit"),
    path("", include("stageplein.organisations.urls")),
    path("", include("stageplein.students.urls")),
    path("", include("stageplein.signin.urls")),
    path("meldingen/", include("stageplein.notifications.urls")),
    path("account/", accounts_views.account, name="account"),
    path("", include("stageplein.placements.urls")),
    path("", include("stageplein.applications.urls")),
    path("inloggen/link/", accounts_views.signin_link_request, name="signin_link_request"),
    path("inloggen/link/<str:token>/", accounts_views.signin_link_use, name="signin_link_use"),
    path("import/", include("stageplein.imports.urls")),
    path("mailings/", include("stageplein.mailings.urls")),
    path("documenten/", include("stageplein.documents.urls")),
    path("overzicht/", include("stageplein.dashboards.urls")),
    path("financiering/", include("stageplein.funding.urls")),
    path("exports/", include("stageplein.exports.urls")),
    path("", include("stageplein.internships.urls")),
    path("bemiddeling/", include("stageplein.matching.urls")),
    path("bemiddelingsverzoeken/", include("stageplein.mediation.urls")),
    path("evenementen/", include("stageplein.events.urls")),
    path("", include("stageplein.planning.urls")),
    path("api/", include("stageplein.api.urls")),
    path("api-sleutels/", include("stageplein.api.page_urls")),
    path("", include("stageplein.simulation.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before the admin's own URLs: the admin signs in through allauth (second factor, lockout).
    path("admin/login/", accounts_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]

# Error pages that render without the database (stageplein.core.errors).
handler400 = "stageplein.core.errors.bad_request"
handler403 = "stageplein.core.errors.permission_denied"
handler404 = "stageplein.core.errors.page_not_found"
handler500 = "stageplein.core.errors.server_error"
