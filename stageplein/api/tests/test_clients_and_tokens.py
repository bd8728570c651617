"""Systems sign in with client credentials and get only their scopes; tokens are shown once,
stored hashed, revocable; each caller has its own rate limit."""

import base64

import pytest
from rest_framework.test import APIClient

from stageplein.api import services
from stageplein.api.models import ApiClient, PersonalToken
from stageplein.api.tests.conftest import bearer, token_for
from stageplein.api.tokens import digest_of


def test_a_school_system_gets_a_token_and_reads_its_students(world, system):
    response = system("school").get("/api/v1/students/")
    assert response.status_code == 200
    numbers = {s["student_number"] for s in response.json()["results"]}
    assert numbers == {"1001", "1002"}


def test_a_client_cannot_ask_for_a_scope_it_was_not_given(world):
    issued = services.api_client_create(
        by=world.users["coordinator"],
        name="read only",
        kind="school",
        owner_id=world.school.pk,
        scopes=["students:read"],
    )
    basic = base64.b64encode(f"{issued.client_id}:{issued.client_secret}".encode()).decode()
    response = APIClient().post(
        "/api/oauth/token/",
        {"grant_type": "client_credentials", "scope": "students:write"},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_a_token_without_the_scope_gets_a_403_problem(world, system):
    client = system("school", scopes=["placements:read"])
    response = client.get("/api/v1/students/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/insufficient_scope")


def test_a_municipality_client_may_not_be_given_student_scopes(world):
    with pytest.raises(services.ApiKeyError):
        services.api_client_create(
            by=world.users["admin"],
            name="x",
            kind="municipality",
            owner_id=world.municipality.pk,
            scopes=["students:read"],
        )


def test_the_client_secret_is_stored_hashed(world):
    issued = services.api_client_create(
        by=world.users["coordinator"],
        name="sis",
        kind="school",
        owner_id=world.school.pk,
        scopes=["students:read"],
    )
    issued.client.application.refresh_from_db()
    assert issued.client_secret not in issued.client.application.client_secret


def test_a_revoked_client_is_refused_at_once_and_gets_no_new_token(world):
    issued = services.api_client_create(
        by=world.users["coordinator"],
        name="sis",
        kind="school",
        owner_id=world.school.pk,
        scopes=["students:read"],
    )
    token = token_for(issued.client_id, issued.client_secret)
    services.api_client_revoke(client=issued.client, by=world.users["coordinator"])
    assert bearer(token).get("/api/v1/students/").status_code == 401
    basic = base64.b64encode(f"{issued.client_id}:{issued.client_secret}".encode()).decode()
    response = APIClient().post(
        "/api/oauth/token/",
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert response.status_code != 200


def test_a_personal_token_is_stored_as_a_digest_and_records_its_last_use(world):
    token, raw = services.personal_token_create(
        user=world.users["coordinator"], name="script", scopes=["students:read"]
    )
    stored = PersonalToken.objects.get(pk=token.pk)
    assert raw not in (stored.digest, stored.prefix) and stored.digest == digest_of(raw)
    assert stored.last_used_at is None
    assert bearer(raw).get("/api/v1/students/").status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_a_revoked_personal_token_is_refused(world):
    token, raw = services.personal_token_create(
        user=world.users["coordinator"], name="script", scopes=["students:read"]
    )
    services.personal_token_revoke(token=token, by=world.users["coordinator"])
    response = bearer(raw).get("/api/v1/students/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_key_is_a_401_problem(db):
    response = bearer("nonsense").get("/api/v1/students/")
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_over_the_rate_limit_a_client_gets_429_with_retry_after(world, system):
    client = system("school", rate=3)
    statuses = [client.get("/api/v1/students/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/students/")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["type"].endswith("/throttled")


def test_one_clients_limit_does_not_slow_another(world, system):
    busy, other = system("school", rate=1), system("school", rate=5)
    busy.get("/api/v1/students/")
    assert busy.get("/api/v1/students/").status_code == 429
    assert other.get("/api/v1/students/").status_code == 200


def test_clients_are_listed_with_their_organisation(world):
    services.api_client_create(
        by=world.users["coordinator"],
        name="sis",
        kind="school",
        owner_id=world.school.pk,
        scopes=["students:read"],
    )
    assert ApiClient.objects.get().owner == world.school
