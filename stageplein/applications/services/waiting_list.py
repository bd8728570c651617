"""The waiting list of a full period (R-PLACE-8): join, the offer of a freed seat in list order
with a deadline, accept, leave.

The seat guard stays placements/capacity.py: an offer holds a seat there (``OFFER_HOLDING``)
until its deadline, so ``claimed_seats`` under ``lock_period`` counts it like a claimed seat.
Making offers takes the period's lock and counts the free seats under it, so two runs at once
(a withdrawal and the scheduled job) never offer one seat twice. Reactions that still wait
for the provider keep their turn (R-MATCH-4): the list is offered only the seats nobody asked
for."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stageplein.accounts.models import User
from stageplein.applications.models import (
    ACTIVE,
    Application,
    Status,
    WaitingListEntry,
    WaitStatus,
)
from stageplein.applications.refusals import (
    AlreadyReacted,
    NotAvailable,
    NotForYou,
    Refused,
)
from stageplein.applications.services.people import guardians_of, notify_accepted
from stageplein.applications.services.seats import _lock_provider_if_capped, seat_claim
from stageplein.applications.services.submission import _create_reaction, _lock_student
from stageplein.notifications.services import notify
from stageplein.placements.capacity import claimed_seats, lock_period
from stageplein.placements.models import PlacementPeriod
from stageplein.placements.selectors import student_may_do_period
from stageplein.students.models import Student


def _tell(entry: WaitingListEntry, kind: str, title: str) -> None:
    """The student and the parents; titles travel by e-mail and name only the placement."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(title) % {"title": entry.period.placement.title}
    for user in [entry.student.user, *guardians_of(entry.student)]:
        notify(user, kind=kind, title=text[:200], url=reverse("waiting_list"))


def waiting_list_join(
    *, student: Student, period: PlacementPeriod, motivation: str
) -> WaitingListEntry:
    """Join the list of a full period. Only a full one: with a free seat the student reacts."""
    motivation = motivation.strip()
    if not motivation:
        raise Refused(_("Write a few words about why you want to do this."))
    with transaction.atomic():
        _lock_student(student.pk)
        period = PlacementPeriod.objects.select_related("placement__provider").get(pk=period.pk)
        placement = period.placement
        if not placement.is_findable() or period.ends_on < timezone.localdate():
            raise NotAvailable
        if not student_may_do_period(student, placement, period):
            raise NotForYou
        if Application.objects.filter(
            student=student, placement=placement, status__in=ACTIVE
        ).exists():
            raise AlreadyReacted
        if claimed_seats(period.pk) < period.capacity:
            raise Refused(_("This period has a free place: react to it instead."))
        try:
            with transaction.atomic():
                return WaitingListEntry.objects.create(
                    student=student, period=period, motivation=motivation
                )
        except IntegrityError as exc:
            raise Refused(_("You are already on the waiting list of this period.")) from exc


def waiting_list_offer(*, period_id: int, now: datetime.datetime | None = None) -> int:
    """Offer the period's free seats to the first on its list, each with a deadline; expire the
    offers past theirs first. Returns how many offers were made.

    Under the period's lock: the free seats are counted once, by one transaction at a time."""
    now = now or timezone.now()
    deadline = now + datetime.timedelta(hours=settings.WAITING_LIST_OFFER_HOURS)
    made: list[WaitingListEntry] = []
    with transaction.atomic():
        period = lock_period(period_id)
        WaitingListEntry.objects.filter(
            period_id=period_id, status=WaitStatus.OFFERED, offer_expires_at__lte=now
        ).update(status=WaitStatus.EXPIRED, closed_at=now)
        if period.ends_on < timezone.localdate():
            return 0
        asked = Application.objects.filter(period_id=period_id, status=Status.SUBMITTED).count()
        free = period.capacity - claimed_seats(period_id) - asked
        if free <= 0:
            return 0
        for entry in WaitingListEntry.objects.filter(
            period_id=period_id, status=WaitStatus.WAITING
        ).order_by("joined_at", "pk")[:free]:
            # A guarded UPDATE: an entry that left meanwhile is not offered.
            if WaitingListEntry.objects.filter(pk=entry.pk, status=WaitStatus.WAITING).update(
                status=WaitStatus.OFFERED, offered_at=now, offer_expires_at=deadline
            ):
                made.append(entry)
        for entry in made:
            entry = WaitingListEntry.objects.select_related(
                "period__placement", "student__user"
            ).get(pk=entry.pk)
            _tell(
                entry,
                "waiting_list_offer",
                gettext_noop("A place is free for you at “%(title)s”: accept it in time"),
            )
    return len(made)


def waiting_list_offer_everywhere(*, now: datetime.datetime | None = None) -> int:
    """The scheduled job: every period with someone waiting or an offer (expired ones go to the
    next). Each period is its own transaction, so one busy period holds up no other."""
    ids = (
        WaitingListEntry.objects.filter(status__in=(WaitStatus.WAITING, WaitStatus.OFFERED))
        .values_list("period_id", flat=True)
        .distinct()
        .order_by("period_id")
    )
    return sum(waiting_list_offer(period_id=pk, now=now) for pk in list(ids))


def waiting_list_accept(*, entry: WaitingListEntry, by: User | None) -> Application:
    """The offered student takes the seat: a reaction is made and accepted at once (the list's
    order decided it, as the reaction order would), then the school approves as usual. The
    seat claim is the vacancy bank's own (``seat_claim``: the period's lock, the intake cap)."""
    with transaction.atomic():
        # Lock order as everywhere (docs/capacity.md): student, provider if capped, period.
        _lock_student(entry.student_id)
        _lock_provider_if_capped(entry.period_id)
        lock_period(entry.period_id)
        entry = (
            WaitingListEntry.objects.select_for_update(of=("self",))
            .select_related("period__placement", "student__user")
            .get(pk=entry.pk)
        )
        if entry.status != WaitStatus.OFFERED or entry.offer_expires_at is None:
            raise Refused(_("There is no place offered to you on this list."))
        now = timezone.now()
        if entry.offer_expires_at <= now:
            raise Refused(_("The time to accept this place has passed."))
        # The offer stops holding the seat and the reaction takes it, in one transaction.
        entry.status = WaitStatus.TAKEN
        entry.closed_at = now
        entry.save(update_fields=["status", "closed_at"])
        app = _create_reaction(
            student=entry.student,
            period=entry.period,
            motivation=entry.motivation,
            now=now,
            twice=AlreadyReacted,
            notify=False,
        )
        app = seat_claim(application=app, by=by, now=now)
        entry.application = app
        entry.save(update_fields=["application"])
        notify_accepted(app)
    return app


def waiting_list_leave(*, entry: WaitingListEntry) -> WaitingListEntry:
    """Leave the list, or decline the offer: its seat goes to the next at once."""
    with transaction.atomic():
        lock_period(entry.period_id)
        updated = WaitingListEntry.objects.filter(
            pk=entry.pk, status__in=(WaitStatus.WAITING, WaitStatus.OFFERED)
        ).update(status=WaitStatus.LEFT, closed_at=timezone.now())
        if not updated:
            raise Refused(_("You are no longer on this waiting list."))
    transaction.on_commit(lambda: waiting_list_offer(period_id=entry.period_id))
    return WaitingListEntry.objects.get(pk=entry.pk)


def offer_freed_seat(period_id: int) -> None:
    """After a seat was freed (a withdrawal, a decline, a cancelled internship): offer it once
    the change is committed, so the offer counts the freed seat."""
    transaction.on_commit(lambda: waiting_list_offer(period_id=period_id))
