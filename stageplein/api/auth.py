"""``Authorization: Bearer <key>``: an OAuth2 access token of a client (django-oauth-toolkit's
client-credentials grant) or a personal access token (``spat_…``)."""

from __future__ import annotations

import datetime
import hashlib

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import AccessToken
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from stageplein.accounts.access import get_scope
from stageplein.api.access import ALL_SCOPES, Caller, client_scope
from stageplein.api.models import ApiClient, PersonalToken
from stageplein.api.tokens import PREFIX, digest_of

# "Last used" is written at most this often per key: not a write on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


class ApiUser:
    """What DRF sees as ``request.user`` for a system: signed in, but not a person (the access
    modules are asked with the client's scope, never with a user)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    pk = None

    def __init__(self, client: ApiClient) -> None:
        self.client = client

    def __str__(self) -> str:
        return f"api-client:{self.client.pk}"


def _touch(model: type[ApiClient] | type[PersonalToken], pk: int, last: datetime.datetime | None):
    now = timezone.now()
    if last is None or now - last > LAST_USED_EVERY:
        model.objects.filter(pk=pk).update(last_used_at=now)


class BearerAuthentication(BaseAuthentication):
    def authenticate(self, request: Request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("The Authorization header must be “Bearer <key>”."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("The key is not valid.")) from None
        if raw.startswith(PREFIX):
            return self._personal(raw)
        return self._client(raw)

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'

    def _personal(self, raw: str):
        token = (
            PersonalToken.objects.select_related("user")
            .filter(digest=digest_of(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None or (token.expires_at is not None and token.expires_at <= timezone.now()):
            raise AuthenticationFailed(_("The key is not valid, expired or revoked."))
        _touch(PersonalToken, token.pk, token.last_used_at)
        caller = Caller(
            scope=get_scope(token.user),
            scopes=frozenset(token.scopes) & ALL_SCOPES,
            actor=token.user,
            key=f"token:{token.pk}",
            rate_per_minute=token.rate_per_minute,
            token=token,
        )
        return token.user, caller

    def _client(self, raw: str):
        token = (
            AccessToken.objects.select_related("application__api_client__created_by")
            .filter(token_checksum=hashlib.sha256(raw.encode()).hexdigest())
            .first()
        )
        client = getattr(token.application, "api_client", None) if token else None
        if token is None or client is None or token.is_expired() or not client.active:
            raise AuthenticationFailed(_("The key is not valid, expired or revoked."))
        _touch(ApiClient, client.pk, client.last_used_at)
        granted = frozenset(token.scope.split()) & frozenset(client.scopes)
        caller = Caller(
            scope=client_scope(client),
            scopes=granted,
            actor=client.created_by,
            key=f"client:{client.pk}",
            rate_per_minute=client.rate_per_minute,
            client=client,
        )
        return ApiUser(client), caller
