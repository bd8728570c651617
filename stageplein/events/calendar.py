"""An event as an iCal entry, to put in one's own agenda."""

from __future__ import annotations

from django.utils import timezone

from stageplein.core.links import absolute_reverse
from stageplein.events.models import Event


def event_ical_bytes(event: Event) -> bytes:
    # icalendar is only needed for this download.
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    cal = Calendar()
    cal.add("prodid", "-//Stageplein//maatschappelijke stage//NL")
    cal.add("version", "2.0")
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@stageplein")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    entry.add("location", event.place)
    if event.description:
        entry.add("description", event.description)
    if event.cancelled_at is not None:
        entry.add("status", "CANCELLED")
    entry.add("url", absolute_reverse("event_detail", event.pk))
    cal.add_component(entry)
    return cal.to_ical()
