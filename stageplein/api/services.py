"""Making and revoking API clients and personal access tokens. A secret or key is returned
once, by the function that makes it, and is stored only hashed."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import AccessToken, Application

from stageplein.accounts.models import User
from stageplein.api.access import ALL_SCOPES, scopes_for_kind
from stageplein.api.models import ApiClient, OwnerKind, PersonalToken
from stageplein.api.tokens import digest_of, new_token


class ApiKeyError(Exception):
    """Shown to the person on the keys page."""


@dataclass(frozen=True)
class Issued:
    client: ApiClient
    client_id: str
    client_secret: str  # shown once


@transaction.atomic
def api_client_create(
    *,
    by: User,
    name: str,
    kind: str,
    owner_id: int | str,
    scopes: list[str],
    rate_per_minute: int = 600,
) -> Issued:
    allowed = set(scopes_for_kind(kind))
    chosen = [s for s in scopes if s in allowed]
    if not chosen or len(chosen) != len(set(scopes)):
        raise ApiKeyError(_("Choose one or more scopes this kind of client may have."))
    secret = secrets.token_urlsafe(40)
    application = Application.objects.create(
        name=name[:255],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,  # hashed by django-oauth-toolkit on save
        user=None,
    )
    owner = {
        OwnerKind.SCHOOL: {"school_id": owner_id},
        OwnerKind.BROKER: {"broker_id": owner_id},
        OwnerKind.MUNICIPALITY: {"municipality_id": owner_id},
        OwnerKind.NATIONAL: {},
    }[OwnerKind(kind)]
    client = ApiClient.objects.create(
        application=application,
        name=name,
        kind=kind,
        scopes=sorted(set(chosen)),
        rate_per_minute=rate_per_minute,
        created_by=by,
        **owner,
    )
    return Issued(client=client, client_id=application.client_id, client_secret=secret)


@transaction.atomic
def api_client_revoke(*, client: ApiClient, by: User) -> bool:
    """Revoked at once: its tokens are deleted and it gets no new one."""
    changed = ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    AccessToken.objects.filter(application_id=client.application_id).delete()
    return bool(changed)


def personal_token_create(
    *,
    user: User,
    name: str,
    scopes: list[str],
    valid_days: int | None = 365,
) -> tuple[PersonalToken, str]:
    chosen = sorted(set(scopes) & ALL_SCOPES)
    if not chosen:
        raise ApiKeyError(_("Choose one or more scopes."))
    raw = new_token()
    token = PersonalToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:12],
        digest=digest_of(raw),
        scopes=chosen,
        expires_at=(timezone.now() + datetime.timedelta(days=valid_days) if valid_days else None),
    )
    return token, raw


def personal_token_revoke(*, token: PersonalToken, by: User) -> bool:
    return bool(
        PersonalToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
