"""Every page that counts students by MaS state agrees with applications/mas_state.py for one
world: the school overview and the coordinator's home, the students behind each figure, the
broker's overview, the list of students without a place and the queue, the school's and the
regional calendar, targets, the municipality's overview and home, the national overview, the
"students without a placement" mailing, and the CSV and Excel exports of those tables.

The world holds a student in every state, reached by different routes (a reaction, an own
placement without a reaction, hours only), so that a page with its own idea of "placed" shows a
different figure."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from stageplein.applications.mas_state import WITHOUT_PLACE, StudentStatus, with_status
from stageplein.applications.models import Status
from stageplein.core.schoolyear import school_year_bounds
from stageplein.internships.models import Internship
from stageplein.mailings.models import Mailing
from stageplein.students.models import Student
from tests.support.progress import internship_with_hours, period_in, react, student_at, this_year

pytestmark = pytest.mark.django_db

HAVO3 = {"year": 3, "level": "havo", "class_name": "3H1"}  # the world's window: 3 havo


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture
def mixed(world):
    """Besides Sam (year 2, busy) and Lotte (year 2, no reaction): in 3 havo one student per
    state, a busy one without any reaction (own placement), one back at the start after a
    refusal, one accepted by the provider and not yet approved by the school, one who reached
    the norm last school year, and one who left the school (counted nowhere)."""
    period = period_in(world.placement, this_year())
    done = student_at(world.school, "5101", first_name="Klaar", **HAVO3)
    internship_with_hours(done, world.provider, 80)
    react(done, period, Status.APPROVED)  # an old route to the place: still done
    busy = student_at(world.school, "5102", first_name="Bezig", **HAVO3)
    internship_with_hours(busy, world.provider, 6, status=Internship.Status.ACTIVE)
    own = student_at(world.school, "5103", first_name="Eigen", **HAVO3)
    internship_with_hours(
        own,
        world.provider,
        0,
        status=Internship.Status.PLANNED,
        end_date=timezone.localdate() + datetime.timedelta(days=40),
    )
    react(student_at(world.school, "5104", first_name="Gematcht", **HAVO3), period, Status.APPROVED)
    react(student_at(world.school, "5109", first_name="Aanvaard", **HAVO3), period, Status.ACCEPTED)
    earlier = student_at(world.school, "5110", first_name="Vorigjaar", **HAVO3)
    last_year_end = school_year_bounds(this_year() - 1)[1] - datetime.timedelta(days=30)
    internship_with_hours(earlier, world.provider, 70, end_date=last_year_end)
    react(student_at(world.school, "5105", first_name="Wacht", **HAVO3), period)
    student_at(world.school, "5106", first_name="Nieuw", **HAVO3)
    refused = student_at(world.school, "5107", first_name="Afgewezen", **HAVO3)
    react(refused, period, Status.DECLINED)
    left = student_at(world.school, "5108", first_name="Vertrokken", **HAVO3)
    react(left, period, Status.APPROVED)
    Student.objects.filter(pk=left.pk).update(left_on=timezone.localdate())
    return world


def truth(**filters) -> dict[str, int]:
    """The one definition, asked directly: students per state."""
    counts = dict.fromkeys(StudentStatus.values, 0)
    students = Student.objects.filter(left_on__isnull=True, **filters)
    for status in with_status(students).values_list("status", flat=True):  # type: ignore[misc]
        counts[status] += 1
    return counts


def without_place(counts: dict[str, int]) -> int:
    return sum(counts[s] for s in WITHOUT_PLACE)


def placed(counts: dict[str, int]) -> int:
    return sum(counts.values()) - without_place(counts)


def export(client, table: str, fmt: str, **params) -> list[list]:
    data = {"table": table, "format": fmt, "title": "Export"}
    data.update({f"p_{k}": v for k, v in params.items()})
    response = client.post(reverse("export_start"), data)
    assert response.status_code == 200, table
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        return [[_number(c) for c in row] for row in csv.reader(io.StringIO(text), delimiter=";")]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _number(cell: str):
    try:
        return int(cell)
    except ValueError:
        return cell


def both_exports(client, table: str, **params) -> list[list[list]]:
    return [export(client, table, fmt, **params) for fmt in ("csv", "xlsx")]


def test_the_world_has_every_state(mixed):
    counts = truth(school=mixed.school)
    assert all(counts[s] for s in StudentStatus.values), counts
    assert counts[StudentStatus.DONE] == 2  # Klaar, Vorigjaar
    assert counts[StudentStatus.MATCHED] == 2  # Gematcht, Aanvaard
    assert counts[StudentStatus.IN_PROGRESS] == 3  # Sam, Bezig, Eigen
    assert counts[StudentStatus.NONE] == 3  # Lotte, Nieuw, Afgewezen


def test_the_schools_pages_and_exports_count_what_mas_state_says(client_as, mixed):
    expected = truth(school=mixed.school)
    client = client_as("coordinator")

    page = client.get(reverse("dashboard_school")).context
    assert {s: n for s, _label, n in page["statuses"]} == expected
    (target,) = page["targets"]
    assert target.placed == placed(expected)
    assert target.students == sum(expected.values())

    home = dict(client.get(reverse("home")).context["panels"])["coordinator"]
    assert {s: n for s, _label, n in home["schools"][0]["statuses"]} == expected

    for status, n in expected.items():
        listed = client.get(
            reverse("dashboard_students"), {"school": mixed.school.pk, "status": status}
        ).context["page"]
        assert listed.paginator.count == n, status

    for rows in both_exports(client, "school_classes", school=mixed.school.pk):
        whole_school = rows[-1]
        assert whole_school[1] == sum(expected.values())
        assert whole_school[2:7] == [expected[s] for s in StudentStatus.values]


def test_the_brokers_pages_queue_and_exports_count_the_same_students_without_a_place(
    client_as, mixed
):
    expected = without_place(truth(school=mixed.school))
    client = client_as("broker")

    broker = client.get(reverse("dashboard_broker")).context
    row = next(r for r in broker["schools"].rows if mixed.school.name in str(r[0]))
    assert getattr(row[3], "text", row[3]) == expected
    assert row[2] == sum(truth(school=mixed.school).values())

    listed = client.get(reverse("dashboard_unplaced"), {"school": mixed.school.pk}).context
    assert listed["page"].paginator.count == expected

    queue = client.get(reverse("matching_queue")).context
    in_queue = [s for s in queue["rows"] if s.school_id == mixed.school.pk]
    assert len(in_queue) == expected
    names = {s.user.first_name for s in in_queue}
    assert names >= {"Nieuw", "Wacht", "Afgewezen"}
    assert not names & {"Klaar", "Vorigjaar", "Bezig", "Eigen", "Gematcht", "Aanvaard"}

    for rows in both_exports(client, "broker_schools", broker=mixed.broker.pk):
        line = next(r for r in rows if r[0] == mixed.school.name)
        assert line[3] == expected


def test_the_calendar_counts_busy_and_done_students_as_having_a_place(client_as, mixed):
    expected = truth(school=mixed.school, **HAVO3)
    assert sum(expected.values()) == 9

    school = client_as("coordinator").get(reverse("calendar_school")).context
    item = next(i for w, i in school["rows"] if w.pk == mixed.window.pk)
    assert item.students == sum(expected.values())
    # Not 6: Klaar, Vorigjaar, Bezig and Eigen have a place without holding a seat.
    assert item.open == without_place(expected)

    region = (
        client_as("broker")
        .get(reverse("calendar_region"), {"region": mixed.region.pk})
        .context["calendar"]
    )
    item = next(i for i in region.windows if i.pk == mixed.window.pk)
    assert item.open == without_place(expected)
    summary = (
        client_as("broker")
        .get(reverse("calendar_summary"), {"region": mixed.region.pk})
        .context["calendar"]
    )
    assert summary.students == region.students == without_place(expected)


def test_targets_count_matched_busy_and_done_students_as_placed(client_as, mixed):
    expected = placed(truth(school=mixed.school))
    page = client_as("coordinator").get(reverse("target_list")).context
    (school_target,) = [p for p in page["progress"] if p.subject.kind == "school"]
    assert school_target.placed == expected
    for rows in both_exports(client_as("coordinator"), "planning_targets", year=this_year()):
        line = next(r for r in rows if r[0] == mixed.school.name)
        assert line[3] == expected
    # The broker serves Zutphen, where every student of the school lives.
    broker = client_as("broker").get(reverse("target_list")).context
    (broker_target,) = [p for p in broker["progress"] if p.subject.kind == "broker"]
    assert broker_target.placed == placed(truth(home_postcode__municipality=mixed.municipality))


def test_the_municipality_counts_its_students_as_mas_state_does(client_as, mixed):
    expected = truth(home_postcode__municipality=mixed.municipality)
    assert expected == truth(school=mixed.school)  # the school's students all live there
    client = client_as("municipality")
    figures = client.get(reverse("dashboard_municipality")).context["figures"]
    assert figures.by_status == expected
    assert figures.reached == expected[StudentStatus.DONE]
    (_m, home) = dict(client.get(reverse("home")).context["panels"])["municipality"][
        "municipalities"
    ][0]
    assert home.by_status == expected
    for rows in both_exports(client, "municipality_status", municipality=mixed.municipality.pk):
        assert [r[1] for r in rows[1:6]] == [expected[s] for s in StudentStatus.values]
        assert rows[-1][1] == sum(expected.values())


def test_the_nation_counts_the_regions_students_and_who_reached_the_norm(client_as, mixed):
    expected = truth(school__region=mixed.region)
    client = client_as("national")
    rows = client.get(reverse("dashboard_national")).context["regions"].rows
    line = next(r for r in rows if r[0] == mixed.region.name)
    assert line[2:4] == (sum(expected.values()), expected[StudentStatus.DONE])
    for exported in both_exports(client, "national_regions"):
        line = next(r for r in exported if r[0] == mixed.region.name)
        assert line[2:4] == [sum(expected.values()), expected[StudentStatus.DONE]]


def test_the_no_place_yet_mailing_reaches_exactly_the_students_without_a_place(client_as, mixed):
    mailing = Mailing.objects.create(
        school=mixed.school,
        created_by=mixed.users["coordinator"],
        audience="students_without_placement",
        subject="Nog geen stageplek?",
        body="Kom langs.",
    )
    page = client_as("coordinator").get(reverse("mailing_detail", args=[mailing.pk])).context
    assert page["audience_count"] == without_place(truth(school=mixed.school))
