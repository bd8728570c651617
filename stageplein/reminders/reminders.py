"""Reminder rules on the foundation's models. The placements, applications and contracts apps
register their own rules in their own reminders.py (see docs/reminders.md)."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stageplein.internships.models import HourEntry
from stageplein.reminders.registry import Due, ReminderRule


def unverified_hours(now: datetime.datetime, days: int):
    """Supervisors with hours waiting for verification for at least ``days`` days. One
    reminder per supervisor with the count: names of students stay on the platform."""
    waiting = (
        HourEntry.objects.filter(
            status=HourEntry.Status.SUBMITTED,
            created_at__lte=now - datetime.timedelta(days=days),
            internship__supervisor__isnull=False,
        )
        .values("internship__supervisor")
        .annotate(n=Count("pk"))
        .order_by("internship__supervisor")
    )
    home = reverse("home")
    for row in waiting:
        yield Due(
            recipient_id=row["internship__supervisor"],
            about="unverified-hours",
            title=ngettext(
                "%(n)d hour entry is waiting for your verification",
                "%(n)d hour entries are waiting for your verification",
                row["n"],
            )
            % {"n": row["n"]},
            url=home,
        )


RULES = [
    ReminderRule(
        key="unverified_hours",
        label=_("Supervisor with unverified hours"),
        help=_("Days: how long an hour entry waits before its supervisor is reminded."),
        find=unverified_hours,
        days=7,
        repeat_days=7,
    ),
]
