"""A school system reads verified hours per school year and submits hours; a retry with the
same Idempotency-Key writes once."""

import datetime

from django.utils import timezone

from stageplein.core.schoolyear import school_year_of
from stageplein.internships.models import HourEntry


def entry(world, **extra):
    return {
        "internship": world.internship.pk,
        "date": str(timezone.localdate() - datetime.timedelta(days=1)),
        "hours": "2.5",
        "description": "Spelletjesmiddag",
        **extra,
    }


def test_verified_hours_per_student_and_school_year(world, system):
    year = school_year_of(timezone.localdate() - datetime.timedelta(days=7))
    rows = system("school").get("/api/v1/hours/", {"school_year": year}).json()["results"]
    sam = next(r for r in rows if r["student"] == world.student.pk)
    counting = sum(
        e.hours for e in HourEntry.objects.counting().filter(internship__student=world.student)
    )
    assert sam["verified_hours"] == float(counting)
    assert sam["school"] == world.school.brin and sam["school_year"] == year


def test_an_earlier_school_year_has_no_hours(world, system):
    rows = system("school").get("/api/v1/hours/", {"school_year": 2010}).json()["results"]
    assert all(r["verified_hours"] == 0 for r in rows)


def test_a_submission_waits_for_the_provider_and_a_retry_writes_once(world, system):
    client = system("school")
    before = HourEntry.objects.count()
    first = client.post(
        "/api/v1/hours/entries/", entry(world), format="json", HTTP_IDEMPOTENCY_KEY="sis-77"
    )
    assert first.status_code == 201, first.json()
    assert first.json()["status"] == "submitted"
    again = client.post(
        "/api/v1/hours/entries/", entry(world), format="json", HTTP_IDEMPOTENCY_KEY="sis-77"
    )
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert HourEntry.objects.count() == before + 1


def test_the_same_key_for_a_different_submission_is_a_conflict(world, system):
    client = system("school")
    client.post("/api/v1/hours/entries/", entry(world), format="json", HTTP_IDEMPOTENCY_KEY="k")
    response = client.post(
        "/api/v1/hours/entries/", entry(world, hours="3"), format="json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 409


def test_a_submission_without_a_key_is_refused(world, system):
    response = system("school").post("/api/v1/hours/entries/", entry(world), format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["pointer"] == "/Idempotency-Key"


def test_a_session_in_the_future_breaks_the_rule(world, system):
    response = system("school").post(
        "/api/v1/hours/entries/",
        entry(world, date=str(timezone.localdate() + datetime.timedelta(days=3))),
        format="json",
        HTTP_IDEMPOTENCY_KEY="f",
    )
    assert response.status_code == 422


def test_a_broker_system_may_not_submit_hours(world, system):
    response = system("broker").post(
        "/api/v1/hours/entries/", entry(world), format="json", HTTP_IDEMPOTENCY_KEY="b"
    )
    assert response.status_code == 403


def test_a_certificate_is_verified_by_code_without_signing_in(world, client):
    response = client.get(f"/api/v1/certificates/{world.certificate.code}/")
    assert response.status_code == 200
    assert response.json()["valid"] is True
    assert set(response.json()) == {
        "code",
        "valid",
        "student_name",
        "school_name",
        "hours",
        "issued_at",
        "revoked_at",
    }
    assert client.get("/api/v1/certificates/nope/").status_code == 404
