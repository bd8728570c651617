"""A freed seat goes once (R-PLACE-8), on PostgreSQL with real threads: the scheduled offer to
the first on the waiting list and a broker's reaction on another student's behalf reach for
the one freed seat at the same moment. Exactly one of them gets it.

The guard is waiting_list_offer's ``lock_period`` (placements/capacity.py, the one seat guard;
the broker's path takes the same lock). Both runs widen the same spot of the real code: after
each side has counted the seats (``claimed_seats`` in the offer, ``seats_held_or_asked`` in the
broker's reaction) it waits, at most five seconds, for the other to have counted too
(tests.support.concurrency.Rendezvous). With the lock the other side is held at the lock, the
wait times out and it counts after the first committed; the negative control takes out only
the offer's lock and sees the seat both offered and asked for.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from stageplein.applications.models import Application, Side, Status, WaitingListEntry
from stageplein.applications.refusals import NoFreeSeat
from stageplein.applications.services import submission, waiting_list
from stageplein.applications.tests.factories import many_students
from stageplein.placements.capacity import live_offers
from stageplein.placements.models import PlacementPeriod
from tests.support.concurrency import Rendezvous, run_concurrently
from tests.support.placements import make_period, make_placement

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


@pytest.fixture
def counted_together(monkeypatch) -> Rendezvous:
    together = Rendezvous()
    monkeypatch.setattr(waiting_list, "claimed_seats", together.after(waiting_list.claimed_seats))
    monkeypatch.setattr(
        submission, "seats_held_or_asked", together.after(submission.seats_held_or_asked)
    )
    return together


def freed_seat(world):
    """A one-seat period whose seat was just freed, one student waiting for it, and another
    student the broker wants to send there."""
    placement = make_placement(world.provider, title="Eén plek", pc4="7202")
    period = make_period(placement, capacity=1)
    waiter, other = many_students(world.school, 2, prefix="race-")
    now = timezone.now()
    taken = Application.objects.create(
        student=world.classmate,
        placement=placement,
        period=period,
        motivation="Eerst",
        status=Status.ACCEPTED,
        submitted_at=now,
        accepted_at=now,
    )
    WaitingListEntry.objects.create(student=waiter, period=period, motivation="Ik wacht")
    Application.objects.filter(pk=taken.pk).update(
        status=Status.WITHDRAWN, withdraw_reason="Ziek", withdrawn_side=Side.SCHOOL
    )
    return period, other


def race(world, period, other) -> list:
    broker = world.users["broker"]

    def attempt(i: int):
        if i == 0:
            return waiting_list.waiting_list_offer(period_id=period.pk)
        return submission.application_submit_for_student(
            student=other, period=period, by=broker, motivation="Past goed", side=Side.BROKER
        )

    return run_concurrently(attempt, 2)


def given_out(period) -> int:
    """Seats held or asked for plus live offers: at most the capacity."""
    return (
        Application.objects.active().filter(period=period).count() + live_offers(period.pk).count()
    )


def test_the_freed_seat_is_offered_or_asked_for_never_both(transactional_world, counted_together):
    period, other = freed_seat(transactional_world)
    with counted_together.expecting(2):
        results = race(transactional_world, period, other)
    # The broker's reaction is refused as full when the offer came first; nothing else fails.
    assert not [
        r for r in results if isinstance(r, BaseException) and not isinstance(r, NoFreeSeat)
    ]
    assert given_out(period) == 1


def test_negative_control_without_the_period_lock_the_seat_goes_twice(
    transactional_world, counted_together, monkeypatch
):
    period, other = freed_seat(transactional_world)

    def unguarded_lock(period_id):
        """lock_period without its guard: the period read, not locked."""
        return PlacementPeriod.objects.get(pk=period_id)

    monkeypatch.setattr(waiting_list, "lock_period", unguarded_lock)
    with counted_together.expecting(2):
        race(transactional_world, period, other)
    out = given_out(period)
    print(f"negative control (waiting list): {out} students for 1 seat")
    assert out == 2
