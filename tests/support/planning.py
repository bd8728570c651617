"""Internship windows made to measure: this school year, starting today."""

from __future__ import annotations

import datetime

from django.utils import timezone

from stageplein.core.schoolyear import current_school_year, school_year_bounds


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
