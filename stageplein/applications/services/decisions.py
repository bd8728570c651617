"""What happens to a reaction after it is sent: declined, approved by the school (which
creates the internship), withdrawn, released when the internship is cancelled, flagged as a
poor match."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stageplein.accounts.models import User
from stageplein.applications.models import (
    OPEN,
    Application,
    Side,
    Status,
)
from stageplein.applications.refusals import NotAccepted, NotWaiting, Refused
from stageplein.applications.services.people import (
    broker_people_of,
    guardians_of,
    notify_about,
    provider_people_of,
    school_people_of,
)
from stageplein.applications.services.waiting_list import offer_freed_seat
from stageplein.core import events
from stageplein.internships.models import Internship
from stageplein.internships.services import internship_create
from stageplein.organisations.models import Provider
from stageplein.placements.models import Placement


def application_decline(*, application: Application, by: User | None, reason: str) -> Application:
    reason = reason.strip()
    if not reason:
        raise Refused(_("Give a reason: the student and the school read it."))
    with transaction.atomic():
        now = timezone.now()
        updated = Application.objects.filter(pk=application.pk, status=Status.SUBMITTED).update(
            status=Status.DECLINED, decline_reason=reason, decided_at=now, decided_by=by
        )
        if not updated:
            raise NotWaiting
        events.emit(events.REACTION_DECIDED, application.pk)
        app = Application.objects.select_related("placement", "student__user").get(
            pk=application.pk
        )
        notify_about(
            [app.student.user],
            app,
            "application_declined",
            gettext_noop("Your reaction to “%(title)s” was declined"),
        )
        # A declined reaction no longer keeps its turn: a waiting list may get the seat.
        offer_freed_seat(app.period_id)
    return app


def decline_waiting_for_closed_placement(*, placement: Placement, by: User | None) -> int:
    waiting = list(
        Application.objects.filter(placement=placement, status=Status.SUBMITTED)
        .select_related("placement", "student__user")
        .select_for_update(of=("self",))
    )
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The provider has closed this placement.")
    now = timezone.now()
    for app in waiting:
        app.status = Status.DECLINED
        app.decline_reason = reason
        app.decided_at = now
        app.decided_by = by
        app.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
        events.emit(events.REACTION_DECIDED, app.pk)
        notify_about(
            [app.student.user],
            app,
            "application_declined",
            gettext_noop("Your reaction to “%(title)s” was declined"),
        )
    return len(waiting)


def application_approve(*, application: Application, by: User | None) -> Application:
    """R-MATCH-7: the school approves the match digitally; only now does an internship start."""
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("placement__provider", "period", "student__user")
            .get(pk=application.pk)
        )
        if app.status != Status.ACCEPTED:
            raise NotAccepted
        placement, period = app.placement, app.period
        if placement.provider.kind == Provider.Kind.SCHOOL:
            kind = Internship.Kind.AT_SCHOOL
        elif placement.kind == Placement.Kind.GROUP:
            kind = Internship.Kind.GROUP
        else:
            kind = Internship.Kind.INDIVIDUAL
        internship = internship_create(
            student=app.student,
            provider=placement.provider,
            title=placement.title,
            start_date=period.starts_on,
            end_date=period.ends_on,
            planned_hours=period.hours,
            supervisor=placement.contact,
            kind=kind,
            # What the student and the parent sign for: the placement's own words.
            tasks=placement.tasks,
            schedule=period.schedule,
            provider_guidance=placement.guidance,
        )
        app.status = Status.APPROVED
        app.approved_at = timezone.now()
        app.approved_by = by
        app.internship = internship
        app.save(update_fields=["status", "approved_at", "approved_by", "internship"])
        events.emit(events.REACTION_DECIDED, app.pk)
        notify_about(
            [app.student.user],
            app,
            "application_approved",
            gettext_noop("Your school approved “%(title)s”"),
        )
        notify_about(
            provider_people_of(app),
            app,
            "application_approved",
            gettext_noop("The school approved a student for “%(title)s”"),
        )
        notify_about(
            guardians_of(app.student),
            app,
            "application_approved",
            gettext_noop("The school approved your child's internship “%(title)s”"),
        )
    return app


def application_withdraw(
    *, application: Application, by: User | None, side: str, reason: str
) -> Application:
    """Either side withdraws before the school's approval, with a reason; a claimed seat is
    free again at once (seats are counted, not stored)."""
    reason = reason.strip()
    if not reason:
        raise Refused(_("Give a reason: the other side reads it."))
    if side not in Side.values:
        raise Refused
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("placement", "student__user")
            .get(pk=application.pk)
        )
        if app.status not in OPEN:
            raise Refused(_("Only a reaction that is waiting or accepted can be withdrawn."))
        if side in (Side.PROVIDER, Side.BROKER) and app.status != Status.ACCEPTED:
            raise Refused(_("Decline a waiting reaction instead, with a reason."))
        was_accepted = app.status == Status.ACCEPTED
        app.status = Status.WITHDRAWN
        app.withdrawn_at = timezone.now()
        app.withdrawn_by = by
        app.withdrawn_side = side
        app.withdraw_reason = reason
        app.save(
            update_fields=[
                "status",
                "withdrawn_at",
                "withdrawn_by",
                "withdrawn_side",
                "withdraw_reason",
            ]
        )
        told: list[User] = []
        if side != Side.STUDENT:
            told.append(app.student.user)
        if side != Side.PROVIDER:
            told += provider_people_of(app)
        if was_accepted and side != Side.SCHOOL:
            told += school_people_of(app.student)
        notify_about(
            [u for u in told if u.pk != (by.pk if by else None)],
            app,
            "application_withdrawn",
            gettext_noop("A reaction to “%(title)s” was withdrawn"),
        )
        offer_freed_seat(app.period_id)
    return app


def application_release(*, internship: Internship, by: User | None, reason: str) -> bool:
    """The school cancelled the internship an approved reaction became: withdraw the reaction
    (side: school) so that its seat is free again. Runs in internship_close's transaction
    (the receiver of ``internship_cancelled``); False when the internship did not come from a
    reaction."""
    app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("placement", "student__user")
        .filter(internship=internship, status=Status.APPROVED)
        .first()
    )
    if app is None:
        return False
    app.status = Status.WITHDRAWN
    app.withdrawn_at = timezone.now()
    app.withdrawn_by = by
    app.withdrawn_side = Side.SCHOOL
    app.withdraw_reason = reason
    app.save(
        update_fields=[
            "status",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_side",
            "withdraw_reason",
        ]
    )
    notify_about(
        [
            u
            for u in [app.student.user, *provider_people_of(app)]
            if u.pk != (by.pk if by else None)
        ],
        app,
        "application_withdrawn",
        gettext_noop("The internship “%(title)s” was cancelled by the school"),
    )
    offer_freed_seat(app.period_id)
    return True


def application_flag(*, application: Application, by: User | None, reason: str) -> Application:
    """R-MATCH-5: the provider (or the school) signals that a match is not going well; the
    student returns to the broker's queue with the flag visible until it is solved."""
    reason = reason.strip()
    if not reason:
        raise Refused(_("Describe what is not going well."))
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("placement", "student__school")
            .get(pk=application.pk)
        )
        if app.status not in (Status.ACCEPTED, Status.APPROVED):
            raise Refused(_("Only an accepted or approved match can be flagged."))
        app.flag_reason = reason
        app.flagged_at = timezone.now()
        app.flagged_by = by
        app.flag_resolved_at = None
        app.flag_resolution = ""
        app.save(
            update_fields=[
                "flag_reason",
                "flagged_at",
                "flagged_by",
                "flag_resolved_at",
                "flag_resolution",
            ]
        )
        # Whoever flagged (the provider, or the school: R-MATCH-5), the others are told.
        told = school_people_of(app.student, everyone=True) + broker_people_of(app)
        told += provider_people_of(app)
        notify_about(
            [u for u in told if by is None or u.pk != by.pk],
            app,
            "application_flagged",
            gettext_noop("A match at “%(title)s” is not going well"),
        )
    return app


def application_flag_resolve(
    *, application: Application, by: User | None, resolution: str
) -> Application:
    resolution = resolution.strip()
    if not resolution:
        raise Refused(_("Write down how it was solved."))
    updated = Application.objects.filter(
        pk=application.pk, flagged_at__isnull=False, flag_resolved_at__isnull=True
    ).update(flag_resolved_at=timezone.now(), flag_resolution=resolution)
    if not updated:
        raise Refused(_("There is no open flag on this match."))
    return Application.objects.get(pk=application.pk)
