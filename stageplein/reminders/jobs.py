"""The daily work of the reminders framework itself, and of notifications below it (which
cannot register with the scheduler: it sits under reminders in docs/architecture.md)."""

from stageplein.notifications.services import digests_send
from stageplein.reminders.retention import retention_run
from stageplein.reminders.scheduler import Job, register
from stageplein.reminders.services import reminders_run

register(Job("digests", 7, lambda now: digests_send(now=now)))
register(Job("reminders", 9, lambda now: reminders_run(now=now)))
register(Job("retention", 3, lambda now: retention_run(now=now)))
