"""Exports may hold personal data: they go after EXPORT_KEEP_DAYS even when nobody asks for a
new one (a request also clears old ones, but a quiet region may not make any)."""

from stageplein.exports.services import exports_forget
from stageplein.reminders.scheduler import Job, register

register(Job("forget_exports", 3, lambda now: exports_forget(now=now)))
