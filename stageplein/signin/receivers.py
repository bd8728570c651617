"""Losing a role ends the person's sessions: what the role let them see must not stay open on
a device they signed in with while they held it. Linking or unlinking a school account (single
sign-on) leaves an audit entry."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.usersessions.models import UserSession
from auditlog.models import LogEntry
from django.http import HttpRequest

from stageplein.accounts.models import Membership


def end_sessions_on_role_loss(
    sender: type[Membership], instance: Membership, **kwargs: Any
) -> None:
    for session in UserSession.objects.filter(user_id=instance.user_id):
        session.end()


def _audit_school_account(
    user: Any, actor: Any, before: str, after: str, account: SocialAccount
) -> None:
    # On the person's own log, next to second-factor resets: a school account is a way in.
    LogEntry.objects.log_create(
        user,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"school_account": [before, after]},
        actor=actor,
        additional_data={"provider": account.provider, "subject": account.uid},
    )


def audit_school_account_linked(
    sender: Any, request: HttpRequest, sociallogin: SocialLogin, **kwargs: Any
) -> None:
    """A school account linked: by the person themself (allauth's connect, signed in) or at a
    student's first sign-in (signin/sso.py; not yet signed in, so the student is the actor)."""
    user = sociallogin.user
    signed_in = getattr(request, "user", None)
    actor = signed_in if signed_in is not None and signed_in.is_authenticated else user
    _audit_school_account(user, actor, "", "linked", sociallogin.account)


def audit_school_account_unlinked(
    sender: Any, request: HttpRequest, socialaccount: SocialAccount, **kwargs: Any
) -> None:
    signed_in = getattr(request, "user", None)
    actor = signed_in if signed_in is not None and signed_in.is_authenticated else None
    _audit_school_account(socialaccount.user, actor, "linked", "unlinked", socialaccount)
