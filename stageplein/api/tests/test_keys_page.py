"""Staff connect systems and make tokens on the keys page; a secret is shown once."""

from stageplein.api.models import ApiClient, PersonalToken
from stageplein.api.tests.conftest import bearer, token_for


def test_a_coordinator_connects_the_schools_system_and_sees_the_secret_once(world, client_as):
    client = client_as("coordinator")
    response = client.post(
        "/api-sleutels/systeem/",
        {"name": "Magister", "owner": f"school:{world.school.pk}", "scopes": ["students:read"]},
    )
    assert response.status_code == 200
    issued = response.context["issued"]
    assert issued.client_secret in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    # The secret works once copied, and is not on the page when it is opened again.
    assert (
        bearer(token_for(issued.client_id, issued.client_secret))
        .get("/api/v1/students/")
        .status_code
        == 200
    )
    assert issued.client_secret not in client.get("/api-sleutels/").content.decode()
    assert ApiClient.objects.get().school == world.school


def test_a_coordinator_cannot_connect_a_system_for_another_school(world, client_as):
    response = client_as("coordinator").post(
        "/api-sleutels/systeem/",
        {"name": "x", "owner": f"school:{world.other_school.pk}", "scopes": ["students:read"]},
    )
    assert response.status_code == 400
    assert not ApiClient.objects.exists()


def test_a_broker_cannot_give_its_system_student_write_rights(world, client_as):
    response = client_as("broker").post(
        "/api-sleutels/systeem/",
        {"name": "x", "owner": f"broker:{world.broker.pk}", "scopes": ["students:write"]},
    )
    assert response.status_code == 400
    assert not ApiClient.objects.exists()


def test_a_token_is_shown_once_and_listed_with_its_prefix(world, client_as):
    client = client_as("mentor")
    response = client.post(
        "/api-sleutels/token/", {"name": "my script", "scopes": ["hours:read"], "valid_days": 30}
    )
    raw = response.context["new_token"]
    assert raw.startswith("spat_") and raw in response.content.decode()
    page = client.get("/api-sleutels/").content.decode()
    assert raw not in page and raw[:12] in page


def test_revoking_a_token_on_the_page_stops_it(world, client_as):
    client = client_as("coordinator")
    raw = client.post(
        "/api-sleutels/token/", {"name": "s", "scopes": ["students:read"], "valid_days": 30}
    ).context["new_token"]
    token = PersonalToken.objects.get()
    client.post(f"/api-sleutels/token/{token.pk}/intrekken/")
    assert bearer(raw).get("/api/v1/students/").status_code == 401


def test_someone_else_cannot_revoke_my_token(world, client_as):
    client_as("coordinator").post(
        "/api-sleutels/token/", {"name": "s", "scopes": ["students:read"], "valid_days": 30}
    )
    token = PersonalToken.objects.get()
    response = client_as("other_coordinator").post(f"/api-sleutels/token/{token.pk}/intrekken/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_is_in_english_too(world, client_as):
    client = client_as("coordinator")
    client.cookies["django_language"] = "en"
    assert "Connected systems" in client.get("/api-sleutels/").content.decode()
