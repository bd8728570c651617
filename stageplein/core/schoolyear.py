"""School years run from 1 August to 31 July; we name one by the calendar year it starts in."""

import datetime

from django.utils import timezone


def school_year_of(day: datetime.date) -> int:
    return day.year if day.month >= 8 else day.year - 1


def current_school_year() -> int:
    return school_year_of(timezone.localdate())


def school_year_label(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}"


def school_year_bounds(start_year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(start_year, 8, 1), datetime.date(start_year + 1, 7, 31)
