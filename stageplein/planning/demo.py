"""Demo annual calendars: each school schedules its year groups 2 and 3 (per level) in a window
of two to five weeks. Like the pilots found (R-PLAN-1), most schools want the autumn for year 3,
so early in the year demand outruns the places; year 2 goes in spring."""

from __future__ import annotations

import datetime

from stageplein.planning.models import InternshipWindow
from stageplein.students.models import HourNorm

# year group -> ISO weeks a window may start in (weeks of the calendar year they fall in)
START_WEEKS = {3: [(0, w) for w in range(40, 49)], 2: [(1, w) for w in range(5, 21)]}


def windows_step(builder, rng, context) -> None:
    school_year = builder.school_year
    norms = {n.level: n.hours for n in HourNorm.objects.order_by("level", "from_cohort")}
    windows = []
    for school in context.schools:
        for level in school.levels:
            for year, starts in START_WEEKS.items():
                offset, week = rng.choice(starts)
                starts_on = datetime.date.fromisocalendar(school_year + offset, week, 1)
                weeks = rng.choice([2, 3, 3, 4, 5])
                windows.append(
                    InternshipWindow(
                        school=school,
                        school_year=school_year,
                        year=year,
                        level=level,
                        starts_on=starts_on,
                        ends_on=starts_on + datetime.timedelta(weeks=weeks, days=-3),
                        hours_per_student=max(8, norms.get(level, 48) // 2),
                    )
                )
    InternshipWindow.objects.bulk_create(windows, batch_size=2000)


STEPS = [(25, windows_step)]
