"""Writes for internships. Other apps start an internship only through ``internship_create``."""

import datetime

from django.db import transaction

from stageplein.accounts.models import User
from stageplein.internships.models import Internship
from stageplein.organisations.models import Provider
from stageplein.students.models import Student


@transaction.atomic
def internship_create(
    *,
    student: Student,
    provider: Provider,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    planned_hours: int,
    supervisor: User | None = None,
    kind: str = Internship.Kind.INDIVIDUAL,
) -> Internship:
    """Start an internship, e.g. when the school approves a match (R-MATCH-7).

    The internship issue extends this (contract, planning); callers keep using this function.
    """
    return Internship.objects.create(
        student=student,
        provider=provider,
        title=title,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        planned_hours=planned_hours,
        supervisor=supervisor,
        status=Internship.Status.PLANNED,
    )
