"""run_create and the task it queues (run_execute): who ran what, with which weights and
selection; one proposal per student with its options, or why not."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from stageplein.applications.models import Status
from stageplein.applications.services import Refused
from stageplein.matching import services
from stageplein.matching.models import Proposal, Run
from stageplein.matching.services import run_create, run_execute, settings_save
from stageplein.notifications.models import Notification
from tests.support.matching import offer, pupil, react

pytestmark = pytest.mark.django_db


def start(world, students, mode="optimal", capture=None):
    run = run_create(
        broker=world.broker,
        by=world.users["broker"],
        student_ids=[s.pk for s in students],
        mode=mode,
        selection={"all": False, "filters": {"level": "havo"}, "picked": len(students)},
    )
    return run


def test_a_round_proposes_places_and_records_who_ran_it_with_which_weights(
    window, world, django_capture_on_commit_callbacks
):
    settings_save(broker=world.broker, by=world.users["broker"], km_weight=5)
    care = offer(world.provider, "Zorgmiddag", capacity=1, sector_id="zorg")
    sport = offer(world.provider, "Sportdag", capacity=1, sector_id="sport")
    first = pupil(world.school, "5001", interests=("zorg",))
    second = pupil(world.school, "5002", interests=("zorg",))
    third = pupil(world.school, "5003", interests=("zorg",))
    with django_capture_on_commit_callbacks(execute=True):
        run = start(world, [first, second, third])
    run.refresh_from_db()
    assert run.status == Run.Status.PROPOSED
    assert run.created_by == world.users["broker"]
    assert run.weights["km_weight"] == 5
    assert run.selection["filters"] == {"level": "havo"}
    assert (run.n_students, run.n_proposed) == (3, 2)
    proposals = {p.student_id: p for p in Proposal.objects.filter(run=run)}
    assert {p.period_id for p in proposals.values()} == {care.pk, sport.pk, None}
    unplaced = next(p for p in proposals.values() if p.period_id is None)
    assert unplaced.unplaced["code"] == "taken"
    placed = next(p for p in proposals.values() if p.period_id == care.pk)
    assert placed.engine_period_id == care.pk and placed.placement_id == care.placement_id
    assert [c["period"] for c in placed.candidates] == [care.pk, sport.pk]
    assert placed.context["interests"] == ["zorg"]
    assert Notification.objects.filter(
        recipient=world.users["broker"], kind="matching_run_ready"
    ).exists()


def test_in_waiting_order_the_longest_waiting_student_comes_first(
    window, world, django_capture_on_commit_callbacks
):
    """The stable mode's priority is the queue's waiting order (an earlier reaction makes a
    student wait longer), never the school level or the order the broker ticked them in."""
    seat = offer(world.provider, "Eén plek", capacity=1)
    elsewhere = offer(world.provider, "Al vol", capacity=1)
    late = pupil(world.school, "5001", level="vwo")
    early = pupil(world.school, "5002", level="vmbo")
    react(pupil(world.school, "5990"), elsewhere, Status.ACCEPTED)
    # The vmbo student reacted somewhere earlier (and was declined): waiting longer.
    react(
        early,
        elsewhere,
        Status.DECLINED,
        decline_reason="Vol",
        submitted_at=timezone.now() - datetime.timedelta(days=3),
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = start(world, [late, early], mode="stable")
    got = dict(Proposal.objects.filter(run=run).values_list("student_id", "period_id"))
    assert got == {early.pk: seat.pk, late.pk: None}
    positions = dict(Proposal.objects.filter(run=run).values_list("student_id", "position"))
    assert positions == {early.pk: 0, late.pk: 1}


def test_students_placed_meanwhile_drop_out_of_the_round(window, world):
    offer(world.provider, "Plek")
    waiting = pupil(world.school, "5001")
    placed = pupil(world.school, "5002")
    run = start(world, [waiting, placed])
    react(placed, offer(world.provider, "Gevonden"), Status.ACCEPTED)
    run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.n_students == 1 and run.stats["left_out"] == 1
    assert list(Proposal.objects.filter(run=run).values_list("student_id", flat=True)) == [
        waiting.pk
    ]


def test_a_round_is_computed_once(window, world):
    run = start(world, [pupil(world.school, "5001")])
    assert run_execute(run_id=run.pk) is not None
    assert run_execute(run_id=run.pk) is None
    assert Proposal.objects.filter(run=run).count() == 1


def test_a_round_needs_students_and_a_mode(world):
    with pytest.raises(Refused):
        start(world, [])
    with pytest.raises(Refused):
        start(world, [world.classmate], mode="by-level")


def test_the_progress_bar_follows_the_engine_while_places_are_divided(window, world, monkeypatch):
    """The engine's progress callback reaches the run's row (what the round page polls) while
    the places are divided, written by the thread that owns the connection."""
    offer(world.provider, "Plek", capacity=2)
    run = start(world, [pupil(world.school, "5001"), pupil(world.school, "5002")])
    real = services.allocate_candidates
    released = threading.Event()

    def engine_half_way(cset, mode, progress):
        progress(0.5)  # as the engine reports a solved component
        released.wait(5)
        return real(cset, mode, progress)

    seen: list[tuple[str, int, int]] = []
    busy = [False]

    def watch(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith('UPDATE "matching_run"') and not busy[0]:
            busy[0] = True
            row = Run.objects.values_list("phase", "done", "total").get(pk=run.pk)
            seen.append(row)
            if row[0] == Run.Phase.ALLOCATING and row[1] == 1:
                released.set()
            busy[0] = False
        return result

    monkeypatch.setattr(services, "allocate_candidates", engine_half_way)
    monkeypatch.setattr(services, "PROGRESS_SECONDS", 0.01)
    with connection.execute_wrapper(watch):
        run_execute(run_id=run.pk)
    assert (Run.Phase.ALLOCATING, 1, 2) in seen  # half of two students solved
    run.refresh_from_db()
    assert run.status == Run.Status.PROPOSED and run.percent == 100
    allocating = Run(status=Run.Status.RUNNING, phase=Run.Phase.ALLOCATING, done=1, total=2)
    assert allocating.percent == 80  # 76 + half of the allocation's 9


def test_finding_candidates_writes_the_progress_bar_seldom_not_once_per_block(world):
    """A national round has thousands of blocks of students; the run's row is written at most
    every PROGRESS_SECONDS and once at the end, not once per block."""
    run = start(world, [pupil(world.school, "5001")])
    progress = services.candidates_progress(run.pk)
    updates = [0]

    def count(execute, sql, params, many, context):
        updates[0] += sql.startswith('UPDATE "matching_run"')
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        for done in range(1, 3001):
            progress(done, 3000)
    assert 2 <= updates[0] <= 10  # the first, the last, a few ticks if the machine stalls
    run.refresh_from_db()
    assert (run.done, run.total) == (3000, 3000)
