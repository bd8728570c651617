"""Demo annual calendars and targets.

Like the pilots found (R-PLAN-1, the Noord-Holland problem), most schools want the same few
weeks: here years 1 to 3 of every school go in the first weeks ahead of the demo's date,
when the vacancy bank has far fewer free seats than students, and year 4 goes later, when
seats are spare. The calendar counts only students without a place yet (mas_state); the
younger years have the fewest places, so they make the crowd. The calendar is laid out from
the demo's date so that the shortage is always still ahead. The README's school supplies a
provider or two this year (R-MATCH-6), which cannot take its whole year group (the Brunssum
care home with forty interns).

Targets (R-PLAN-2): every school and broker gets one for this school year (the region's comes
with the core demo), with the hours its windows plan; progress is whatever the demo's
internships and hours make of it, which is partial.
"""

from __future__ import annotations

import datetime

from django.db.models import Count

from stageplein.core.schoolyear import school_year_bounds
from stageplein.organisations.models import Provider
from stageplein.placements.models import SchoolLink
from stageplein.planning.models import InternshipWindow
from stageplein.planning.weeks import ONE_WEEK, monday_of
from stageplein.students.models import HourNorm, Student, YearlyTarget

# Windows end before the summer holidays and start after them.
LAST_DAY = (7, 10)
FIRST_DAY = (9, 1)
CROWDED_YEARS = (1, 2, 3)
LATER_YEARS = (4,)


def _bounds(builder) -> tuple[datetime.date, datetime.date]:
    starts, ends = school_year_bounds(builder.school_year)
    first = max(builder.today, datetime.date(starts.year, *FIRST_DAY))
    crowd = monday_of(first) + ONE_WEEK
    return crowd, min(ends, datetime.date(ends.year, *LAST_DAY))


def _window(school, builder, year, level, start, weeks, hours, last_day) -> InternshipWindow:
    end = min(start + datetime.timedelta(weeks=weeks, days=-3), last_day)
    return InternshipWindow(
        school=school,
        school_year=builder.school_year,
        year=year,
        level=level,
        starts_on=start,
        ends_on=max(start, end),
        hours_per_student=hours,
    )


def windows_step(builder, rng, context) -> None:
    crowd, last_day = _bounds(builder)
    weeks_left = max(1, (last_day - crowd).days // 7)
    norms = {n.level: n.hours for n in HourNorm.objects.order_by("level", "from_cohort")}
    windows = []
    for school in context.schools:
        for level in school.levels:
            hours = max(8, norms.get(level, 48) // 2)
            for year in CROWDED_YEARS:
                start = crowd + ONE_WEEK * rng.choice([0, 0, 1, 1, 2])
                if start <= last_day:
                    windows.append(
                        _window(
                            school,
                            builder,
                            year,
                            level,
                            start,
                            rng.choice([2, 3, 3, 4]),
                            hours,
                            last_day,
                        )
                    )
            for year in LATER_YEARS:
                offset = rng.randint(min(10, weeks_left - 1), max(10, weeks_left - 5))
                start = crowd + ONE_WEEK * max(0, offset)
                if start <= last_day:
                    windows.append(
                        _window(
                            school,
                            builder,
                            year,
                            level,
                            start,
                            rng.choice([3, 4, 5]),
                            hours,
                            last_day,
                        )
                    )
    InternshipWindow.objects.bulk_create(windows, batch_size=2000)
    if context.fixed and context.schools:
        _care_home_link(builder, context)
    _targets(builder, context, windows)


def _care_home_link(builder, context) -> None:
    """Unless the README's school supplies a provider already, it supplies one care home this
    year, which takes three new students a week: the calendar warns that a year group would
    flood it."""
    school = context.schools[0]
    if SchoolLink.objects.filter(school=school, school_year=builder.school_year).exists():
        return
    care = [p for p in context.providers.all if p.sector_id == "zorg"]
    home = next((p for p in care if p.municipality_id == school.municipality_id), None) or next(
        iter(care), None
    )
    if home is None:
        return
    Provider.objects.filter(pk=home.pk).update(weekly_intake_cap=3)
    SchoolLink.objects.create(school=school, provider=home, school_year=builder.school_year)


def _targets(builder, context, windows: list[InternshipWindow]) -> None:
    year = builder.school_year
    schools = {s.pk: s for s in context.schools}
    students = dict(
        Student.objects.filter(school__in=schools, left_on__isnull=True)
        .values_list("school")
        .annotate(n=Count("pk"))
        .order_by()
    )
    groups = {
        (school, group, level): n
        for school, group, level, n in Student.objects.filter(school__in=schools)
        .values_list("school", "year", "level")
        .annotate(n=Count("pk"))
        .order_by()
    }
    planned: dict[int, int] = {}
    for w in windows:
        n = groups.get((w.school_id, w.year, w.level), 0)
        planned[w.school_id] = planned.get(w.school_id, 0) + n * w.hours_per_student
    existing = {
        t.school_id: t for t in YearlyTarget.objects.filter(school__in=schools, school_year=year)
    }
    new = []
    for pk in schools:
        target = existing.get(pk) or YearlyTarget(school_id=pk, school_year=year)
        target.students = students.get(pk, 0)
        target.hours = planned.get(pk) or None
        if target.pk:
            target.save(update_fields=["students", "hours"])
        else:
            new.append(target)
    for desk in context.brokers:
        broker = desk.broker
        served = set(broker.municipalities.values_list("pk", flat=True))
        mine = [pk for pk, s in schools.items() if s.municipality_id in served]
        new.append(
            YearlyTarget(
                broker=broker,
                school_year=year,
                students=sum(students.get(pk, 0) for pk in mine),
                hours=sum(planned.get(pk, 0) for pk in mine) or None,
            )
        )
    YearlyTarget.objects.bulk_create(new)
