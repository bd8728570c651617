"""Writes of students: the hour norm per level and cohort."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.students.models import HourNorm

MAX_NORM = 200


class NormError(Exception):
    """A rule stops this change; the message is shown to the person."""


@transaction.atomic
def hour_norm_set(*, level: str, from_cohort: int, hours: int, by: User) -> HourNorm:
    """Set the norm for students of ``level`` entering from school year ``from_cohort`` on.
    Older cohorts keep the norm they started under. Every change is in the audit log (with
    ``by`` as actor through the request's AuditlogMiddleware)."""
    if not 1 <= hours <= MAX_NORM:
        raise NormError(_("A norm lies between 1 and %(max)s hours.") % {"max": MAX_NORM})
    norm = HourNorm.objects.select_for_update().filter(level=level, from_cohort=from_cohort).first()
    if norm is None:
        return HourNorm.objects.create(level=level, from_cohort=from_cohort, hours=hours)
    if norm.hours != hours:
        norm.hours = hours
        norm.save(update_fields=["hours"])
    return norm
