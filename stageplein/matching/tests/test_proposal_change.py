"""The broker changes a proposal by hand: another of the student's options, or no place."""

from __future__ import annotations

import pytest

from stageplein.applications.services import Refused
from stageplein.matching.models import Proposal, Run
from stageplein.matching.services import proposal_change, run_create, run_execute
from tests.support.matching import offer, pupil

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(window, world):
    best = offer(world.provider, "Beste", pc4="7201", capacity=1)
    second = offer(world.provider, "Tweede", pc4="7203", capacity=1)
    students = [pupil(world.school, "5001"), pupil(world.school, "5002")]
    run = run_create(
        broker=world.broker,
        by=world.users["broker"],
        student_ids=[s.pk for s in students],
        mode="stable",
        selection={},
    )
    run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run, best, second, students


def test_the_broker_moves_a_student_to_another_option_and_it_is_recorded(round_, world):
    run, best, second, (first, other) = round_
    mine = Proposal.objects.get(run=run, student=other)
    assert mine.period_id == second.pk
    # Move the first student off the best period, then the second one onto it.
    proposal_change(
        proposal=Proposal.objects.get(run=run, student=first),
        by=world.users["broker"],
        period_id=None,
    )
    changed = proposal_change(proposal=mine, by=world.users["broker"], period_id=best.pk)
    assert (changed.period_id, changed.engine_period_id) == (best.pk, second.pk)
    assert changed.changed_by == world.users["broker"] and changed.is_changed
    run.refresh_from_db()
    assert (run.n_proposed, run.n_changed) == (1, 2)


def test_a_period_without_a_seat_left_in_the_round_is_refused(round_, world):
    run, best, _second, (_first, other) = round_
    with pytest.raises(Refused, match="geen plek meer over"):
        proposal_change(
            proposal=Proposal.objects.get(run=run, student=other),
            by=world.users["broker"],
            period_id=best.pk,
        )


def test_only_the_students_own_options_can_be_chosen(round_, world):
    run, *_ = round_
    stranger = offer(world.provider, "Niet voor hem")
    with pytest.raises(Refused):
        proposal_change(
            proposal=Proposal.objects.filter(run=run)[0],
            by=world.users["broker"],
            period_id=stranger.pk,
        )


def test_a_confirmed_round_can_no_longer_change(round_, world):
    run, *_ = round_
    Run.objects.filter(pk=run.pk).update(status=Run.Status.CONFIRMING)
    with pytest.raises(Refused):
        proposal_change(
            proposal=Proposal.objects.filter(run=run)[0],
            by=world.users["broker"],
            period_id=None,
        )
