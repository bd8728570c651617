"""The 400/403/404/500 pages: rendered from the template alone, without the request's context
processors (they read the database: the user's scope, unread notifications), so that the page
still renders when the database is what failed. The pages carry Dutch and English side by side
for the same reason: the language middleware may not have run."""

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.utils.translation import gettext as _


def _render(template: str, status: int) -> str:
    return loader.get_template(template).render({"status": status})


def _api_problem(request: HttpRequest, status: int) -> HttpResponse | None:
    """Under /api/ the answer is an RFC 9457 problem (the API's own errors come from
    stageplein.api.problems; these are the ones Django answers before the API runs)."""
    if not request.path.startswith("/api/"):
        return None
    code, title = {
        400: ("bad_request", _("The request is not valid.")),
        403: ("permission_denied", _("You may not do this.")),
        404: ("not_found", _("Not found.")),
        500: ("server_error", _("Something went wrong on our side.")),
    }[status]
    body = {
        "type": f"{settings.SITE_ROOT}/api/v1/problems/{code}",
        "title": title,
        "status": status,
        "detail": "",
        "instance": request.path,
    }
    return JsonResponse(body, status=status, content_type="application/problem+json")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _api_problem(request, 400) or HttpResponseBadRequest(_render("400.html", 400))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _api_problem(request, 403) or HttpResponseForbidden(_render("403.html", 403))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _api_problem(request, 404) or HttpResponseNotFound(_render("404.html", 404))


def server_error(request: HttpRequest) -> HttpResponse:
    return _api_problem(request, 500) or HttpResponseServerError(_render("500.html", 500))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its page stood open too long (or with cookies off): Django's own page
    says "CSRF verification failed", which tells a student nothing."""
    return _api_problem(request, 403) or HttpResponseForbidden(_render("403_csrf.html", 403))
