"""The OAuth2 token endpoint's rules for our clients (django-oauth-toolkit): a client gets
only the scopes given to it, and a revoked client gets no token at all."""

from __future__ import annotations

from oauth2_provider.oauth2_validators import OAuth2Validator

from stageplein.api.models import ApiClient


def _client_of(application: object) -> ApiClient | None:
    client = ApiClient.objects.filter(application=application).first()
    return client if client is not None and client.active else None


class ClientValidator(OAuth2Validator):
    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        api_client = _client_of(client)
        return api_client is not None and set(scopes) <= set(api_client.scopes)

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        api_client = _client_of(request.client)
        return list(api_client.scopes) if api_client is not None else []
