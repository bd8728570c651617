"""The public feed: no key, any origin, cached; only what the public vacancy bank shows."""

from django.contrib.staticfiles import finders

from stageplein.placements.models import Placement


def test_the_feed_needs_no_key_and_allows_any_origin(world, client):
    response = client.get("/api/v1/public/placements/", HTTP_ORIGIN="https://regio.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    titles = {p["title"] for p in response.json()["results"]}
    assert world.placement.title in titles
    assert world.draft_placement.title not in titles


def test_the_feed_carries_no_contact_person_and_no_student(world, client):
    body = client.get("/api/v1/public/placements/").content.decode()
    contact = world.users["provider_contact"]
    for private in (contact.email, contact.last_name, world.student.user.last_name, "contact"):
        assert private not in body


def test_a_stray_authorization_header_does_not_break_the_feed(world, client):
    response = client.get("/api/v1/public/placements/", HTTP_AUTHORIZATION="Bearer junk")
    assert response.status_code == 200


def test_the_feed_is_filtered_by_municipality(world, client):
    response = client.get(
        "/api/v1/public/placements/", {"municipality": world.other_provider.municipality_id}
    )
    titles = {p["title"] for p in response.json()["results"]}
    assert world.placement.title not in titles


def test_the_feed_is_cached_for_a_few_minutes(world, client):
    client.get("/api/v1/public/placements/")
    Placement.objects.filter(pk=world.placement.pk).update(title="Nieuw")
    titles = {p["title"] for p in client.get("/api/v1/public/placements/").json()["results"]}
    assert world.placement.title in titles


def test_bad_parameters_are_a_problem_never_a_500(world, client):
    for query in ({"limit": "x"}, {"municipality": "a\x00b"}, {"sector": "%"}):
        assert client.get("/api/v1/public/placements/", query).status_code == 400


def test_the_widget_script_is_served_by_the_project(client, db):
    assert finders.find("api/widget.js")
