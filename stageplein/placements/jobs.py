"""R-PLACE-7: a stale placement's provider gets a renewal link (once per staleness)."""

from stageplein.placements.services import placements_request_renewal
from stageplein.reminders.scheduler import Job, register

register(Job("placement_renewals", 8, lambda now: placements_request_renewal(now=now)))
