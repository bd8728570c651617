"""Confirmations at the same moment, on PostgreSQL with real threads (docs/matching.md).

1. Two brokers confirm the same round at once: it is confirmed once, every proposal gets one
   reaction and the right outcome, every student is told once. The database's partial unique
   index (one active reaction per student and placement) is the last line; the guards keep the
   record true. The negative control switches both guards off and sees the round confirmed
   twice and outcomes overwritten.
2. Two rounds hand out the last free seat of one period to two different students, confirmed
   at once: one reaction is made, the other proposal is refused as full. The negative control
   switches off the period lock and sees the provider sent two students for one seat.

3. A school's round (R-MATCH-8: no broker serves the Eefde school's municipality) and the
   broker's round hand out the same last seat, confirmed at once: the school's round goes
   through the same service and the same period lock, so one reaction is made. No new guard:
   the negative control takes out the same lock_period guard as in (2) and sees two students
   sent for one seat.

The negative controls run the real run_confirm and take out only the guards: the condition of
claim_for_confirmation's UPDATE (``status = 'proposed'``, without_condition) and
claim_proposal's lock and outcome check in (1), lock_period's lock in (2). In (2) both runs
widen the same spot: after a confirmation has counted the period's seats it waits (at most five
seconds) for the other to have counted too (Rendezvous); with the lock the other is held at the
lock and the wait times out. (1) needs no widening: without the condition both claims succeed.
Each control was caught in 10 of 10 runs (2026-12-04, bench/negative_controls.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from stageplein.accounts.models import Membership, Role
from stageplein.applications.models import Application, Side
from stageplein.applications.services import submission
from stageplein.matching import services
from stageplein.matching.models import Proposal, Run
from stageplein.notifications.models import Notification
from stageplein.placements.models import Placement, PlacementPeriod
from tests.support.concurrency import Rendezvous, run_concurrently, without_condition
from tests.support.matching import offer, pupil, school_without_broker, window_for
from tests.support.people import make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


@pytest.fixture
def brokers(transactional_world):
    world = transactional_world
    second = make_user("tweede@vc.test", "Tom", "Makelaar")
    Membership.objects.create(user=second, role=Role.BROKER, broker=world.broker)
    Placement.objects.update(status=Placement.Status.CLOSED)
    window_for(world.school)
    return world, [world.users["broker"], second]


def computed_round(world, students, by) -> Run:
    run = services.run_create(
        broker=world.broker,
        by=by,
        student_ids=[s.pk for s in students],
        mode="optimal",
        selection={},
    )
    services.run_execute(run_id=run.pk)  # (on_commit already ran it when autocommitting)
    run.refresh_from_db()
    assert run.status == Run.Status.PROPOSED
    return run


def confirm_at_once(runs: list[Run], people) -> list[Any]:
    return run_concurrently(lambda i: services.run_confirm(run=runs[i], by=people[i]), 2)


# -- 1. the same round, twice ------------------------------------------------------------------


def one_round(brokers) -> tuple[Run, list]:
    world, people = brokers
    for k in range(3):
        offer(world.provider, f"Plek {k}", capacity=2)
    students = [pupil(world.school, f"80{k}") for k in range(6)]
    return computed_round(world, students, people[0]), students


def test_two_brokers_confirming_one_round_at_once_confirm_it_once(brokers):
    _world, people = brokers
    run, students = one_round(brokers)
    results = confirm_at_once([run, run], people)
    assert sorted(results) == [False, True]
    run.refresh_from_db()
    assert run.status == Run.Status.CONFIRMED
    assert (run.n_created, run.n_refused) == (6, 0)
    outcomes = set(Proposal.objects.filter(run=run).values_list("outcome", flat=True))
    assert outcomes == {Proposal.Outcome.CREATED}
    assert Application.objects.filter(submitted_side=Side.BROKER).count() == 6
    for student in students:
        assert (
            Notification.objects.filter(recipient=student.user, kind="matching_proposed").count()
            == 1
        )


def test_negative_control_without_the_guards_the_round_is_confirmed_twice(brokers, monkeypatch):
    _world, people = brokers
    run, _students = one_round(brokers)

    def unguarded_proposal(proposal_id):
        """claim_proposal without its guard: the row read, not locked, whatever its outcome."""
        return Proposal.objects.select_related("student", "period__placement").get(pk=proposal_id)

    without_condition(monkeypatch, Run, status=Run.Status.PROPOSED)
    monkeypatch.setattr(services, "claim_proposal", unguarded_proposal)
    results = confirm_at_once([run, run], people)
    print(f"negative control (same round): claims {results}")
    assert results == [True, True]
    refused = Proposal.objects.filter(run=run, outcome=Proposal.Outcome.REFUSED).count()
    # The unique index still refuses a second reaction: the second confirmation then records
    # "already reacted" over reactions that were made, and the round's figures are wrong.
    assert refused > 0
    assert Application.objects.filter(submitted_side=Side.BROKER).count() == 6


# -- 2. the last seat, from two rounds ------------------------------------------------------------


def two_rounds_for_one_seat(brokers) -> tuple[list[Run], PlacementPeriod]:
    world, people = brokers
    period = offer(world.provider, "De laatste plek", capacity=1)
    first, second = pupil(world.school, "8101"), pupil(world.school, "8102")
    runs = [computed_round(world, [first], people[0]), computed_round(world, [second], people[1])]
    for run in runs:
        assert Proposal.objects.get(run=run).period_id == period.pk
    return runs, period


@pytest.fixture
def counted_together(monkeypatch) -> Rendezvous:
    """The widening of both runs: a confirmation that has counted the seats waits for the other."""
    together = Rendezvous()
    counted = together.after(submission.seats_held_or_asked)
    monkeypatch.setattr(submission, "seats_held_or_asked", counted)
    return together


def test_two_rounds_confirmed_at_once_never_send_two_students_for_one_seat(
    brokers, counted_together
):
    _world, people = brokers
    runs, period = two_rounds_for_one_seat(brokers)
    with counted_together.expecting(2):
        results = confirm_at_once(runs, people)
    assert results == [True, True]
    assert Application.objects.filter(period=period).count() == 1
    refused = Proposal.objects.filter(outcome=Proposal.Outcome.REFUSED)
    assert [p.outcome_code for p in refused] == ["NoFreeSeat"]


def test_negative_control_without_the_period_lock_the_seat_goes_twice(
    brokers, counted_together, monkeypatch
):
    _world, people = brokers
    runs, period = two_rounds_for_one_seat(brokers)

    def unguarded_lock(period_id):
        """lock_period without its guard: the period read, not locked."""
        return PlacementPeriod.objects.get(pk=period_id)

    monkeypatch.setattr(submission, "lock_period", unguarded_lock)
    with counted_together.expecting(2):
        confirm_at_once(runs, people)
    sent = Application.objects.filter(period=period).count()
    print(f"negative control (last seat): {sent} students sent for 1 seat")
    assert sent == 2


# -- 3. the last seat, from a school's round and the broker's ------------------------------------


@pytest.fixture
def school_and_broker(brokers):
    world, people = brokers
    school, coordinator = school_without_broker(world)
    window_for(school)
    return world, school, [coordinator, people[0]]


def school_and_broker_rounds(school_and_broker) -> tuple[list[Run], PlacementPeriod]:
    world, school, (coordinator, broker_user) = school_and_broker
    period = offer(world.provider, "De laatste plek", capacity=1)
    theirs, ours = pupil(school, "8201", pc4="7211"), pupil(world.school, "8202")
    runs = []
    for owner, student, by in (
        ({"school": school}, theirs, coordinator),
        ({"broker": world.broker}, ours, broker_user),
    ):
        run = services.run_create(
            **owner, by=by, student_ids=[student.pk], mode="optimal", selection={}
        )
        services.run_execute(run_id=run.pk)
        assert Proposal.objects.get(run=run).period_id == period.pk
        runs.append(run)
    return runs, period


def test_a_school_round_and_a_broker_round_never_send_two_students_for_one_seat(
    school_and_broker, counted_together
):
    _world, _school, people = school_and_broker
    runs, period = school_and_broker_rounds(school_and_broker)
    with counted_together.expecting(2):
        results = confirm_at_once(runs, people)
    assert results == [True, True]
    made = Application.objects.filter(period=period)
    assert made.count() == 1
    assert made.get().submitted_side in (Side.SCHOOL, Side.BROKER)
    refused = Proposal.objects.filter(outcome=Proposal.Outcome.REFUSED)
    assert [p.outcome_code for p in refused] == ["NoFreeSeat"]


def test_negative_control_a_school_round_without_the_period_lock_overfills(
    school_and_broker, counted_together, monkeypatch
):
    _world, _school, people = school_and_broker
    runs, period = school_and_broker_rounds(school_and_broker)

    def unguarded_lock(period_id):
        """lock_period without its guard: the period read, not locked."""
        return PlacementPeriod.objects.get(pk=period_id)

    monkeypatch.setattr(submission, "lock_period", unguarded_lock)
    with counted_together.expecting(2):
        confirm_at_once(runs, people)
    sides = sorted(
        Application.objects.filter(period=period).values_list("submitted_side", flat=True)
    )
    print(f"negative control (school and broker, last seat): {len(sides)} sent for 1 seat")
    assert sides == sorted([Side.BROKER, Side.SCHOOL])
