"""Situations the calendar tests build: windows, placements with periods, reactions. Plain
functions; the school year is the next one, so that every week of it lies ahead whatever
day the tests run."""

from __future__ import annotations

import datetime

from django.utils import timezone

from stageplein.applications.models import Application, Status
from stageplein.core.schoolyear import current_school_year
from stageplein.placements.models import PlacementPeriod
from stageplein.planning.models import InternshipWindow
from stageplein.planning.weeks import monday_of_week
from tests.support.placements import make_placement

NEXT = current_school_year() + 1


def week(number: int, year: int = NEXT) -> datetime.date:
    monday = monday_of_week(year, number)
    assert monday is not None
    return monday


def window(school, first: int, last: int, **extra) -> InternshipWindow:
    """A window of year 3 (unless ``year`` says otherwise) in weeks of the next school year."""
    fields = {
        "school": school,
        "school_year": NEXT,
        "year": 3,
        "starts_on": week(first),
        "ends_on": week(last) + datetime.timedelta(days=4),
        "hours_per_student": 20,
        **extra,
    }
    return InternshipWindow.objects.create(**fields)


def period(provider, first: int, last: int, capacity: int, *, pc4: str = "7202", **extra):
    """A published, findable placement of the provider with one period in those weeks."""
    placement = make_placement(provider, title=f"Plek week {first}-{last}", pc4=pc4, **extra)
    return PlacementPeriod.objects.create(
        placement=placement,
        starts_on=week(first),
        ends_on=week(last) + datetime.timedelta(days=4),
        hours=20,
        capacity=capacity,
    )


def accept(student, period: PlacementPeriod, status: str = Status.ACCEPTED) -> Application:
    now = timezone.now()
    return Application.objects.create(
        student=student,
        placement=period.placement,
        period=period,
        motivation="Ik help graag.",
        status=status,
        submitted_at=now,
        accepted_at=now,
        approved_at=now if status == Status.APPROVED else None,
    )
