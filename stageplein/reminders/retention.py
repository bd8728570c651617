"""Retention (issue 13, R-PRIV-1): how long each kind of personal data is kept, and the nightly
job that removes what is older. The terms are data, listed in docs/privacy.md; the job returns
a report of what it removed (kept by the scheduler's task result, logged as well)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.utils import timezone

from stageplein.accounts.models import OneTimeLink
from stageplein.notifications.models import Notification
from stageplein.students.anonymise import anonymise_left_before
from stageplein.students.models import ReadLogEntry, Student

logger = logging.getLogger(__name__)
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Term:
    kind: str
    keep: datetime.timedelta
    older_than: Callable[[datetime.datetime], QuerySet]


TERMS = [
    # Sign-in log: address and browser per sign-in, failed attempts: six months.
    Term("sign-in log", 183 * DAY, lambda c: AccessLog.objects.filter(attempt_time__lt=c)),
    Term(
        "failed sign-ins", 183 * DAY, lambda c: AccessFailureLog.objects.filter(attempt_time__lt=c)
    ),
    Term("lockouts", 183 * DAY, lambda c: AccessAttempt.objects.filter(attempt_time__lt=c)),
    # Sessions that have expired are of no use to anyone.
    Term("expired sessions", 0 * DAY, lambda c: Session.objects.filter(expire_date__lt=c)),
    # Sign-in links: a month after they expired (to answer "did I get a link?").
    Term("sign-in links", 30 * DAY, lambda c: OneTimeLink.objects.filter(expires_at__lt=c)),
    Term("notifications", 365 * DAY, lambda c: Notification.objects.filter(created_at__lt=c)),
    # The audit log: two years (a school year and the next for complaints and appeals).
    Term("audit entries", 730 * DAY, lambda c: LogEntry.objects.filter(timestamp__lt=c)),
    # The read log: as long as the audit log, so a complaint about a read can be checked.
    Term("read log", 730 * DAY, lambda c: ReadLogEntry.objects.filter(at__lt=c)),
]

# Students who left: anonymised one school year after leaving (students/anonymise.py). Not a
# deletion: the rows stay so that totals of past years do not change.
LEFT_STUDENTS = Term(
    "students who left (anonymised)",
    365 * DAY,
    lambda c: Student.objects.filter(left_on__lt=c.date(), anonymised_at__isnull=True),
)


def retention_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Remove what is past its term; returns {kind: number removed}."""
    now = now or timezone.now()
    report: dict[str, int] = {}
    for term in TERMS:
        removed, _per_model = term.older_than(now - term.keep).delete()
        report[term.kind] = removed
    report[LEFT_STUDENTS.kind] = anonymise_left_before((now - LEFT_STUDENTS.keep).date(), now=now)
    logger.info("retention: %s", report)
    return report
