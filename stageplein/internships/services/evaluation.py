"""Evaluations (R-INT-4, R-INT-7): the student's, the provider's assessment, and concerns."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.internships.models import (
    Concern,
    HourEntry,
    Internship,
    ProviderAssessment,
    StudentEvaluation,
)
from stageplein.internships.services.common import InternshipError, in_site_language
from stageplein.internships.services.contract import school_signers
from stageplein.notifications.services import notify


def _may_evaluate_now(internship: Internship) -> None:
    if internship.status == Internship.Status.CANCELLED:
        raise InternshipError(_("This internship has been cancelled."))
    if not internship.hours.filter(status=HourEntry.Status.VERIFIED).exists():
        raise InternshipError(_("Evaluations come after the first confirmed hours."))


def student_evaluation_submit(
    *, internship: Internship, by: User, grade: int, comments: str
) -> StudentEvaluation:
    _may_evaluate_now(internship)
    if not 1 <= grade <= 10:
        raise InternshipError(_("A grade is a whole number from 1 to 10."))
    try:
        with transaction.atomic():
            return StudentEvaluation.objects.create(
                internship=internship, grade=grade, comments=comments
            )
    except IntegrityError:
        raise InternshipError(_("You have evaluated this internship already.")) from None


def provider_assessment_submit(
    *,
    internship: Internship,
    by: User,
    attendance: str,
    effort: str,
    went_well: str,
    to_improve: str = "",
) -> ProviderAssessment:
    _may_evaluate_now(internship)
    try:
        with transaction.atomic():
            assessment = ProviderAssessment.objects.create(
                internship=internship,
                attendance=attendance,
                effort=effort,
                went_well=went_well,
                to_improve=to_improve,
                assessed_by=by,
            )
    except IntegrityError:
        raise InternshipError(_("This student has been assessed already.")) from None
    mentor = internship.student.mentor
    if mentor is not None:
        notify(
            mentor,
            kind="assessment",
            title=in_site_language(_("A provider has assessed an internship")),
            url=reverse("internship_detail", args=[internship.pk]),
        )
    return assessment


@transaction.atomic
def concern_report(*, internship: Internship, by: User, kind: str, note: str) -> Concern:
    """R-INT-7: lateness or low effort, at any time; the mentor hears of it and follows up."""
    concern = Concern.objects.create(internship=internship, kind=kind, note=note, reported_by=by)
    mentor = internship.student.mentor
    for user in [mentor] if mentor else school_signers(internship):
        notify(
            user,
            kind="concern",
            title=in_site_language(_("A provider has reported something about an internship")),
            url=reverse("internship_detail", args=[internship.pk]) + "#concerns",
        )
    return concern


def concern_follow_up(*, concern: Concern, by: User, note: str) -> bool:
    if not note.strip():
        raise InternshipError(_("Write down what the school did."))
    return bool(
        Concern.objects.filter(pk=concern.pk, followed_up_at__isnull=True).update(
            followed_up_by=by, followed_up_at=timezone.now(), follow_up_note=note.strip()
        )
    )
