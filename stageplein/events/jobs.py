"""R-COM-4: the day before an event, everyone signed up is reminded."""

from stageplein.events.services import event_reminders
from stageplein.reminders.scheduler import Job, register

register(Job("event_reminders", 9, lambda now: event_reminders(now=now)))
