"""The national level connects its monitoring system like a school does: a client of the kind
"national" (made by a national viewer) reads the figures per school and year for every school
and nothing about a person."""

from __future__ import annotations

import pytest

from stageplein.accounts.access import get_scope
from stageplein.api import services
from stageplein.api.access import client_owners, scopes_for_kind
from stageplein.api.models import ApiClient
from stageplein.api.tests.conftest import bearer, token_for
from stageplein.organisations.models import School


def national_system(world):
    issued = services.api_client_create(
        by=world.users["national"],
        name="monitor",
        kind="national",
        owner_id=0,
        scopes=list(scopes_for_kind("national")),
    )
    return bearer(token_for(issued.client_id, issued.client_secret)), issued.client


def test_a_national_client_reads_every_schools_figures_and_no_person(world):
    api, client = national_system(world)
    assert client.kind == "national" and client.scopes == ["aggregates:read"]
    rows = api.get("/api/v1/figures/schools/").json()
    assert {r["school"] for r in rows} == set(School.objects.values_list("brin", flat=True))
    for path in ("/api/v1/students/", "/api/v1/hours/", "/api/v1/reactions/"):
        assert api.get(path).status_code == 403, path
    assert api.get(f"/api/v1/students/{world.student.pk}/").status_code == 403


def test_only_national_viewers_and_admins_may_connect_the_national_level(world):
    def kinds(role: str) -> set[str]:
        return {kind for kind, _, _ in client_owners(get_scope(world.users[role]))}

    assert "national" in kinds("national") and "national" in kinds("admin")
    assert "national" not in kinds("municipality") and "national" not in kinds("coordinator")
    with pytest.raises(services.ApiKeyError):
        services.api_client_create(
            by=world.users["national"],
            name="too much",
            kind="national",
            owner_id=0,
            scopes=["students:read"],
        )


def test_the_keys_page_makes_a_national_client(world, client_as):
    response = client_as("national").post(
        "/api-sleutels/systeem/",
        {"name": "Monitor", "owner": "national:0", "scopes": ["aggregates:read"]},
    )
    assert response.status_code == 200
    client = ApiClient.objects.get(name="Monitor")
    assert client.kind == "national" and client.application.client_id in response.content.decode()
    assert client_as("municipality").get("/api-sleutels/").content.decode().count("Monitor") == 0
