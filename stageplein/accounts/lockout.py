"""Who is signing in, and from where: the keys of the lockout (django-axes) and of allauth's
rate limits.

Both must count failures per *account and address*: counted per address alone, a school behind
one NAT address (or everyone behind the production proxy) is locked out by someone trying
made-up accounts; counted per account alone, anyone anywhere can keep a staff member locked
out with a wrong password now and then.
"""

from __future__ import annotations

from typing import Any

from allauth.core.internal.httpkit import get_client_ip
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as our own proxies saw it (``TRUSTED_PROXY_COUNT`` of them put
    their entries at the end of X-Forwarded-For; anything before them can be forged)."""
    return get_client_ip(request)


def login_name(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The account being tried: allauth authenticates with ``email``, the admin and DRF with
    ``username``; the form field of allauth's page is ``login``."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        post = getattr(request, "POST", {})
        value = post.get("login") or post.get("email") or post.get("username")
    return str(value or "").strip().lower()
