"""The last place of an event goes once, on PostgreSQL with real threads: two people sign up
for it at the same moment and exactly one gets it.

The guard is event_sign_up's ``lock_event`` (the event's row lock). Both runs widen the same
spot of the real code: after a sign-up has counted the places taken (``signed_up``) it waits,
at most five seconds, for the other to have counted too (tests.support.concurrency.Rendezvous).
With the lock the other is held at the lock and counts after the first committed; the negative
control takes out only the lock and sees two people on one place.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stageplein.events import services
from stageplein.events.models import Event, Signup
from tests.support.concurrency import Rendezvous, run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


@pytest.fixture
def counted_together(monkeypatch) -> Rendezvous:
    together = Rendezvous()
    monkeypatch.setattr(services, "signed_up", together.after(services.signed_up))
    return together


def one_place(world) -> Event:
    start = timezone.now() + datetime.timedelta(days=5)
    return Event.objects.create(
        kind="market",
        title="Eén plek",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Aula",
        region=world.region,
        broker=world.broker,
        for_students=True,
        for_staff=True,
        capacity=1,
    )


def race(world, event) -> list:
    people = [world.users["student"], world.users["mentor"]]
    return run_concurrently(lambda i: services.event_sign_up(event=event, user=people[i]), 2)


def test_two_people_at_once_for_the_last_place_one_gets_it(transactional_world, counted_together):
    event = one_place(transactional_world)
    with counted_together.expecting(2):
        results = race(transactional_world, event)
    assert sum(isinstance(r, Signup) for r in results) == 1
    assert sum(isinstance(r, services.EventError) for r in results) == 1
    assert Signup.objects.filter(event=event).count() == 1


def test_negative_control_without_the_event_lock_the_place_goes_twice(
    transactional_world, counted_together, monkeypatch
):
    event = one_place(transactional_world)
    monkeypatch.setattr(services, "lock_event", lambda pk: Event.objects.get(pk=pk))
    with counted_together.expecting(2):
        race(transactional_world, event)
    n = Signup.objects.filter(event=event).count()
    print(f"negative control (event): {n} people on 1 place")
    assert n == 2
