"""A checker for demo data: what the models and services would have refused or done
differently, for every internship, period and certificate of the database."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from stageplein.applications.models import CLAIMING
from stageplein.internships.models import HourEntry, Internship
from stageplein.internships.progress import progress_of
from stageplein.internships.services import (
    SESSION_GRACE_AFTER,
    SESSION_GRACE_BEFORE,
    parent_must_sign,
    suggested_guidance,
)
from stageplein.placements.models import Placement, PlacementPeriod
from stageplein.students.models import Student

GUIDANCE = (
    "guidance_teacher_present",
    "guidance_in_pairs",
    "guidance_notes",
    "guidance_by",
)


def problems_of(internship: Internship, today: datetime.date) -> list[str]:
    """What the services would have refused or done differently for this internship."""
    found = []
    try:
        internship.full_clean()
    except Exception as exc:
        found.append(f"model: {exc}")
    student = internship.student
    suggested = suggested_guidance(student, internship.kind)
    for name in GUIDANCE:
        if getattr(internship, name) != suggested[name]:
            found.append(f"guidance {name}: {getattr(internship, name)!r} != {suggested[name]!r}")
    contracts = list(internship.contracts.all())
    current = [c for c in contracts if c.superseded_at is None]
    if len(current) != 1:
        found.append(f"{len(current)} current contracts")
    for contract in current:
        if contract.parent_required != parent_must_sign(student, internship.start_date):
            found.append("parent signature rule")
        signed = {s.party for s in contract.signatures.all()}
        complete = set(contract.required_parties) <= signed
        if complete != (contract.fully_signed_at is not None):
            found.append(f"fully signed {contract.fully_signed_at} with {sorted(signed)}")
    if any(c.fully_signed_at for c in contracts) != (internship.contract_signed_at is not None):
        found.append("contract_signed_at does not follow the signatures")
    if internship.status == Internship.Status.PLANNED and internship.contract_signed_at:
        found.append("planned although the contract is signed")
    earliest = internship.start_date - SESSION_GRACE_BEFORE
    latest = internship.end_date + SESSION_GRACE_AFTER
    for entry in internship.hours.all():
        try:
            entry.full_clean()
        except Exception as exc:
            found.append(f"hour entry {entry.pk}: {exc}")
        if not earliest <= entry.date <= min(latest, today):
            found.append(f"hour entry {entry.pk} on {entry.date}, outside the internship")
        if (entry.status == HourEntry.Status.VERIFIED) != (entry.verified_at is not None):
            found.append(f"hour entry {entry.pk} {entry.status} at {entry.verified_at}")
    return found


def problems_in_region(today: datetime.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    problems = []
    internships = Internship.objects.select_related("student__school", "student__user")
    assert internships.exists()
    for internship in internships.prefetch_related("contracts__signatures", "hours"):
        problems += [f"internship {internship.pk}: {p}" for p in problems_of(internship, today)]
    overfull = PlacementPeriod.objects.annotate(
        claimed=Count("applications", filter=Q(applications__status__in=CLAIMING))
    ).filter(claimed__gt=F("capacity"))
    problems += [f"period {p.pk} overfull" for p in overfull]
    for placement in Placement.objects.prefetch_related("periods"):
        try:
            placement.full_clean()
            for period in placement.periods.all():
                period.full_clean()
        except Exception as exc:
            problems.append(f"placement {placement.pk}: {exc}")
    for student in Student.objects.filter(certificates__isnull=False).select_related("school"):
        if not progress_of(student).reached:
            problems.append(f"student {student.pk} holds a certificate below the norm")
    return problems
