"""Two-step sign-in for staff (docs/signin.md): who must have a second factor, and from when.

Coordinators, mentors, brokers, municipality officers, national viewers and administrators see
the personal data of many minors: after a grace period they see nothing until they have set up
an authenticator app (TOTP) or a passkey (allauth MFA). Students, parents, organisations and
supervisors may set one up; nobody makes them.
"""

from __future__ import annotations

import datetime

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from stageplein.accounts.access import Scope, get_scope
from stageplein.accounts.models import Role, User

SECOND_FACTOR_ROLES = frozenset(
    {Role.COORDINATOR, Role.MENTOR, Role.BROKER, Role.MUNICIPALITY, Role.NATIONAL, Role.ADMIN}
)
# Recovery codes alone are not a second factor one signs in with day to day.
FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def needs_second_factor(scope: Scope) -> bool:
    return bool(SECOND_FACTOR_ROLES & set(scope.roles))


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type__in=FACTOR_TYPES).exists()


def second_factor_deadline(user: User) -> datetime.datetime:
    """The end of the grace period: counted from when the person got their first staff role
    (their account, for administrators), and never from before the rule took effect."""
    started = (
        user.memberships.filter(role__in=[r.value for r in SECOND_FACTOR_ROLES]).aggregate(
            first=Min("created_at")
        )["first"]
        or user.date_joined
    )
    since = datetime.datetime.combine(
        datetime.date.fromisoformat(settings.STAFF_MFA_SINCE),
        datetime.time(),
        tzinfo=timezone.get_current_timezone(),
    )
    return max(started, since) + datetime.timedelta(days=settings.STAFF_MFA_GRACE_DAYS)


def second_factor_status(user: User) -> tuple[bool, datetime.datetime | None]:
    """(blocked, deadline): deadline is set while the person must still set one up."""
    if not needs_second_factor(get_scope(user)) or has_second_factor(user):
        return False, None
    deadline = second_factor_deadline(user)
    return timezone.now() >= deadline, deadline
