"""Confirming a round: the proposals become reactions in the vacancy bank's normal flow (the
provider accepts, the school approves), through its own rules; who is told, once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stageplein.applications.models import Application, Side, Status
from stageplein.applications.services import application_accept, application_approve
from stageplein.matching.models import Proposal, Run
from stageplein.matching.services import (
    proposal_change,
    run_confirm,
    run_confirm_execute,
    run_create,
    run_execute,
)
from stageplein.notifications.models import Notification
from stageplein.students.models import Guardianship
from tests.support.matching import offer, pupil, react
from tests.support.people import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(window, world):
    periods = [offer(world.provider, f"Plek {k}", capacity=1) for k in range(2)]
    students = [pupil(world.school, f"500{k}", mentor=world.users["mentor"]) for k in range(3)]
    run = run_create(
        broker=world.broker,
        by=world.users["broker"],
        student_ids=[s.pk for s in students],
        mode="stable",
        selection={},
    )
    run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run, periods, students


def confirm(run, by):
    assert run_confirm(run=run, by=by)
    return run_confirm_execute(run_id=run.pk)


def test_confirmed_proposals_become_reactions_the_provider_accepts_and_the_school_approves(
    reviewed, world
):
    run, _periods, students = reviewed
    done = confirm(run, world.users["broker"])
    assert done.status == Run.Status.CONFIRMED and done.confirmed_at
    assert (done.n_created, done.n_refused) == (2, 0)
    apps = list(Application.objects.filter(student__in=students[:2]).order_by("student_id"))
    assert [a.status for a in apps] == [Status.SUBMITTED, Status.SUBMITTED]
    assert {a.submitted_side for a in apps} == {Side.BROKER}
    assert {a.submitted_by for a in apps} == {world.users["broker"]}
    assert all(a.motivation.startswith("Voorgesteld door de stagemakelaar") for a in apps)
    outcomes = dict(Proposal.objects.filter(run=run).values_list("student_id", "outcome"))
    assert outcomes[students[2].pk] == Proposal.Outcome.SKIPPED
    accepted = application_accept(application=apps[0], by=world.users["provider_contact"])
    approved = application_approve(application=accepted, by=world.users["mentor"])
    assert approved.status == Status.APPROVED and approved.internship is not None


def test_everyone_involved_is_told_once(reviewed, world):
    run, _periods, students = reviewed
    confirm(run, world.users["broker"])
    told = Notification.objects.filter(kind="matching_proposed")
    for student in students[:2]:
        assert told.filter(recipient=student.user).count() == 1
    assert told.filter(recipient=students[2].user).count() == 0
    provider = told.get(recipient=world.users["provider_contact"])
    assert provider.title == "De stagemakelaar stuurde 2 leerlingen naar je stageplaatsen"
    assert told.filter(recipient=world.users["mentor"]).count() == 1
    assert not Notification.objects.filter(kind="application_received").exists()


def test_a_broker_rounds_reaction_is_told_to_the_students_parents_as_a_schools_is(reviewed, world):
    run, _periods, students = reviewed
    parents = [make_user(f"ouder{k}@ouder.test", "Ouder", f"{k}") for k in range(2)]
    for parent in parents:  # two parents of the first student, none of the second
        Guardianship.objects.create(student=students[0], guardian=parent)
    skipped = make_user("ouder9@ouder.test", "Ouder", "9")
    Guardianship.objects.create(student=students[2], guardian=skipped)
    confirm(run, world.users["broker"])
    app = Application.objects.get(student=students[0])
    for parent in parents:
        told = Notification.objects.get(recipient=parent, kind="matching_proposed")
        assert told.title == (
            f"De stagemakelaar heeft voor je kind gereageerd op “{app.placement.title}”"
        )
        assert told.url == reverse("application_detail", args=[app.pk])
    # The student without a proposal has nothing to tell their parent.
    assert not Notification.objects.filter(recipient=skipped).exists()


def test_a_proposal_that_cannot_be_made_keeps_the_reason(reviewed, world):
    run, periods, students = reviewed
    # Meanwhile the first student reacted to the same placement, and the other period filled.
    react(students[0], periods[0])
    react(pupil(world.school, "5990"), periods[1], Status.ACCEPTED)
    done = confirm(run, world.users["broker"])
    assert (done.n_created, done.n_refused) == (0, 2)
    refused = {
        p.student_id: (p.outcome_code, p.outcome_message)
        for p in Proposal.objects.filter(run=run, outcome=Proposal.Outcome.REFUSED)
    }
    assert refused[students[0].pk][0] == "StudentAlreadyReacted"
    assert refused[students[1].pk][0] == "NoFreeSeat"
    assert "al gereageerd" in refused[students[0].pk][1]


def test_a_hand_change_is_what_gets_confirmed(reviewed, world):
    run, _periods, students = reviewed
    first = Proposal.objects.get(run=run, student=students[0])
    proposal_change(proposal=first, by=world.users["broker"], period_id=None)
    spare = Proposal.objects.get(run=run, student=students[2])
    proposal_change(proposal=spare, by=world.users["broker"], period_id=first.engine_period_id)
    confirm(run, world.users["broker"])
    assert not Application.objects.filter(student=students[0]).exists()
    assert Application.objects.get(student=students[2]).period_id == first.engine_period_id


def test_a_round_is_confirmed_once_and_a_repeated_task_makes_nothing_twice(reviewed, world):
    run, _periods, _students = reviewed
    confirm(run, world.users["broker"])
    assert not run_confirm(run=run, by=world.users["broker"])
    Run.objects.filter(pk=run.pk).update(status=Run.Status.CONFIRMING)
    run_confirm_execute(run_id=run.pk)
    assert Application.objects.filter(submitted_side=Side.BROKER).count() == 2
