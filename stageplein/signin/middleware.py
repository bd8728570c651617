"""Staff without a second factor see no personal data after the grace period: every page but
the ones to set it up (and to sign out) sends them to the explanation page."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.usersessions.internal import usersessionkit
from django.conf import settings
from django.contrib.auth import logout
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from stageplein.accounts.access import get_scope
from stageplein.accounts.models import User
from stageplein.signin.second_factor import needs_second_factor, second_factor_status
from stageplein.signin.sso import sign_on_origins

STAFF_SINCE = "staff_session_since"

# allauth's pages (sign out, the MFA set-up, e-mail), language switch, static files and probes.
ALLOWED_PREFIXES = (
    "/accounts/",
    "/i18n/",
    "/static/",
    "/health",
    "/metrics",
    "/favicon.ico",
)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User) and needs_second_factor(get_scope(user)):
            # Staff sessions have an absolute lifetime, counted from their first request.
            since = request.session.setdefault(STAFF_SINCE, time.time())
            if time.time() - since > settings.STAFF_SESSION_HOURS * 3600:
                logout(request)
                return HttpResponseRedirect(f"{reverse('account_login')}?next={request.path}")
        if isinstance(user, User) and not request.path.startswith(ALLOWED_PREFIXES):
            target = reverse("second_factor_required")
            if request.path != target:
                blocked, deadline = second_factor_status(user)
                request.second_factor_deadline = deadline  # type: ignore[attr-defined]
                if blocked:
                    if request.headers.get("HX-Request"):
                        return HttpResponse(status=204, headers={"HX-Redirect": target})
                    return HttpResponseRedirect(target)
        return self.get_response(request)


class SessionActivityMiddleware:
    """allauth's UserSessionsMiddleware (the sessions page's "last seen", per device), at most
    once per SESSION_ACTIVITY_SECONDS per session instead of on every request: allauth reads the
    session row and the user and writes the row again on every page, three queries and a
    write before the page's own work. The sessions page then shows "last seen" to the minute."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        key = session.session_key if session is not None else None
        seconds = settings.SESSION_ACTIVITY_SECONDS
        if (
            key
            and request.user.is_authenticated
            and (seconds <= 0 or cache.add(f"session-seen:{key}", 1, seconds))
        ):
            usersessionkit.track_activity(request, user=request.user, session=session)
        return self.get_response(request)


class SignOnFormActionMiddleware:
    """The "Sign in with <school>" forms post to us, and we answer with a redirect to the
    school's identity provider; browsers hold that redirect to the page's CSP ``form-action``.
    On allauth's pages (sign-in, linking) that list names the configured providers' origins,
    which are data (signin/sso.py), so they cannot be in the settings. Placed before Django's
    CSP middleware: it sees the header on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        header = response.headers.get("Content-Security-Policy")
        if header and request.path.startswith("/accounts/") and "form-action" in header:
            origins = " ".join(sign_on_origins())
            if origins:
                response.headers["Content-Security-Policy"] = header.replace(
                    "form-action 'self'", f"form-action 'self' {origins}", 1
                )
        return response
