import base64

import pytest
from rest_framework.test import APIClient

from stageplein.api import services
from stageplein.api.access import ALL_SCOPES, scopes_for_kind


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def token_for(client_id: str, secret: str, scope: str | None = None) -> str:
    """Through the real token endpoint (client credentials, HTTP Basic)."""
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    response = APIClient().post(
        "/api/oauth/token/", data, format=None, HTTP_AUTHORIZATION=f"Basic {basic}"
    )
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


@pytest.fixture
def system(world):
    """``system("school")``: an API client signed in as a system of the world's school (or
    ``"other_school"``, ``"broker"``, ``"municipality"``), with every scope its kind may have."""

    def make(owner: str = "school", scopes: list[str] | None = None, rate: int = 600) -> APIClient:
        kind, owner_id = {
            "school": ("school", world.school.pk),
            "other_school": ("school", world.other_school.pk),
            "broker": ("broker", world.broker.pk),
            "municipality": ("municipality", world.municipality.pk),
        }[owner]
        issued = services.api_client_create(
            by=world.users["coordinator" if owner == "school" else "admin"],
            name=f"{owner} system",
            kind=kind,
            owner_id=owner_id,
            scopes=scopes or list(scopes_for_kind(kind)),
            rate_per_minute=rate,
        )
        return bearer(token_for(issued.client_id, issued.client_secret))

    return make


@pytest.fixture
def personal(world):
    """``personal("coordinator")``: an API client with a personal access token of that role."""

    def make(role: str, scopes: list[str] | None = None) -> APIClient:
        _, raw = services.personal_token_create(
            user=world.users[role], name="script", scopes=scopes or sorted(ALL_SCOPES)
        )
        return bearer(raw)

    return make
