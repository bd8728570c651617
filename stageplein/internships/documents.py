"""PDF documents (WeasyPrint), QR codes and the iCal feed: output formats, no business rules."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from stageplein.accounts.models import User
from stageplein.core.links import absolute_reverse

# Re-exported: the contract, hours and certificate views print through these.
from stageplein.core.pdf import qr_data_uri, render_pdf
from stageplein.internships.models import PlannedSession

__all__ = ["calendar_feed", "qr_data_uri", "render_pdf"]


def calendar_feed(user: User, sessions: list[PlannedSession]) -> bytes:
    """The person's planned sessions as iCal (R-INT-2). A mentor's or supervisor's events name
    the student by first name; the student's own need no name."""
    # icalendar is only needed for the calendar feed.
    from icalendar import Calendar, Event

    tz = timezone.get_current_timezone()
    cal = Calendar()
    cal.add("prodid", "-//Stageplein//maatschappelijke stage//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{settings.SITE_NAME}: {user.get_full_name() or user.email}")
    stamp = timezone.now()
    for session in sessions:
        internship = session.internship
        event = Event()
        event.add("uid", f"session-{session.pk}@stageplein")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.datetime.combine(session.date, session.start_time, tz))
        event.add("dtend", datetime.datetime.combine(session.date, session.end_time, tz))
        summary = internship.title
        if internship.student.user_id != user.pk:
            summary = f"{internship.student.user.first_name}: {summary}"
        event.add("summary", summary)
        event.add("location", session.place or internship.provider.name)
        if session.note:
            event.add("description", session.note)
        event.add("url", absolute_reverse("internship_detail", internship.pk))
        cal.add_component(event)
    return cal.to_ical()
