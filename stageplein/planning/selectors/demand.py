"""Demand: the windows as the calendar counts them (students per window, how many of them already
have a place, the weeks still ahead). Whether a student still needs a place is the one MaS state
(applications/mas_state.py): matched, busy and done students have one, whatever the route
(a reaction, an own placement, hours from an earlier year), so the calendar's "without a seat
yet" is the school overview's "no reaction yet" plus "reacted"."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone

from stageplein.applications.mas_state import WITHOUT_PLACE, with_status
from stageplein.core.schoolyear import school_year_bounds
from stageplein.geo.models import HolidayRegion, Region
from stageplein.organisations.models import School
from stageplein.planning.balance import (
    DemandItem,
)
from stageplein.planning.models import InternshipWindow
from stageplein.planning.selectors.holidays import holiday_weeks
from stageplein.planning.selectors.windows import Group, assign_groups
from stageplein.planning.weeks import monday_of, mondays
from stageplein.students.models import Student


def window_demand(
    windows: list[InternshipWindow], school_year: int, today: datetime.date | None = None
) -> list[DemandItem]:
    """The windows as the calendar counts them: students per window (the school's figure
    when it entered one, else its current students, each student in one window only), how
    many of them already have a place (matched, busy or done: mas_state), and the weeks still
    ahead outside the school's holidays (the holiday weeks apart). Four queries."""
    today = today or timezone.localdate()
    this_week = monday_of(today)
    schools = {w.school_id for w in windows}
    groups: dict[Group, int] = {}
    for row in (
        Student.objects.filter(school_id__in=schools, left_on__isnull=True)
        .values_list("school_id", "year", "level", "class_name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        groups[row[:4]] = row[4]
    seated: dict[Group, int] = {}
    for row in (
        with_status(
            Student.objects.filter(school_id__in=schools, left_on__isnull=True),
            school_year=school_year,
        )
        .exclude(status__in=WITHOUT_PLACE)  # type: ignore[misc]
        .values_list("school_id", "year", "level", "class_name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        seated[row[:4]] = row[4]
    holiday_region = dict(
        School.objects.filter(pk__in=schools).values_list("pk", "region__holiday_region")
    )
    closed_by_region = holiday_weeks(
        set(holiday_region.values()) | {HolidayRegion.MIDDLE.value},
        *school_year_bounds(school_year),
    )
    owner = assign_groups(windows, groups)
    counted: dict[int, int] = {}
    holding: dict[int, int] = {}
    for group, window in owner.items():
        counted[window.pk] = counted.get(window.pk, 0) + groups[group]
        holding[window.pk] = holding.get(window.pk, 0) + seated.get(group, 0)
    items = []
    for w in windows:
        students = w.expected_students if w.expected_students is not None else counted.get(w.pk, 0)
        closed = closed_by_region[holiday_region.get(w.school_id) or HolidayRegion.MIDDLE.value]
        coming = [m for m in mondays(w.starts_on, w.ends_on) if m >= this_week]
        items.append(
            DemandItem(
                pk=w.pk,
                school_id=w.school_id,
                school_name=w.school.name,
                group_label=w.group_label,
                year=w.year,
                level=w.level,
                starts_on=w.starts_on,
                ends_on=w.ends_on,
                hours_per_student=w.hours_per_student,
                students=students,
                seated=min(students, holding.get(w.pk, 0)),
                ahead=[m for m in coming if m not in closed],
                holidays=[m for m in coming if m in closed],
                closed=frozenset(closed),
            )
        )
    return items


def region_windows(region: Region, school_year: int) -> list[DemandItem]:
    """Every school's windows in a region, with counts and no students (for schools to
    spread their windows)."""
    windows = list(
        InternshipWindow.objects.filter(school__region=region, school_year=school_year)
        .select_related("school")
        .order_by("starts_on", "school__name", "year", "level", "class_name")
    )
    return window_demand(windows, school_year)
