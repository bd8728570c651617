"""Writes of mediation (R-MATCH-2, R-MATCH-8): ask → propose → accept or decline; withdraw.

Each step locks the request's row and checks its status under the lock, so two people pressing
"accept" at once make one reaction. Accepting makes the reaction through
applications.services.application_submit_for_student, which counts the period's seats under
the period lock (placements/capacity.py, docs/capacity.md): a seat taken since the proposal
is refused there, and the request goes back to the mediator."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stageplein.accounts.models import Role, User
from stageplein.applications.models import Side
from stageplein.applications.refusals import Refused
from stageplein.applications.services.people import guardians_of, school_people_of
from stageplein.applications.services.submission import application_submit_for_student
from stageplein.mediation.models import AskedBy, MediationRequest, Status
from stageplein.mediation.selectors import mediating_broker
from stageplein.notifications.services import notify
from stageplein.placements.models import Placement, PlacementPeriod
from stageplein.placements.selectors import student_may_do_period
from stageplein.students.models import Student


class MediationError(Exception):
    """A rule of mediation says no; the message is shown to the person."""


def _tell(users: Iterable[User], req: MediationRequest, kind: str, title: str) -> None:
    """Titles travel by e-mail: they never name the student."""
    url = reverse("mediation_detail", args=[req.pk])
    with translation.override(settings.LANGUAGE_CODE):
        text = _(title)
    seen: set[int] = set()
    for user in users:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notify(user, kind=kind, title=text[:200], url=url)


def mediators_of(req: MediationRequest) -> list[User]:
    if req.broker_id is not None:
        return list(
            User.objects.filter(
                memberships__role=Role.BROKER, memberships__broker_id=req.broker_id, is_active=True
            ).distinct()
        )
    return school_people_of(req.student, everyone=True)


def _student_side(student: Student) -> list[User]:
    return [student.user, *guardians_of(student)]


def _lock(req: MediationRequest) -> MediationRequest:
    return (
        MediationRequest.objects.select_for_update(of=("self",))
        .select_related("student__user", "student__school", "student__mentor")
        .get(pk=req.pk)
    )


def mediation_ask(*, student: Student, by: User, side: str, wishes: str) -> MediationRequest:
    """A student, a parent or the school asks for help finding a place."""
    wishes = wishes.strip()
    if not wishes:
        raise MediationError(_("Write what the student is looking for."))
    if side not in AskedBy.values:
        raise MediationError(_("This is not possible."))
    student = Student.objects.select_related("school", "user", "mentor").get(pk=student.pk)
    try:
        with transaction.atomic():
            req = MediationRequest.objects.create(
                student=student,
                asked_by=by,
                asked_side=side,
                wishes=wishes,
                broker=mediating_broker(student.school),
            )
    except IntegrityError as exc:
        raise MediationError(
            _("There is already a request for this student: look at that one.")
        ) from exc
    told = mediators_of(req)
    if side == AskedBy.SCHOOL:
        told += _student_side(student)
    else:
        told += school_people_of(student)
    _tell(
        [u for u in told if u.pk != by.pk],
        req,
        "mediation_asked",
        gettext_noop("A student asks for help finding an internship"),
    )
    return req


def mediation_propose(
    *, request: MediationRequest, by: User, period: PlacementPeriod, note: str
) -> MediationRequest:
    """The mediator proposes one period; the student's side is told."""
    note = note.strip()
    if not note:
        raise MediationError(_("Say why this placement suits the student."))
    with transaction.atomic():
        req = _lock(request)
        if req.status != Status.OPEN:
            raise MediationError(_("This request is not waiting for a proposal."))
        period = PlacementPeriod.objects.select_related("placement").get(pk=period.pk)
        placement: Placement = period.placement
        if not placement.is_findable() or period.ends_on < timezone.localdate():
            raise MediationError(_("This placement cannot be chosen now."))
        if not student_may_do_period(req.student, placement, period):
            raise MediationError(_("This placement does not suit the student's level or age."))
        req.status = Status.PROPOSED
        req.proposed_period = period
        req.proposal_note = note
        req.proposed_by = by
        req.proposed_at = timezone.now()
        req.save(
            update_fields=[
                "status",
                "proposed_period",
                "proposal_note",
                "proposed_by",
                "proposed_at",
            ]
        )
        told = _student_side(req.student)
        if req.broker_id is not None:
            told += school_people_of(req.student)
        _tell(
            [u for u in told if u.pk != by.pk],
            req,
            "mediation_proposed",
            gettext_noop("A place is proposed: please answer"),
        )
    return req


def mediation_accept(*, request: MediationRequest, by: User) -> MediationRequest:
    """Accept the proposal: a reaction on the student's behalf is made (the provider accepts
    and the school approves as with any reaction). When the vacancy bank refuses (the seat was
    taken meanwhile, a reaction to that placement already exists), the request goes back to
    the mediator with the reason, and the refusal is raised after that is saved."""
    refusal: Refused | None = None
    with transaction.atomic():
        req = _lock(request)
        if req.status != Status.PROPOSED or req.proposed_period_id is None:
            raise MediationError(_("There is no proposal waiting for an answer."))
        period = PlacementPeriod.objects.get(pk=req.proposed_period_id)
        try:
            app = application_submit_for_student(
                student=req.student,
                period=period,
                by=req.proposed_by,
                motivation=req.proposal_note,
                side=Side.BROKER if req.broker_id is not None else Side.SCHOOL,
            )
        except Refused as error:
            refusal = error
            req.status = Status.OPEN
            req.decline_reason = str(error.message)
            req.save(update_fields=["status", "decline_reason"])
            _tell(
                mediators_of(req),
                req,
                "mediation_declined",
                gettext_noop("A proposal could not be taken: please propose another place"),
            )
        else:
            req.status = Status.ACCEPTED
            req.application = app
            req.answered_by = by
            req.answered_at = timezone.now()
            req.save(update_fields=["status", "application", "answered_by", "answered_at"])
            told = mediators_of(req) + _student_side(req.student) + school_people_of(req.student)
            _tell(
                [u for u in told if u.pk != by.pk],
                req,
                "mediation_accepted",
                gettext_noop("A proposed place was accepted: the provider decides now"),
            )
    if refusal is not None:
        raise MediationError(
            _("The place could not be taken: %(reason)s The mediator will propose another.")
            % {"reason": str(refusal.message)}
        )
    return req


def mediation_decline(*, request: MediationRequest, by: User, reason: str) -> MediationRequest:
    """Decline the proposal with a reason: the request goes back to the mediator."""
    reason = reason.strip()
    if not reason:
        raise MediationError(_("Say why this place does not suit."))
    with transaction.atomic():
        req = _lock(request)
        if req.status != Status.PROPOSED:
            raise MediationError(_("There is no proposal waiting for an answer."))
        req.status = Status.OPEN
        req.decline_reason = reason
        req.answered_by = by
        req.answered_at = timezone.now()
        req.save(update_fields=["status", "decline_reason", "answered_by", "answered_at"])
        _tell(
            [u for u in mediators_of(req) if u.pk != by.pk],
            req,
            "mediation_declined",
            gettext_noop("A proposal was declined: please propose another place"),
        )
    return req


def mediation_withdraw(*, request: MediationRequest, by: User) -> MediationRequest:
    """The student's side or the school no longer needs help (they found a place)."""
    with transaction.atomic():
        req = _lock(request)
        if not req.is_live:
            raise MediationError(_("This request is already closed."))
        req.status = Status.WITHDRAWN
        req.answered_by = by
        req.answered_at = timezone.now()
        req.save(update_fields=["status", "answered_by", "answered_at"])
    return req
