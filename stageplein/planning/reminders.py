"""Reminder: a student whose internship window is coming up and who has not reacted to any
placement yet (R-MATCH-1: the student searches and reacts first; docs/reminders.md). It lives
with the annual calendar, whose windows it reads; reactions and internships are below it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stageplein.applications.mas_state import without_place
from stageplein.applications.models import ACTIVE, Application
from stageplein.core.schoolyear import school_year_of
from stageplein.planning.models import InternshipWindow
from stageplein.planning.selectors.windows import window_students
from stageplein.reminders.registry import Due, ReminderRule


def no_reaction_before_window(now: datetime.datetime, days: int) -> Iterator[Due]:
    """Students of a window that starts within ``days`` days (or has started and not ended)
    with no open or approved reaction and no planned or running internship."""
    today = timezone.localdate(now)
    windows = InternshipWindow.objects.filter(
        school_year=school_year_of(today),
        starts_on__lte=today + datetime.timedelta(days=days),
        ends_on__gte=today,
    )
    reacted = Application.objects.filter(student=OuterRef("pk"), status__in=ACTIVE)
    url = reverse("placement_search")
    for window in windows:
        # Only students who still need a place (the one definition: not matched, busy or
        # done) and have not reacted: a student who reached the norm is never told to search.
        waiting = (
            without_place(window_students(window), school_year=window.school_year)
            .exclude(Exists(reacted))
            .values_list("user_id", flat=True)
        )
        if window.starts_on > today:
            title = gettext(
                "Your internship period starts on %(date)s. Find a placement and react!"
            ) % {"date": formats.date_format(window.starts_on, "j F")}
        else:
            title = gettext("Your internship period has started. Find a placement and react!")
        for user_id in waiting:
            yield Due(recipient_id=user_id, about=f"window:{window.pk}", title=title, url=url)


RULES = [
    ReminderRule(
        key="no_reaction_before_window",
        label=_("Student with no reaction before their internship period"),
        help=_(
            "Days: how long before the start of the school's internship period (annual "
            "calendar) a student who has not reacted to a placement is reminded."
        ),
        find=no_reaction_before_window,
        days=28,
        repeat_days=7,
    ),
]
