from django.http import HttpRequest

from stageplein.accounts.access import get_scope


def scope(request: HttpRequest) -> dict:
    """The person's scope, which templates hand to the access filters (``{% load access %}``)."""
    return {"scope": get_scope(request)}
