"""Uploaded student lists hold a school's personal data: they go once imported or stale."""

from stageplein.imports.services import uploads_forget
from stageplein.reminders.scheduler import Job, register

register(Job("forget_uploads", 3, lambda now: uploads_forget(now=now)))
