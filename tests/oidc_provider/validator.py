"""The provider's claims: what a school's identity provider would say about a person."""

from __future__ import annotations

import time
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

# Filled by the /_test/ endpoints (one process, so a module dict is shared by all threads).
CLAIMS: dict[str, dict[str, Any]] = {}  # username -> claims (sub, brin, role, ...)
BEHAVIOUR: dict[str, str] = {}  # client_id -> "", "wrong_issuer", "expired"


class SchoolValidator(OAuth2Validator):
    # Every claim goes into the ID token, whatever the scope (a federation's custom claims).
    oidc_claim_scope = None

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        return dict(CLAIMS.get(request.user.get_username(), {}))

    def get_id_token_dictionary(self, token: Any, token_handler: Any, request: Any) -> Any:
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        behaviour = BEHAVIOUR.get(request.client.client_id, "")
        if behaviour == "wrong_issuer":
            claims["iss"] = "https://idp.example.invalid/other"
        elif behaviour == "expired":
            claims["exp"] = int(time.time()) - 3600
        return claims, expiration_time
