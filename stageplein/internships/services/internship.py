"""Starting, guiding and closing an internship. Other apps start one only through
``internship_create``."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.core import events
from stageplein.internships.models import (
    Contract,
    GroupActivity,
    Internship,
)
from stageplein.internships.services.common import InternshipError
from stageplein.internships.services.contract import contract_issue
from stageplein.internships.services.defaults import suggested_guidance, template_terms
from stageplein.internships.signals import internship_cancelled
from stageplein.organisations.models import Provider, ProviderLocation
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
    location: ProviderLocation | None = None,
    tasks: str = "",
    schedule: str = "",
    provider_guidance: str = "",
    group_activity: GroupActivity | None = None,
    created_by: User | None = None,
    issue_contract: bool = True,
) -> Internship:
    """Start an internship, e.g. when the school approves a match (R-MATCH-7).

    The uniform contract is generated from the school's template at once and goes out for
    signatures (R-INT-1); guidance follows from the student's level and year (R-INT-5).
    """
    if provider.school_id is not None and kind == Internship.Kind.INDIVIDUAL:
        kind = Internship.Kind.AT_SCHOOL
    terms = template_terms(student.school)
    internship = Internship.objects.create(
        student=student,
        provider=provider,
        title=title,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        planned_hours=planned_hours,
        supervisor=supervisor,
        status=Internship.Status.PLANNED,
        location=location,
        tasks=tasks,
        schedule=schedule[:200],
        provider_guidance=provider_guidance,
        group_activity=group_activity,
        insurance=terms["insurance"],
        insurance_details=terms["insurance_details"],
        **suggested_guidance(student, kind),
    )
    if issue_contract:
        contract_issue(internship=internship, by=created_by)
    return internship


@transaction.atomic
def guidance_set(
    *,
    internship: Internship,
    by: User,
    teacher_present: bool,
    in_pairs: bool,
    notes: str,
    given_by: str,
) -> Contract | None:
    """The guidance is part of the contract (a teacher present is a safety agreement the
    provider signs up to): a change makes a new version to sign."""
    values = {
        "guidance_teacher_present": teacher_present,
        "guidance_in_pairs": in_pairs,
        "guidance_notes": notes.strip(),
        "guidance_by": given_by,
    }
    changed = [name for name, value in values.items() if getattr(internship, name) != value]
    if not changed:
        return None
    for name in changed:
        setattr(internship, name, values[name])
    internship.save(update_fields=changed)
    return contract_issue(internship=internship, by=by)


def internship_close(*, internship: Internship, by: User, status: str, reason: str = "") -> None:
    """The school completes or cancels. A cancelled internship gives its seat back: the
    approved reaction it came from is withdrawn by the school with the reason (a receiver of
    ``internship_cancelled`` in applications), so the period's capacity frees the place for the
    next student."""
    if status not in (Internship.Status.COMPLETED, Internship.Status.CANCELLED):
        raise InternshipError(_("An internship can only be completed or cancelled."))
    reason = reason.strip()
    if status == Internship.Status.CANCELLED and not reason:
        raise InternshipError(_("Give a reason for cancelling: the student and provider read it."))
    with transaction.atomic():
        changed = (
            Internship.objects.filter(pk=internship.pk).exclude(status=status).update(status=status)
        )
        if changed and status == Internship.Status.COMPLETED:
            events.emit(events.INTERNSHIP_COMPLETED, internship.pk)
        if changed and status == Internship.Status.CANCELLED:
            internship_cancelled.send(
                sender=Internship, internship=internship, by=by, reason=reason
            )
