"""Bad input gets one JSON shape (RFC 9457), in Dutch or English, and never a 500."""

import pytest

from stageplein.api.tests.conftest import bearer


def test_an_unknown_api_url_is_a_problem_not_a_page(db):
    response = bearer("x").get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_a_tampered_cursor_is_a_400_problem(world, system):
    response = system("school").get("/api/v1/students/", {"cursor": "x"})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == [{"pointer": "/cursor", "detail": "Deze cursor is ongeldig."}]


@pytest.mark.parametrize("size", ["0", "-1", "abc", "100000"])
def test_a_bad_page_size_is_a_400_problem(world, system, size):
    response = system("school").get("/api/v1/students/", {"page_size": size})
    assert response.status_code == 400


def test_a_bad_filter_value_is_a_400_problem(world, system):
    response = system("school").get("/api/v1/students/", {"level": "kleuter"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "/level"


def test_unknown_fields_are_refused_by_name(world, system):
    response = system("school").post(
        f"/api/v1/students/{world.student.pk}/leave/",
        {"left_on": "2026-01-01", "why": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"pointer": "/why", "detail": "Onbekend veld."}]


def test_a_body_that_is_not_json_is_a_400_problem(world, system):
    response = system("school").post(
        "/api/v1/students/bulk/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["type"].endswith("/parse_error")


def test_a_body_that_is_not_declared_json_is_a_415_problem(world, system):
    response = system("school").post(
        "/api/v1/students/bulk/", "a=b", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415


def test_a_too_large_body_is_refused_before_parsing(world, system, settings):
    settings.API_MAX_BODY_BYTES = 1000
    rows = [{"student_number": str(i), "first_name": "A" * 50} for i in range(100)]
    response = system("school").post("/api/v1/students/bulk/", {"students": rows}, format="json")
    assert response.status_code == 413
    assert response.json()["type"].endswith("/payload_too_large")


def test_problems_speak_english_when_asked(world, system):
    response = system("school").get("/api/v1/students/", {"cursor": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["title"] == "Your request has errors."
    assert response.json()["errors"][0]["detail"] == "This cursor is not valid."


def test_problems_speak_dutch_by_default(world, system):
    response = system("school").get("/api/v1/students/", {"cursor": "x"})
    assert response.json()["title"] != "Your request has errors."


@pytest.mark.parametrize(
    "body",
    [[], "text", 12, None, {"students": "x"}, {"students": [1, 2]}, {"students": [{}]}],
)
def test_odd_bodies_never_cause_a_500(world, system, body):
    response = system("school").post("/api/v1/students/bulk/", body, format="json")
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"
