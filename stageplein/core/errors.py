"""The 400/403/404/500 pages: rendered from the template alone, without the request's context
processors (they read the database: the user's scope, unread notifications), so that the page
still renders when the database is what failed. The pages carry Dutch and English side by side
for the same reason: the language middleware may not have run."""

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader


def _render(template: str, status: int) -> str:
    return loader.get_template(template).render({"status": status})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseBadRequest(_render("400.html", 400))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseForbidden(_render("403.html", 403))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseNotFound(_render("404.html", 404))


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(_render("500.html", 500))
