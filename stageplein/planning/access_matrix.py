"""Role × URL matrix rows for the annual calendar and targets, and the objects they need."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from stageplein.core.access_matrix import Row
from stageplein.core.schoolyear import current_school_year, school_year_bounds
from stageplein.testing import World


def make_window(school, **extra):
    from stageplein.planning.models import InternshipWindow

    today = timezone.localdate()
    year = current_school_year()
    last = school_year_bounds(year)[1]
    fields = {
        "school": school,
        "school_year": year,
        "year": 2,
        "starts_on": today,
        "ends_on": min(today + datetime.timedelta(weeks=3), last),
        "hours_per_student": 20,
        **extra,
    }
    return InternshipWindow.objects.create(**fields)


def extend_world(world: World) -> None:
    from stageplein.students.models import YearlyTarget

    # Year 3: the world's students are in year 2, so tests of their own windows stay theirs.
    world.extra["window"] = make_window(world.school, year=3, level="havo")
    world.extra["other_window"] = make_window(world.other_school)
    year = current_school_year()
    world.extra["school_target"] = YearlyTarget.objects.create(
        school=world.school, school_year=year, students=2, hours=40
    )
    world.extra["broker_target"] = YearlyTarget.objects.create(
        broker=world.broker, school_year=year, students=10, hours=200
    )


def _url(name: str, key: str | None = None):
    def build(w: World) -> str:
        if key is None:
            return reverse(name)
        return reverse(name, args=[w.extra[key].pk])  # type: ignore[attr-defined]

    return build


ROWS = {
    "calendar_school": Row(
        _url("calendar_school"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "mentor": 200,
            "admin": 200,
            "other_coordinator": 200,
        },
        default=403,
    ),
    "calendar_window_create": Row(
        _url("calendar_window_create"),
        {"anonymous": 302, "coordinator": 200, "admin": 200, "other_coordinator": 200},
        default=403,
    ),
    # Mentors read the calendar but never change it; another school's coordinator must not
    # learn the window exists.
    "calendar_window_edit": Row(
        _url("calendar_window_edit", "window"),
        {"anonymous": 302, "coordinator": 200, "admin": 200, "other_coordinator": 404},
        default=403,
    ),
    # The coordinator removes the window; the admin, later in the role order, finds it gone.
    "calendar_window_delete": Row(
        _url("calendar_window_delete", "window"),
        {"anonymous": 302, "coordinator": 302, "admin": 404, "other_coordinator": 404},
        default=403,
        method="POST",
    ),
    # The broker's region: the world's other coordinator is of another region (404 there).
    "calendar_summary": Row(
        lambda w: reverse("calendar_summary") + f"?region={w.region.pk}",
        {
            "anonymous": 302,
            "coordinator": 200,
            "broker": 200,
            "admin": 200,
            "other_coordinator": 404,
        },
        default=403,
    ),
    "calendar_region": Row(
        _url("calendar_region"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "broker": 200,
            "admin": 200,
            "other_coordinator": 200,
        },
        default=403,
    ),
    "calendar_region_windows": Row(
        _url("calendar_region_windows"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "mentor": 200,
            "broker": 200,
            "admin": 200,
            "other_coordinator": 200,
        },
        default=403,
    ),
    # Numbers only: municipality officers and national viewers see targets and progress.
    "target_list": Row(
        _url("target_list"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "mentor": 200,
            "broker": 200,
            "municipality": 200,
            "national": 200,
            "admin": 200,
            "other_coordinator": 200,
        },
        default=403,
    ),
    "target_create": Row(
        _url("target_create"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "broker": 200,
            "admin": 200,
            "other_coordinator": 200,
        },
        default=403,
    ),
    # The broker sees the school's target but the school sets it: 403. Another school's
    # coordinator does not see it: 404.
    "target_edit": Row(
        _url("target_edit", "school_target"),
        {"anonymous": 302, "coordinator": 200, "admin": 200, "other_coordinator": 404},
        default=403,
    ),
    # The broker removes its own target; the admin, later in the role order, finds it gone.
    "target_delete": Row(
        _url("target_delete", "broker_target"),
        {"anonymous": 302, "broker": 302, "admin": 404, "other_coordinator": 404},
        default=403,
        method="POST",
    ),
}
