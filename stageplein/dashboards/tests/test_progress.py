"""A student's status and pace, as the dashboards count them (dashboards/progress.py)."""

from typing import Any

import pytest

from stageplein.applications.models import Status
from stageplein.dashboards.progress import StudentStatus, with_status
from stageplein.internships.models import Internship
from stageplein.students.models import HourNorm, Student
from stageplein.students.selectors import NormTable
from tests.support.progress import (
    internship_with_hours,
    period_in,
    react,
    student_at,
    this_year,
)

pytestmark = pytest.mark.django_db


def annotated(student: Student) -> Any:
    """The student with the dashboard's annotations (status, norm, behind, …)."""
    return with_status(Student.objects.filter(pk=student.pk)).get()


def status_of(student: Student) -> str:
    return annotated(student).status


@pytest.fixture
def period(world):
    return period_in(world.placement, this_year())


def test_a_student_without_any_reaction_has_no_reaction_yet(world):
    assert status_of(world.classmate) == StudentStatus.NONE


def test_a_waiting_reaction_this_school_year_means_reacted(world, period):
    react(world.classmate, period)
    assert status_of(world.classmate) == StudentStatus.REACTED


@pytest.mark.parametrize("status", [Status.DECLINED, Status.WITHDRAWN])
def test_a_declined_or_withdrawn_reaction_puts_the_student_back_at_the_start(world, period, status):
    react(world.classmate, period, status)
    assert status_of(world.classmate) == StudentStatus.NONE


def test_a_reaction_for_last_school_year_does_not_count(world):
    react(world.classmate, period_in(world.placement, this_year() - 1))
    assert status_of(world.classmate) == StudentStatus.NONE


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.APPROVED])
def test_an_accepted_or_approved_reaction_means_matched(world, period, status):
    react(world.classmate, period, status)
    assert status_of(world.classmate) == StudentStatus.MATCHED


def test_a_planned_internship_without_hours_means_in_progress(world, period):
    react(world.classmate, period, Status.APPROVED)
    internship_with_hours(world.classmate, world.provider, 0, status=Internship.Status.PLANNED)
    assert status_of(world.classmate) == StudentStatus.IN_PROGRESS


def test_counting_hours_below_the_norm_mean_in_progress_even_without_a_current_internship(world):
    internship_with_hours(world.classmate, world.provider, 12)
    assert status_of(world.classmate) == StudentStatus.IN_PROGRESS


def test_reaching_the_norm_means_done(world):
    internship_with_hours(world.classmate, world.provider, 60)  # havo: 60 hours
    assert status_of(world.classmate) == StudentStatus.DONE


def test_hours_on_an_unsigned_contract_do_not_count(world):
    internship_with_hours(world.classmate, world.provider, 60, signed=False)
    student = annotated(world.classmate)
    assert student.verified_hours == 0
    assert student.status == StudentStatus.NONE  # a completed internship, nothing that counts


@pytest.mark.parametrize(
    ("year", "hours", "behind"),
    [
        (1, 0, False),  # a first-year student is never behind
        (2, 19, True),  # should have a third of 60 = 20 by the end of year 1
        (2, 20, False),
        (3, 39, True),  # two thirds: 40
        (4, 59, True),  # from year 4 on: the whole norm
        (4, 60, False),
    ],
)
def test_falling_behind_is_fewer_hours_than_the_pace_to_the_norm_by_year_three(
    world, year, hours, behind
):
    student = student_at(world.school, f"p{year}{hours}", year=year, class_name=f"{year}H1")
    if hours:
        internship_with_hours(student, world.provider, hours)
    assert annotated(student).behind is behind


def test_still_needed_this_school_year_keeps_the_student_on_pace(world):
    student = student_at(world.school, "p3", year=2, class_name="2H2")
    internship_with_hours(student, world.provider, 10)
    # By the end of year 2: two thirds of 60 = 40, of which 10 are done.
    assert annotated(student).due_this_year == pytest.approx(30)


def test_the_norm_in_sql_is_the_norm_table_for_every_level_and_cohort(world):
    HourNorm.objects.create(level="vmbo", from_cohort=this_year() - 1, hours=40)
    norms = NormTable()
    for level in ("vmbo", "havo", "vwo", "pro"):
        for year in (1, 2, 3):
            s = student_at(world.school, f"n{level}{year}", level=level, year=year)
            assert annotated(s).norm == norms.norm(s.level, s.cohort), (level, year)
