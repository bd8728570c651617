"""Writes for reactions: submit, the seat claim, accept/decline, school approval, withdrawal,
poor-match flags and messages. The locking rules are written down in docs/capacity.md.

Lock order, always: provider row (only when it has a weekly intake cap) → period row →
reaction row. Taking locks in one order means two transactions can wait for each other but
never deadlock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from stageplein.accounts.models import Membership, Role, User
from stageplein.applications.models import (
    ACTIVE,
    OPEN,
    Application,
    Message,
    Side,
    Status,
)
from stageplein.internships.models import Internship
from stageplein.internships.services import internship_create
from stageplein.notifications.services import notify
from stageplein.organisations.models import Provider
from stageplein.placements.capacity import claimed_seats, lock_period
from stageplein.placements.models import Placement, PlacementPeriod
from stageplein.placements.selectors import student_may_do_period
from stageplein.placements.services import provider_contacts
from stageplein.students.models import Guardianship, Student


class Refused(ValidationError):
    """A business rule says no. Views show the message; nothing has changed."""

    default_message = gettext_lazy("This is not possible.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(self.default_message), code=type(self).__name__)


class PeriodFull(Refused):
    default_message = gettext_lazy("This period is full: every place has been taken.")


class IntakeCapReached(Refused):
    default_message = gettext_lazy(
        "This provider has taken in as many new students this week as it can."
    )


class EarlierReactionsFirst(Refused):
    default_message = gettext_lazy(
        "Earlier reactions go first: decide on the reactions that came in before this one."
    )


class NotWaiting(Refused):
    default_message = gettext_lazy("This reaction is no longer waiting for a decision.")


class NotAccepted(Refused):
    default_message = gettext_lazy("Only a reaction the provider has accepted can be approved.")


class TooManyOpen(Refused):
    pass


class AlreadyReacted(Refused):
    default_message = gettext_lazy("You have already reacted to this placement.")


class NotAvailable(Refused):
    default_message = gettext_lazy("This placement cannot be reacted to now.")


class NotForYou(Refused):
    default_message = gettext_lazy("This period does not fit your level or age.")


class NotForStudent(Refused):
    default_message = gettext_lazy("This period does not fit the student's level or age.")


class StudentAlreadyReacted(Refused):
    default_message = gettext_lazy("The student has already reacted to this placement.")


class NoFreeSeat(Refused):
    default_message = gettext_lazy(
        "Every place of this period is taken or asked for by students who reacted earlier."
    )


# -- the guard --------------------------------------------------------------------------------
# lock_period and claimed_seats come from placements/capacity.py, the one seat guard; every claim
# below calls them through this module's names.


def _lock_provider_if_capped(period_id: int) -> Provider | None:
    """The weekly intake cap spans all of a provider's periods, so it needs the provider's lock
    (taken before the period's, see the module docstring)."""
    provider_id, cap = PlacementPeriod.objects.filter(pk=period_id).values_list(
        "placement__provider_id", "placement__provider__weekly_intake_cap"
    )[0]
    if not cap:
        return None
    return Provider.objects.select_for_update().get(pk=provider_id)


def week_bounds(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    local = timezone.localtime(now)
    monday = (local - datetime.timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return monday, monday + datetime.timedelta(days=7)


def seat_claim(
    *, application: Application, by: User | None, now: datetime.datetime | None = None
) -> Application:
    """Claim a seat of the reaction's period for it: SUBMITTED → ACCEPTED, in one transaction.

    Refuses with PeriodFull when every seat is claimed, IntakeCapReached when the provider's
    weekly cap is reached, NotWaiting when the reaction was decided meanwhile. Other apps (the
    matching engine) call this; the provider's accept adds the fairness rule on top.
    """
    now = now or timezone.now()
    with transaction.atomic():
        provider = _lock_provider_if_capped(application.period_id)
        period = lock_period(application.period_id)
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.status != Status.SUBMITTED:
            raise NotWaiting
        if claimed_seats(period.pk) >= period.capacity:
            raise PeriodFull
        if provider is not None and provider.weekly_intake_cap:
            start, end = week_bounds(now)
            taken = (
                Application.objects.claiming()
                .filter(
                    placement__provider_id=provider.pk,
                    accepted_at__gte=start,
                    accepted_at__lt=end,
                )
                .count()
            )
            if taken >= provider.weekly_intake_cap:
                raise IntakeCapReached
        app.status = Status.ACCEPTED
        app.accepted_at = now
        app.decided_at = now
        app.decided_by = by
        app.save(update_fields=["status", "accepted_at", "decided_at", "decided_by"])
    return app


def earlier_waiting(app: Application) -> int:
    """Reactions to the same period that came in before this one and still wait."""
    return (
        Application.objects.filter(period_id=app.period_id, status=Status.SUBMITTED)
        .filter(
            Q(submitted_at__lt=app.submitted_at) | Q(submitted_at=app.submitted_at, pk__lt=app.pk)
        )
        .count()
    )


def check_reaction_order(app: Application, period: PlacementPeriod) -> None:
    """R-MATCH-4: when there are not enough free seats for everyone who reacted earlier, a later
    reaction cannot take one. School level plays no part; a provider who does not want an
    earlier student declines that reaction with a reason (which the school and broker see)."""
    free = period.capacity - claimed_seats(period.pk)
    if free <= 0:
        raise PeriodFull
    if earlier_waiting(app) >= free:
        raise EarlierReactionsFirst


def application_accept(
    *, application: Application, by: User | None, now: datetime.datetime | None = None
) -> Application:
    """The provider accepts a reaction: the reaction order is checked and the seat claimed under
    the same lock, then the student and the school are told."""
    with transaction.atomic():
        _lock_provider_if_capped(application.period_id)
        period = lock_period(application.period_id)
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.status != Status.SUBMITTED:
            raise NotWaiting
        check_reaction_order(app, period)
        app = seat_claim(application=app, by=by, now=now)
        _notify_accepted(app)
    return app


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
        app = Application.objects.select_related("placement", "student__user").get(
            pk=application.pk
        )
        _notify(
            [app.student.user],
            app,
            "application_declined",
            gettext_noop("Your reaction to “%(title)s” was declined"),
        )
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
        _notify(
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
        )
        app.status = Status.APPROVED
        app.approved_at = timezone.now()
        app.approved_by = by
        app.internship = internship
        app.save(update_fields=["status", "approved_at", "approved_by", "internship"])
        _notify(
            [app.student.user],
            app,
            "application_approved",
            gettext_noop("Your school approved “%(title)s”"),
        )
        _notify(
            _provider_people(app),
            app,
            "application_approved",
            gettext_noop("The school approved a student for “%(title)s”"),
        )
        _notify(
            _guardians(app.student),
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
            told += _provider_people(app)
        if was_accepted and side != Side.SCHOOL:
            told += _school_people(app.student)
        _notify(
            [u for u in told if u.pk != (by.pk if by else None)],
            app,
            "application_withdrawn",
            gettext_noop("A reaction to “%(title)s” was withdrawn"),
        )
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
    _notify(
        [u for u in [app.student.user, *_provider_people(app)] if u.pk != (by.pk if by else None)],
        app,
        "application_withdrawn",
        gettext_noop("The internship “%(title)s” was cancelled by the school"),
    )
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
        told = _school_people(app.student, everyone=True) + _broker_people(app)
        told += _provider_people(app)
        _notify(
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


def message_send(*, application: Application, author: User, body: str) -> Message:
    body = body.strip()
    if not body:
        raise Refused(_("Write a message first."))
    if application.status in (Status.DECLINED, Status.WITHDRAWN):
        raise Refused(_("This reaction is closed."))
    message = Message.objects.create(application=application, author=author, body=body)
    if author.pk == application.student.user_id:
        recipients = _provider_people(application)
    else:
        recipients = [application.student.user]
    _notify(
        recipients,
        application,
        "application_message",
        gettext_noop("New message about “%(title)s”"),
    )
    return message


def _lock_student(student_id: int) -> None:
    """The student's row only (``of``): the model's ordering joins school and user, and a
    plain FOR UPDATE would lock the school's row too, making every reaction of a school wait
    for the others."""
    Student.objects.select_for_update(of=("self",)).filter(pk=student_id).order_by("pk").first()


def _check_may_react(
    student: Student, period: PlacementPeriod, now: datetime.datetime, *, for_student: bool
) -> None:
    """The rules every reaction meets, whoever makes it (the student, or the broker for them)."""
    placement = period.placement
    if not placement.is_findable(now) or period.ends_on < timezone.localdate():
        raise NotAvailable
    if not student_may_do_period(student, placement, period):
        raise NotForYou if for_student else NotForStudent
    if Application.objects.filter(student=student, placement=placement, status__in=ACTIVE).exists():
        raise AlreadyReacted if for_student else StudentAlreadyReacted
    limit = settings.APPLICATION_MAX_OPEN
    if Application.objects.open().filter(student=student).count() >= limit:
        if for_student:
            raise TooManyOpen(
                _(
                    "You already have %(n)s open reactions. Wait for an answer or withdraw one "
                    "first."
                )
                % {"n": limit}
            )
        raise TooManyOpen(
            _("The student already has %(n)s open reactions: the most a student may have.")
            % {"n": limit}
        )


def application_submit(
    *,
    student: Student,
    period: PlacementPeriod,
    motivation: str,
    now: datetime.datetime | None = None,
) -> Application:
    """R-MATCH-1: the student reacts first, with a short motivation.

    The student's row is locked so that two reactions sent at the same moment cannot both slip
    under the limit of open reactions; the database's partial unique index stops a second
    active reaction to the same placement.
    """
    motivation = motivation.strip()
    if not motivation:
        raise Refused(_("Write a few words about why you want to do this."))
    now = now or timezone.now()
    with transaction.atomic():
        _lock_student(student.pk)
        period = PlacementPeriod.objects.select_related("placement").get(pk=period.pk)
        _check_may_react(student, period, now, for_student=True)
        if claimed_seats(period.pk) >= period.capacity:
            raise PeriodFull
        return _create_reaction(
            student=student, period=period, motivation=motivation, now=now, twice=AlreadyReacted
        )


def _create_reaction(
    *,
    student: Student,
    period: PlacementPeriod,
    motivation: str,
    now: datetime.datetime,
    twice: type[Exception],
    notify: bool = True,
    **extra: object,
) -> Application:
    # A savepoint: the partial unique index refuses a second active reaction to the placement
    # (raised as ``twice``) without spoiling the caller's transaction and its locks.
    try:
        with transaction.atomic():
            app = Application.objects.create(
                student=student,
                placement=period.placement,
                period=period,
                motivation=motivation,
                submitted_at=now,
                **extra,
            )
    except IntegrityError as exc:
        raise twice from exc
    if notify:
        _notify(
            _provider_people(app),
            app,
            "application_received",
            gettext_noop("New reaction to “%(title)s”"),
        )
    return app


def seats_held_or_asked(period_id: int) -> int:
    """Seats claimed plus reactions still waiting for the provider: what a broker may not
    hand out again (a provider must not be flooded, R-PLACE-4)."""
    return Application.objects.active().filter(period_id=period_id).count()


def application_submit_for_student(
    *,
    student: Student,
    period: PlacementPeriod,
    by: User | None,
    motivation: str,
    side: str = Side.BROKER,
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> Application:
    """R-MATCH-2: a reaction made on the student's behalf (the broker's matching). It meets the
    rules of the student's own reaction (findable, level and age, one active reaction per
    placement, the open-reaction limit) and takes only a seat that nobody holds or asked for
    yet, counted under the period lock, so that two brokers confirming at once cannot both
    send a student for the last one. The provider then accepts and the school approves as
    usual; the earlier reactions of students who reacted themselves keep their turn."""
    motivation = motivation.strip()
    if not motivation:
        raise Refused(_("Say why this placement suits the student."))
    if side not in (Side.BROKER, Side.SCHOOL):
        raise Refused
    now = now or timezone.now()
    with transaction.atomic():
        # Lock order: student, then period (nothing locks a period before a student).
        _lock_student(student.pk)
        locked = lock_period(period.pk)
        period = PlacementPeriod.objects.select_related("placement").get(pk=locked.pk)
        _check_may_react(student, period, now, for_student=False)
        if seats_held_or_asked(period.pk) >= locked.capacity:
            raise NoFreeSeat
        return _create_reaction(
            student=student,
            period=period,
            motivation=motivation,
            now=now,
            twice=StudentAlreadyReacted,
            notify=notify,
            submitted_side=side,
            submitted_by=by,
        )


# -- who is told -------------------------------------------------------------------------------


def _provider_people(app: Application) -> list[User]:
    people = provider_contacts(app.placement.provider_id)
    contact = app.placement.contact
    if contact is not None and contact.is_active and contact not in people:
        people.append(contact)
    return people


def _school_people(student: Student, everyone: bool = False) -> list[User]:
    """Who approves for the school: the mentor, or the coordinators when there is none."""
    coordinators = list(
        User.objects.filter(
            memberships__role=Role.COORDINATOR,
            memberships__school_id=student.school_id,
            is_active=True,
        ).distinct()
    )
    mentor = student.mentor if student.mentor_id else None
    if mentor is not None and mentor.is_active:
        return [mentor, *coordinators] if everyone else [mentor]
    return coordinators


def _broker_people(app: Application) -> list[User]:
    municipalities = {app.student.school.municipality_id}
    return list(
        User.objects.filter(
            memberships__role=Role.BROKER,
            memberships__broker__municipalities__in=municipalities,
            is_active=True,
        ).distinct()
    )


def _guardians(student: Student) -> list[User]:
    ids = Guardianship.objects.filter(student=student).values("guardian_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _notify(recipients: Iterable[User], app: Application, kind: str, title: str) -> None:
    """Titles travel by e-mail: they name the placement, never another person."""
    url = reverse("application_detail", args=[app.pk])
    with translation.override(settings.LANGUAGE_CODE):
        text = _(title) % {"title": app.placement.title}
    seen: set[int] = set()
    for user in recipients:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        notify(user, kind=kind, title=text[:200], url=url)


def _notify_accepted(app: Application) -> None:
    app = Application.objects.select_related("placement", "student__user", "student__mentor").get(
        pk=app.pk
    )
    _notify(
        [app.student.user],
        app,
        "application_accepted",
        gettext_noop("You were accepted for “%(title)s”: now your school approves it"),
    )
    _notify(
        _school_people(app.student),
        app,
        "application_accepted",
        gettext_noop("A student waits for your approval for “%(title)s”"),
    )


def provider_people_of(app: Application) -> list[User]:
    """Who answers a reaction for the provider (contacts and the placement's contact)."""
    return _provider_people(app)


def school_people_of(student: Student) -> list[User]:
    """Who approves for the school: the mentor, or the coordinators when there is none."""
    return _school_people(student)


def is_provider_member(user: User, provider_id: int) -> bool:
    return Membership.objects.filter(user=user, provider_id=provider_id).exists()
