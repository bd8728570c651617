"""Losing a role ends the person's sessions: what the role let them see must not stay open on
a device they signed in with while they held it."""

from __future__ import annotations

from typing import Any

from allauth.usersessions.models import UserSession

from stageplein.accounts.models import Membership


def end_sessions_on_role_loss(
    sender: type[Membership], instance: Membership, **kwargs: Any
) -> None:
    for session in UserSession.objects.filter(user_id=instance.user_id):
        session.end()
