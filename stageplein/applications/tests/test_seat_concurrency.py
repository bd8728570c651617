"""Capacity never overflows (docs/capacity.md): 200 accepts for the 20 seats of one period,
fired by real threads released together, several rounds, on PostgreSQL.

Every thread opens its own connection first, then all of them wait at one barrier and fire at
the same moment. `scripts/ensure-postgres.sh` raises the local server's max_connections to 300
for this; on a server that allows fewer (shared with other test runs) the attempts go in the
largest waves it can spare, each released at its own barrier. The negative controls switch
the guard off in the same harness and must see more than 20 seats claimed: proof that the
harness really produces the race the guard prevents.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.messages import constants, get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from stageplein.applications.models import Application, Status
from stageplein.applications.services import seats
from stageplein.applications.tests.factories import many_students, reactions_in_order
from tests.support.placements import make_period, make_placement

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]

ATTEMPTS = 200
SEATS = 20
ROUNDS = 3


def wave_size() -> int:
    """As many simultaneous connections as the server can spare, leaving room for others."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity"
        )
        free = cursor.fetchone()[0]
    connection.close()
    size = min(ATTEMPTS, free - 15)
    assert size >= 2 * SEATS, f"only {free} free PostgreSQL connections: too few for the test"
    return size


def fire_in_waves(fn: Callable[[int], Any], n: int, wave: int) -> list[Any]:
    """Call fn(0..n-1) in real threads, ``wave`` at a time. Each thread connects first, so the
    barrier releases them into the database together rather than into connection set-up."""
    results: list[Any] = [None] * n
    for first in range(0, n, wave):
        size = min(wave, n - first)
        barrier = threading.Barrier(size)

        def worker(i: int, first: int = first, barrier: threading.Barrier = barrier) -> None:
            try:
                connection.ensure_connection()
                barrier.wait(60)
                results[first + i] = fn(first + i)
            except BaseException as exc:  # the test inspects what each attempt met
                results[first + i] = exc
            finally:
                connection.close()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(size)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    return results


def slow_count(real: Callable[[int], int]) -> Callable[[int], int]:
    """The time a busy server takes between counting the free seats and claiming one. With the
    guard on this changes nothing (the count happens under the lock); with the guard off it
    widens the window every check-then-act race needs."""

    def counted(period_id: int) -> int:
        n = real(period_id)
        if n < SEATS:
            time.sleep(0.02)
        return n

    return counted


def unguarded_lock(period_id: int):
    """The guard switched off: the period is read, not locked."""
    from stageplein.placements.models import PlacementPeriod

    return PlacementPeriod.objects.get(pk=period_id)


def new_round(world, n: int, tag: str):
    placement = make_placement(world.provider, title=f"Druk bezocht {tag}", pc4="7202")
    period = make_period(placement, capacity=SEATS)
    students = many_students(world.school, n, prefix=f"c{tag}-")
    return period, reactions_in_order(students, period)


# -- through the provider's accept button (HTTP), with the fairness rule -----------------------


def accept_over_http(world, apps: list[Application], wave: int) -> tuple[list[Any], list[int]]:
    contact = world.users["provider_contact"]
    login = Client()
    login.force_login(contact)
    cookie = login.cookies["sessionid"].value

    def attempt(i: int):
        client = Client()
        client.cookies["sessionid"] = cookie
        response = client.post(reverse("application_accept", args=[apps[i].pk]))
        levels = [m.level for m in get_messages(response.wsgi_request)]
        return response.status_code, levels

    order = list(range(len(apps)))
    # Fire later reactions first in every wave: the fairness rule must still hand the seats
    # to the earliest reactions, whatever order the requests arrive in.
    order.reverse()
    results = fire_in_waves(lambda k: attempt(order[k]), len(apps), wave)
    return results, order


def test_200_simultaneous_accepts_claim_exactly_the_20_seats_in_reaction_order(
    transactional_world,
):
    wave = wave_size()
    for r in range(ROUNDS):
        period, apps = new_round(transactional_world, ATTEMPTS, f"h{r}")
        results, _order = accept_over_http(transactional_world, apps, wave)

        errors = [x for x in results if isinstance(x, BaseException)]
        assert errors == []
        assert {status for status, _ in results} == {302}, "no server error, only redirects"
        successes = sum(levels == [constants.SUCCESS] for _, levels in results)
        refusals = sum(levels == [constants.ERROR] for _, levels in results)
        assert (successes, refusals) == (SEATS, ATTEMPTS - SEATS)
        claimed = Application.objects.filter(period=period, status=Status.ACCEPTED)
        assert claimed.count() == SEATS
        # R-MATCH-4: the seats went to the twenty who reacted first.
        assert set(claimed.values_list("pk", flat=True)) == {a.pk for a in apps[:SEATS]}


def test_negative_control_the_http_harness_catches_oversubscription(
    transactional_world, monkeypatch
):
    monkeypatch.setattr(seats, "lock_period", unguarded_lock)
    monkeypatch.setattr(seats, "claimed_seats", slow_count(seats.claimed_seats))
    monkeypatch.setattr(seats, "check_reaction_order", lambda app, period: None)
    period, apps = new_round(transactional_world, ATTEMPTS, "hx")
    accept_over_http(transactional_world, apps, wave_size())
    claimed = Application.objects.filter(period=period, status=Status.ACCEPTED).count()
    print(f"negative control (HTTP): {claimed} of {SEATS} seats claimed")
    assert claimed > SEATS


# -- the seat claim itself (what the matching engine calls) ----------------------------------


def claim_all(apps: list[Application], wave: int) -> list[Any]:
    def attempt(i: int):
        try:
            seats.seat_claim(application=apps[i], by=None)
            return "claimed"
        except seats.PeriodFull:
            return "full"

    return fire_in_waves(attempt, len(apps), wave)


def test_200_simultaneous_seat_claims_never_oversubscribe(transactional_world, monkeypatch):
    # The slow count runs under the lock here: only the guard stands between it and a race.
    monkeypatch.setattr(seats, "claimed_seats", slow_count(seats.claimed_seats))
    wave = wave_size()
    for r in range(ROUNDS):
        period, apps = new_round(transactional_world, ATTEMPTS, f"s{r}")
        results = claim_all(apps, wave)
        assert [x for x in results if x not in ("claimed", "full")] == []
        assert results.count("claimed") == SEATS
        assert results.count("full") == ATTEMPTS - SEATS
        assert Application.objects.claiming().filter(period=period).count() == SEATS


def test_negative_control_without_the_guard_seats_are_oversubscribed(
    transactional_world, monkeypatch
):
    monkeypatch.setattr(seats, "lock_period", unguarded_lock)
    monkeypatch.setattr(seats, "claimed_seats", slow_count(seats.claimed_seats))
    period, apps = new_round(transactional_world, ATTEMPTS, "sx")
    results = claim_all(apps, wave_size())
    assert [x for x in results if x not in ("claimed", "full")] == []
    claimed = Application.objects.claiming().filter(period=period).count()
    print(f"negative control (seat claim): {claimed} of {SEATS} seats claimed")
    assert claimed > SEATS
