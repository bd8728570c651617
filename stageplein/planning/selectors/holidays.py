"""School holiday weeks (R-PLAN-5) as the calendar counts them. A week is a holiday week for a
holiday region when all five of its school days (Monday to Friday) fall in that region's
school holidays: then its schools' students do no internship, so the calendar counts neither
their demand nor the seats of the area's placements in that week (the matching leaves the same
days out: matching/candidates/rules.py). A week with only a day or two of holiday still counts."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from stageplein.planning.models import SchoolHoliday
from stageplein.planning.weeks import ONE_WEEK, monday_of

SCHOOL_DAYS = 5


def holiday_weeks(
    holiday_regions: Iterable[str], first: datetime.date, last: datetime.date
) -> dict[str, dict[datetime.date, str]]:
    """Per holiday region: the Monday of each holiday week between ``first`` and ``last`` and
    the name of its holiday ("Christmas holiday"). One query; a handful of rows per year."""
    wanted = set(holiday_regions)
    days: dict[str, dict[datetime.date, str]] = {region: {} for region in wanted}
    for holiday in SchoolHoliday.objects.filter(
        holiday_region__in=wanted, ends_on__gte=first, starts_on__lte=last
    ).order_by("starts_on"):
        label = str(holiday.get_kind_display())
        day = max(holiday.starts_on, first - datetime.timedelta(days=7))
        while day <= holiday.ends_on:
            days[holiday.holiday_region][day] = label
            day += datetime.timedelta(days=1)
    found: dict[str, dict[datetime.date, str]] = {}
    for region, off in days.items():
        weeks: dict[datetime.date, str] = {}
        monday = monday_of(first)
        while monday <= last:
            school_days = [monday + datetime.timedelta(days=i) for i in range(SCHOOL_DAYS)]
            if all(day in off for day in school_days):
                weeks[monday] = off[school_days[0]]
            monday += ONE_WEEK
        found[region] = weeks
    return found


def shared_weeks(per_region: dict[str, dict[datetime.date, str]]) -> dict[datetime.date, str]:
    """The holiday weeks every one of the regions has (an area whose schools follow different
    holiday regions is closed only when all of them are on holiday)."""
    if not per_region:
        return {}
    regions = list(per_region.values())
    return {
        monday: label
        for monday, label in regions[0].items()
        if all(monday in other for other in regions[1:])
    }
