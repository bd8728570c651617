"""Two schools, two clients: neither reads the other's records, in any resource."""

import pytest

from stageplein.internships.models import Internship
from tests.support.people import log_hours


@pytest.fixture
def other_internship(world):
    internship = Internship.objects.create(
        student=world.other_student,
        provider=world.other_provider,
        title="Training geven",
        start_date=world.internship.start_date,
        end_date=world.internship.end_date,
        planned_hours=10,
        status=Internship.Status.ACTIVE,
    )
    log_hours(internship, "2")
    return internship


LISTS = ["students", "reactions", "internships", "hours"]


@pytest.mark.parametrize("resource", LISTS)
def test_each_school_lists_only_its_own(world, system, other_internship, resource):
    ours = system("school").get(f"/api/v1/{resource}/").json()["results"]
    theirs = system("other_school").get(f"/api/v1/{resource}/").json()["results"]
    key = "id" if resource != "hours" else "student"
    our_ids, their_ids = {r[key] for r in ours}, {r[key] for r in theirs}
    assert our_ids.isdisjoint(their_ids)
    if resource in ("students", "hours"):
        assert world.other_student.pk in their_ids and world.student.pk in our_ids


@pytest.mark.parametrize(
    "path",
    [
        lambda w: f"/api/v1/students/{w.student.pk}/",
        lambda w: f"/api/v1/reactions/{w.application.pk}/",
        lambda w: f"/api/v1/internships/{w.internship.pk}/",
    ],
)
def test_another_schools_record_is_404(world, system, path):
    assert system("other_school").get(path(world)).status_code == 404
    assert system("school").get(path(world)).status_code == 200


def test_another_schools_internship_gets_no_hours_from_us(world, system, other_internship):
    response = system("school").post(
        "/api/v1/hours/entries/",
        {
            "internship": other_internship.pk,
            "date": str(other_internship.start_date),
            "hours": "1.5",
            "description": "x",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert response.status_code == 404


def test_a_municipality_client_sees_figures_never_people(world, system):
    client = system("municipality")
    assert client.get("/api/v1/students/").status_code == 403
    assert client.get(f"/api/v1/figures/municipalities/{world.municipality.pk}/").status_code == 200
    other = world.other_school.municipality_id
    assert client.get(f"/api/v1/figures/municipalities/{other}/").status_code == 404
    rows = client.get("/api/v1/figures/schools/").json()
    assert [r["school"] for r in rows] == [world.school.brin]


def test_a_broker_client_reads_its_area_only(world, system):
    numbers = {
        s["student_number"] for s in system("broker").get("/api/v1/students/").json()["results"]
    }
    assert "1001" in numbers and "2001" not in numbers
