"""The simulated school year: when it starts and when each year group's window lies under
the chosen calendar (params.Calendar)."""

from __future__ import annotations

import datetime
import random

from stageplein.simulation.params import Calendar

WEEKS_IN_YEAR = 44  # the first Monday of September to early July


def season_start(school_year: int) -> datetime.date:
    """The first Monday of September of the school year."""
    day = datetime.date(school_year, 9, 1)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def monday_of_week(start: datetime.date, week: int) -> datetime.date:
    return start + datetime.timedelta(weeks=week)


def window_weeks(calendar: str, year: int, rng: random.Random) -> tuple[int, int]:
    """(first week, number of weeks) of a year group's window, counted from the season's
    start. The pilots' calendar puts the upper years in the first weeks, as in Noord-Holland
    (R-PLAN-1): places run short early and are left over later."""
    if calendar == Calendar.SPRING:
        return rng.randint(22, 30), rng.randint(3, 5)
    if calendar == Calendar.SPREAD:
        return rng.randint(2, 34), rng.randint(4, 6)
    if year >= 3:
        return rng.randint(1, 3), rng.randint(3, 4)
    if year == 2:
        return rng.randint(16, 30), rng.randint(4, 5)
    return rng.randint(24, 34), rng.randint(4, 5)
