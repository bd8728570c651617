"""The provider's claims: what a school's identity provider would say about a person."""

from __future__ import annotations

import time
from typing import Any

from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

# Filled by the /_test/ endpoints (one process, so a module dict is shared by all threads).
CLAIMS: dict[str, dict[str, Any]] = {}  # username -> claims (sub, brin, role, ...)
BEHAVIOUR: dict[str, str] = {}  # client_id -> "", "wrong_issuer", "expired", "other_key"
# A key that is not in the provider's JWKS: what a forger (or a rogue token endpoint) signs with.
OTHER_KEY = jwk.JWK.generate(kty="RSA", size=2048)


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

    def finalize_id_token(self, id_token: Any, token: Any, token_handler: Any, request: Any) -> Any:
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if BEHAVIOUR.get(request.client.client_id, "") != "other_key":
            return signed
        # The same header (naming the provider's key) and claims, signed with another key.
        genuine = jwt.JWT(jwt=signed, key=request.client.jwk_key)
        forged = jwt.JWT(header=genuine.header, claims=genuine.claims)
        forged.make_signed_token(OTHER_KEY)
        return forged.serialize()
