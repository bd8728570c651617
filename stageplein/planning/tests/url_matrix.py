"""Role × URL matrix rows for the annual calendar and targets, and the objects they need."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model
from django.urls import reverse

from tests.support.url_matrix import Row
from tests.support.world import World


def _url(name: str, obj: Callable[[World], Model] | None = None) -> Callable[[World], str]:
    def build(w: World) -> str:
        if obj is None:
            return reverse(name)
        return reverse(name, args=[obj(w).pk])

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
        _url("calendar_window_edit", lambda w: w.window),
        {"anonymous": 302, "coordinator": 200, "admin": 200, "other_coordinator": 404},
        default=403,
    ),
    # The coordinator removes the window; the admin, later in the role order, finds it gone.
    "calendar_window_delete": Row(
        _url("calendar_window_delete", lambda w: w.window),
        {"anonymous": 302, "coordinator": 302, "admin": 404, "other_coordinator": 404},
        default=403,
        method="POST",
    ),
    # Brokers (and admins) ask the school to move a window; schools edit their own instead.
    "calendar_window_move_propose": Row(
        _url("calendar_window_move_propose", lambda w: w.window),
        {"anonymous": 302, "broker": 302, "admin": 302},
        default=403,
        method="POST",
        data=lambda w: {"starts_on": "2027-03-08", "ends_on": "2027-03-19"},
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
        _url("target_edit", lambda w: w.school_target),
        {"anonymous": 302, "coordinator": 200, "admin": 200, "other_coordinator": 404},
        default=403,
    ),
    # The broker removes its own target; the admin, later in the role order, finds it gone.
    "target_delete": Row(
        _url("target_delete", lambda w: w.broker_target),
        {"anonymous": 302, "broker": 302, "admin": 404, "other_coordinator": 404},
        default=403,
        method="POST",
    ),
}
