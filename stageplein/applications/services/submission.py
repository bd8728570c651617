"""Sending a reaction: by the student (R-PLACE-2, R-PLACE-4) or by a broker or school on the
student's behalf, checked against the period's seats under its lock."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stageplein.accounts.models import User
from stageplein.applications.models import (
    ACTIVE,
    Application,
    Side,
)
from stageplein.applications.refusals import (
    AlreadyReacted,
    NoFreeSeat,
    NotAvailable,
    NotForStudent,
    NotForYou,
    PeriodFull,
    Refused,
    StudentAlreadyReacted,
    TooManyOpen,
)
from stageplein.applications.services.people import guardians_of, notify_about, provider_people_of
from stageplein.placements.capacity import claimed_seats, live_offers, lock_period
from stageplein.placements.models import PlacementPeriod
from stageplein.placements.selectors import student_may_do_period
from stageplein.students.models import Student


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
        notify_about(
            provider_people_of(app),
            app,
            "application_received",
            gettext_noop("New reaction to “%(title)s”"),
        )
    return app


def seats_held_or_asked(period_id: int) -> int:
    """Seats claimed plus reactions still waiting for the provider: what a broker may not
    hand out again (a provider must not be flooded, R-PLACE-4), nor a seat offered to the first
    on the waiting list (R-PLACE-8)."""
    return (
        Application.objects.active().filter(period_id=period_id).count()
        + live_offers(period_id).count()
    )


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


def application_submit_by_school(
    *,
    student: Student,
    period: PlacementPeriod,
    by: User,
    motivation: str,
) -> Application:
    """R-MATCH-8: a coordinator or mentor reacts on the student's behalf (schools mediate
    where no broker does, and help a student who got stuck). Every guard of a broker's
    reaction holds (the rules of the student's own reaction, only a seat nobody holds or asked
    for, counted under the period lock); the provider is told as for any reaction, and the
    student and their parents are told that the school reacted for them. Who may do this is
    the view's question (applications.access.is_school_of)."""
    with transaction.atomic():
        app = application_submit_for_student(
            student=student, period=period, by=by, motivation=motivation, side=Side.SCHOOL
        )
        notify_about(
            [student.user],
            app,
            "application_by_school",
            gettext_noop("Your school reacted for you to “%(title)s”: the provider will answer"),
        )
        notify_about(
            guardians_of(student),
            app,
            "application_by_school",
            gettext_noop("The school reacted for your child to “%(title)s”"),
        )
    return app
