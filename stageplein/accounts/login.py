"""Signing a person in through allauth from our own sign-in pages (cards, class codes), so that
its stages (a second factor, if added) and its session bookkeeping apply to them too."""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings

# allauth keeps per session how someone signed in; its public API has no call to add our own
# methods, so the internal function is used (pinned by the allauth version in pyproject).
from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.account.utils import perform_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from stageplein.accounts.models import User

# How a student signed in without e-mail; the adapter lets them add a passkey right after.
CODE_METHODS = ("signin_card", "class_signin")


def sign_in(request: HttpRequest, user: User, method: str) -> HttpResponse:
    record_authentication(request, user, method=method)
    return perform_login(request, user, redirect_url=reverse("signin_welcome"))


def just_signed_in_by_code(request: HttpRequest) -> bool:
    """Signed in by card or class code within the last minutes (allauth's reauthentication
    window): a student who has no password and no e-mail can then add a passkey without being
    asked to "confirm it is you" by a means they do not have."""
    records = get_authentication_records(request, getattr(request, "user", None))
    recent = [r for r in records if r.get("method") in CODE_METHODS]
    return (
        bool(recent) and time.time() - recent[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT
    )
