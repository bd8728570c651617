from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from stageplein.accounts.models import User


class HtmxHttpRequest(HttpRequest):
    """The request as our views see it: django-htmx's details, our user model."""

    htmx: HtmxDetails


class AuthedHttpRequest(HtmxHttpRequest):
    user: "User"


def from_outbox(request: HttpRequest) -> bool:
    """A form the browser queued while offline and sends now (static/js/pwa.js): it wants a
    short JSON answer it can show in the outbox, not a page."""
    return request.headers.get("X-Offline-Queue") == "1"
