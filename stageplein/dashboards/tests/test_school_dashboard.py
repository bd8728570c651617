"""The coordinator's school overview: students per class by status, hours against the norm,
who is falling behind and the reports waiting, each with a link to act."""

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stageplein.applications.models import Status
from stageplein.exports.tables import Link
from stageplein.students.models import Student
from tests.support.progress import (
    internship_with_hours,
    period_in,
    react,
    student_at,
    this_year,
)

pytestmark = pytest.mark.django_db


@dataclass
class Pupils:
    reacted: Student
    done: Student
    behind: Student


@pytest.fixture
def pupils(world) -> Pupils:
    """2H1: Sam (confirmed hours, in progress) and Lotte (nothing yet); 2H2: one who reacted
    and one who reached the norm; 3H1: one far behind."""
    period = period_in(world.placement, this_year())
    reacted = student_at(world.school, "3001", class_name="2H2", first_name="Rik")
    react(reacted, period)
    done = student_at(world.school, "3002", class_name="2H2", first_name="Dewi")
    internship_with_hours(done, world.provider, 60)
    behind = student_at(world.school, "3003", year=3, class_name="3H1", first_name="Joost")
    internship_with_hours(behind, world.provider, 4)
    return Pupils(reacted=reacted, done=done, behind=behind)


@pytest.fixture
def school(world, pupils):
    return world.school


def overview(client, school):
    return client.get(reverse("dashboard_school"), {"school": school.pk})


def row_of(table, name):
    for row in table.rows:
        label = row[0].text if isinstance(row[0], Link) else row[0]
        if label == name:
            return [c.text if isinstance(c, Link) else c for c in row]
    raise AssertionError(f"no row {name}")


def test_coordinator_sees_each_class_by_status_with_hours_against_the_norm(
    client_as, world, school
):
    response = overview(client_as("coordinator"), school)
    assert response.status_code == 200
    classes = response.context["classes"]
    # class, students, none, reacted, matched, in progress, done, behind, hours, norm, %
    # Both year-2 students in 2H1 have less than a third of the norm: behind.
    assert row_of(classes, "2H1")[:8] == ["2H1", 2, 1, 0, 0, 1, 0, 2]
    assert row_of(classes, "2H2")[:8] == ["2H2", 2, 0, 1, 0, 0, 1, 1]
    hours, norm, percent = row_of(classes, "2H2")[8:]
    assert (hours, norm, percent) == (60, 120, 50)
    assert classes.footer[1].text == 5
    page = response.content.decode()
    assert world.other_school.name not in page
    assert 'data-chart="chart-classes-data"' in page and 'id="chart-classes-data"' in page


def test_every_figure_links_to_the_students_behind_it(client_as, world, school):
    client = client_as("coordinator")
    classes = overview(client, school).context["classes"]
    none_in_2h1 = next(r for r in classes.rows if r[0].text == "2H1")[2]
    listed = client.get(none_in_2h1.url)
    names = [r[0].text for r in listed.context["table"].rows]
    assert names == [world.classmate.user.get_full_name()]
    assert reverse("student_detail", args=[world.classmate.pk]) in listed.content.decode()


def test_the_class_name_links_to_the_student_list_of_that_class(client_as, world, school):
    classes = overview(client_as("coordinator"), school).context["classes"]
    link = next(r for r in classes.rows if r[0].text == "3H1")[0]
    assert link.url == reverse("student_list") + "?class_name=3H1"


def test_falling_behind_lists_the_furthest_behind_first_with_their_page(
    client_as, world, school, pupils
):
    response = overview(client_as("coordinator"), school)
    behind = response.context["behind"]
    first = behind.rows[0]
    # Joost, year 3, 4 of the 40 hours the pace asks: furthest behind.
    assert first[0].text == pupils.behind.user.get_full_name()
    assert first[0].url == reverse("student_detail", args=[pupils.behind.pk])
    assert [r[0].text for r in behind.rows].count(pupils.done.user.get_full_name()) == 0


def test_reports_waiting_for_approval_link_to_their_review_page(client_as, world, school):
    report = world.report
    response = overview(client_as("coordinator"), school)
    assert response.context["reports_total"] == 1
    row = response.context["reports"].rows[0]
    assert row[0].text == world.student.user.get_full_name()
    assert row[-1].url == reverse("report_page", args=[report.internship_id, report.kind])


def test_the_student_list_filters_by_status_class_and_falling_behind(
    client_as, world, school, pupils
):
    client = client_as("coordinator")
    url = reverse("dashboard_students")

    def names(**query):
        response = client.get(url, {"school": school.pk, **query})
        return sorted(r[0].text for r in response.context["table"].rows)

    assert names(status="done") == [pupils.done.user.get_full_name()]
    assert names(class_name="2H2") == sorted(
        [pupils.reacted.user.get_full_name(), pupils.done.user.get_full_name()]
    )
    assert pupils.behind.user.get_full_name() in names(behind="1")
    assert pupils.done.user.get_full_name() not in names(behind="1")
    assert names(status="nonsense") == names()  # an unknown status filters nothing


def test_a_coordinator_of_two_schools_chooses_and_never_sees_another_school(
    client_as, world, school
):
    response = client_as("other_coordinator").get(reverse("dashboard_school"))
    assert response.context["school"] == world.other_school
    assert overview(client_as("other_coordinator"), school).status_code == 404


def test_the_overview_asks_the_same_number_of_queries_for_two_classes_or_twelve(
    client_as, world, school
):
    client = client_as("coordinator")
    overview(client, school)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as few:
        overview(client, school)
    period = period_in(world.placement, this_year(), capacity=50)
    for k in range(10):
        s = student_at(world.school, f"40{k:02d}", class_name=f"1H{k}", year=1)
        internship_with_hours(s, world.provider, k + 1)
        react(s, period, Status.SUBMITTED)
    with CaptureQueriesContext(connection) as many:
        response = overview(client, school)
    assert len(response.context["classes"].rows) == 13
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_school_overview_shows_progress_against_the_schools_target(client_as, world):
    from stageplein.core.schoolyear import current_school_year
    from stageplein.students.models import YearlyTarget

    YearlyTarget.objects.update_or_create(
        school=world.school, school_year=current_school_year(), defaults={"students": 40}
    )
    html = client_as("coordinator").get(reverse("dashboard_school")).content.decode()
    assert "van 40 leerlingen hebben een plek, zijn met hun stage bezig" in html
    assert reverse("target_list") in html
