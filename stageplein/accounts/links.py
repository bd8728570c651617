"""Issue and use one-time links. Using a link is one guarded UPDATE, so two clicks at the same
moment (or a retried request) can never both succeed."""

import datetime
import hashlib
import secrets
from typing import Any

from django.utils import timezone

from stageplein.accounts.models import OneTimeLink, User

SIGN_IN = "sign_in"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_link(
    purpose: str,
    *,
    user: User | None = None,
    payload: dict[str, Any] | None = None,
    max_age: int | datetime.timedelta,
) -> str:
    """Create a link and return its secret (to be put in a URL); it is not stored in clear."""
    raw = secrets.token_urlsafe(32)
    if not isinstance(max_age, datetime.timedelta):
        max_age = datetime.timedelta(seconds=max_age)
    OneTimeLink.objects.create(
        purpose=purpose,
        token_hash=_hash(raw),
        user=user,
        payload=payload or {},
        expires_at=timezone.now() + max_age,
    )
    return raw


def peek_link(purpose: str, raw: str) -> OneTimeLink | None:
    """The link if it is still usable, without using it (for a confirmation page)."""
    return (
        OneTimeLink.objects.select_related("user")
        .filter(
            purpose=purpose,
            token_hash=_hash(raw),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def use_link(purpose: str, raw: str) -> OneTimeLink | None:
    """Use the link: returns it the first time, None when unknown, expired or already used."""
    now = timezone.now()
    token_hash = _hash(raw)
    claimed = OneTimeLink.objects.filter(
        purpose=purpose, token_hash=token_hash, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if claimed != 1:
        return None
    return OneTimeLink.objects.select_related("user").get(token_hash=token_hash)


def recent_links(user: User, purpose: str, within: datetime.timedelta) -> int:
    return OneTimeLink.objects.filter(
        user=user, purpose=purpose, created_at__gte=timezone.now() - within
    ).count()
