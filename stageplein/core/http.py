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
