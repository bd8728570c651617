"""Step 1 of the candidate pipeline: the students, their interests, windows and reactions (one
query each), as the facts the explanations keep and as NumPy columns the rules compare."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from django.conf import settings

from stageplein.applications.models import ACTIVE, OPEN, Application
from stageplein.geo.models import HolidayRegion
from stageplein.matching.candidates.types import (
    LEVELS,
    NEED_PAIR,
    NEED_TEACHER,
    NEEDS,
    StudentFacts,
    StudentRow,
    Weights,
    hobby_words,
    ids_in,
)
from stageplein.organisations.models import School, SchoolLocation
from stageplein.planning.models import InternshipWindow
from stageplein.planning.selectors.windows import windows_for_students
from stageplein.students.models import Student


@dataclass
class Students:
    """The students in waiting order (index = the problem's student index), one column each."""

    rows: list[StudentRow]
    facts: list[StudentFacts]
    reacted: dict[int, set[int]]  # student pk -> placements with an active reaction
    lat: npt.NDArray[np.float64]  # of the origin (home, else school); NaN when unknown
    lon: npt.NDArray[np.float64]
    level: npt.NDArray[np.int8]  # index in LEVELS
    max_km: npt.NDArray[np.float32]
    birth_y: npt.NDArray[np.int32]
    birth_md: npt.NDArray[np.int32]  # month * 100 + day
    win_start: npt.NDArray[np.int64]  # ordinal of the first day a period may overlap
    win_end: npt.NDArray[np.int64]
    win_need: npt.NDArray[np.int64]  # usable days a period must give: MIN_USABLE_DAYS or less
    needs: npt.NDArray[np.int8]  # NEED_TEACHER | NEED_PAIR
    holiday: npt.NDArray[np.int8]  # index in HOLIDAY_REGIONS of the school's region
    blocked: npt.NDArray[np.bool_]  # open-reaction limit reached

    @property
    def n(self) -> int:
        return len(self.rows)

    @property
    def known(self) -> npt.NDArray[np.bool_]:
        """Students whose origin is known (the others have no candidates)."""
        return ~np.isnan(self.lat)


HOLIDAY_REGIONS = list(HolidayRegion.values)
# Two weeks of the window, outside the holidays, from the day the student would start: enough
# for the sessions of a placement (a shorter window or period asks for all its remaining days).
MIN_USABLE_DAYS = 14


def window_facts(
    window: InternshipWindow | None, today: datetime.date, year_end: datetime.date
) -> tuple[dict[str, Any], datetime.date, datetime.date]:
    """The dates a period must lie within (from the day it would start), and how to say it. A
    group without a window, or whose window is over, may still be placed in the rest of the
    school year."""
    rest = {"kind": "none", "until": year_end.isoformat()}
    if window is None:
        return rest, today, year_end
    first, last = window.weeks
    facts = {
        "first_week": first,
        "last_week": last,
        "starts": window.starts_on.isoformat(),
        "ends": window.ends_on.isoformat(),
    }
    if window.ends_on < today:
        return {**rest, "kind": "over", **facts}, today, year_end
    return {"kind": "window", **facts}, window.starts_on, window.ends_on


def _ymd(day: datetime.date) -> tuple[int, int]:
    return day.year, day.month * 100 + day.day


def load_students(
    *,
    student_ids: list[int],
    weights: Weights,
    today: datetime.date,
    year_end: datetime.date,
    school_year: int,
    table: dict[str, tuple[float, float]],
) -> Students:
    """The students in the order given; students that no longer exist are left out."""
    wanted = ids_in(student_ids)
    by_pk = {
        row[0]: StudentRow(*row)
        for row in Student.objects.filter(pk__in=wanted).values_list(
            "pk",
            "school_id",
            "year",
            "level",
            "class_name",
            "date_of_birth",
            "home_postcode_id",
            "location__postcode_id",
            "needs_teacher_present",
            "needs_pair",
            "hobbies",
        )
    }
    students = [by_pk[pk] for pk in student_ids if pk in by_pk]
    n = len(students)
    school_pc4: dict[int, str] = {}
    for school_id, pc4 in (
        SchoolLocation.objects.filter(school_id__in={s.school_id for s in students})
        .order_by("-pk")
        .values_list("school_id", "postcode_id")
    ):
        school_pc4[school_id] = pc4  # the first location wins (ordered by -pk)
    interests: dict[int, list[str]] = defaultdict(list)
    for student_id, sector_id in (
        Student.interests.through.objects.filter(student_id__in=wanted)
        .order_by("pk")
        .values_list("student_id", "sector_id")
    ):
        interests[student_id].append(sector_id)  # in the order they were chosen
    # windows_for_students reads pk, school_id, year, level and class_name only.
    windows = windows_for_students(cast(list[Student], students), school_year)
    reacted: dict[int, set[int]] = defaultdict(set)
    open_count: dict[int, int] = defaultdict(int)
    for student_id, placement_id, status in Application.objects.filter(
        student_id__in=wanted, status__in=ACTIVE
    ).values_list("student_id", "placement_id", "status"):
        reacted[student_id].add(placement_id)
        if status in OPEN:
            open_count[student_id] += 1
    max_open = settings.APPLICATION_MAX_OPEN
    holiday_region = dict(
        School.objects.filter(pk__in={s.school_id for s in students}).values_list(
            "pk", "region__holiday_region"
        )
    )

    out = Students(
        rows=students,
        facts=[],
        reacted=reacted,
        lat=np.full(n, np.nan),
        lon=np.full(n, np.nan),
        level=np.zeros(n, dtype=np.int8),
        max_km=np.zeros(n, dtype=np.float32),
        birth_y=np.zeros(n, dtype=np.int32),
        birth_md=np.zeros(n, dtype=np.int32),
        win_start=np.zeros(n, dtype=np.int64),
        win_end=np.zeros(n, dtype=np.int64),
        win_need=np.zeros(n, dtype=np.int64),
        needs=np.zeros(n, dtype=np.int8),
        holiday=np.zeros(n, dtype=np.int8),
        blocked=np.zeros(n, dtype=bool),
    )
    for i, s in enumerate(students):
        origin = None
        code = s.home_postcode_id
        if code and code in table:
            origin = "home"
        else:
            code = s.location_pc4 or school_pc4.get(s.school_id)
            origin = "school" if code and code in table else None
        if origin is not None:
            out.lat[i], out.lon[i] = table[str(code)]
        out.level[i] = LEVELS.index(s.level)
        out.max_km[i] = weights.max_km[s.level]
        out.birth_y[i], out.birth_md[i] = _ymd(s.date_of_birth)
        facts_of_window, w_start, w_end = window_facts(windows.get(s.pk), today, year_end)
        out.win_start[i], out.win_end[i] = w_start.toordinal(), w_end.toordinal()
        remaining = (w_end - max(w_start, today)).days + 1
        out.win_need[i] = max(1, min(MIN_USABLE_DAYS, remaining))
        needs = (NEED_TEACHER if s.needs_teacher_present else 0) | (
            NEED_PAIR if s.needs_pair else 0
        )
        out.needs[i] = needs
        out.holiday[i] = HOLIDAY_REGIONS.index(
            holiday_region.get(s.school_id) or HolidayRegion.MIDDLE.value
        )
        out.blocked[i] = open_count[s.pk] >= max_open
        out.facts.append(
            StudentFacts(
                pk=s.pk,
                level=s.level,
                origin=origin,
                max_km=weights.max_km[s.level],
                window=facts_of_window,
                needs=[name for bit, name in NEEDS.items() if needs & bit],
                interests=interests.get(s.pk, []),
                hobbies=hobby_words(s.hobbies),
                open_reactions=open_count[s.pk],
            )
        )
    return out
