"""ISO weeks of a school year. Schools plan in week numbers ("weeks 10-14"); a school year
(1 August - 31 July) runs from week 31 of one calendar year to week 30 or 31 of the next, so
a week number alone names one week of the school year: 31 and up fall in the first
calendar year, the others in the second."""

from __future__ import annotations

import datetime

from stageplein.core.schoolyear import school_year_bounds

ONE_WEEK = datetime.timedelta(weeks=1)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def mondays(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The Mondays of the ISO weeks that ``first``..``last`` touch."""
    monday, end = monday_of(first), monday_of(last)
    found = []
    while monday <= end:
        found.append(monday)
        monday += ONE_WEEK
    return found


def school_year_mondays(school_year: int) -> list[datetime.date]:
    return mondays(*school_year_bounds(school_year))


def week_number(monday: datetime.date) -> int:
    return monday.isocalendar().week


def first_week_number(school_year: int) -> int:
    return week_number(monday_of(school_year_bounds(school_year)[0]))


def monday_of_week(school_year: int, week: int) -> datetime.date | None:
    """The Monday of week ``week`` of the school year, or None when that week does not
    exist (week 53 in most years) or has no school day (Monday-Friday) in the school year."""
    first = first_week_number(school_year)
    calendar_year = school_year if week >= first else school_year + 1
    try:
        monday = datetime.date.fromisocalendar(calendar_year, week, 1)
    except ValueError:
        return None
    starts, ends = school_year_bounds(school_year)
    if monday + datetime.timedelta(days=4) < starts or monday > ends:
        return None
    return monday


def dates_of_weeks(school_year: int, first: int, last: int) -> tuple[datetime.date, datetime.date]:
    """Monday of the first week to Friday of the last, kept within the school year. The
    caller checks that both weeks exist (monday_of_week)."""
    start = monday_of_week(school_year, first)
    end = monday_of_week(school_year, last)
    assert start is not None and end is not None
    year_start, year_end = school_year_bounds(school_year)
    return max(start, year_start), min(end + datetime.timedelta(days=4), year_end)
