"""R-MATCH-8: where no broker serves a school's municipality, the school's coordinators run the
broker workspace's round for their own unplaced students (docs/matching.md, "Who may use it").

The world's broker serves Zutphen only; the Eefde school lies in Lochem (same region, nobody
serves it). Its coordinator gets the same pages, scoped to the school; a second unserved school
and the broker never see each other's students or rounds (404)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from stageplein.accounts.access import build_scope
from stageplein.applications.models import Application, Side
from stageplein.matching.access import may_match, schools_that_match
from stageplein.matching.models import DEFAULT_WEIGHTS, Proposal, Run
from stageplein.matching.selectors import queue, school_scope
from stageplein.matching.services import (
    run_confirm,
    run_confirm_execute,
    run_create,
    run_execute,
)
from stageplein.notifications.models import Notification
from stageplein.organisations.models import Broker
from tests.support.matching import offer, pupil, react, school_without_broker, window_for

pytestmark = pytest.mark.django_db

EEFDE = "7211"  # Lochem municipality, 3 km from the Zutphen placements


@pytest.fixture
def eefde(empty_bank):
    world = empty_bank
    school, coordinator = school_without_broker(world)
    window_for(school)
    window_for(world.school)
    return school, coordinator


def signed_in(client, user):
    client.force_login(user)
    return client


def test_only_coordinators_of_a_school_no_broker_serves_may_match(world, eefde):
    school, coordinator = eefde
    assert list(schools_that_match(build_scope(coordinator))) == [school]
    assert may_match(build_scope(coordinator))
    # The world's school: Zutphen has a broker, so its coordinator does not run rounds.
    assert not may_match(build_scope(world.users["coordinator"]))
    # Mentors react for a student or ask for mediation; the round is the coordinators'.
    assert not may_match(build_scope(world.users["mentor"]))
    assert not may_match(build_scope(world.users["student"]))


def test_a_broker_starting_to_serve_the_municipality_takes_over(world, eefde, client):
    school, coordinator = eefde
    Broker.objects.create(name="Lochem helpt", region=world.region).municipalities.set(
        [school.municipality]
    )
    assert not may_match(build_scope(coordinator))
    assert signed_in(client, coordinator).get(reverse("matching_queue")).status_code == 403


def test_the_school_queue_holds_only_its_own_unplaced_students(world, eefde, client):
    school, coordinator = eefde
    mine = [pupil(school, f"300{k}", pc4=EEFDE) for k in range(3)]
    # A student of the broker's school who lives in Eefde: in the broker's queue, not the
    # school's; and the Eefde student lives in Lochem, not in the broker's area.
    pupil(world.school, "3100", pc4=EEFDE)
    assert set(queue(school_scope(school)).values_list("pk", flat=True)) == {s.pk for s in mine}
    response = signed_in(client, coordinator).get(reverse("matching_queue"))
    assert response.status_code == 200
    assert {st.pk for st in response.context["rows"]} == {s.pk for s in mine}
    assert response.context["desk"].school == school
    assert response.context["weights"].as_weights() == DEFAULT_WEIGHTS
    page = response.content.decode()
    assert "Eefdecollege" in page and world.classmate.user.last_name not in page
    assert reverse("matching_settings") not in page  # weights are a broker's


def test_a_school_round_from_queue_to_confirmed_reactions(
    world, eefde, client, django_capture_on_commit_callbacks
):
    school, coordinator = eefde
    period = offer(world.provider, "Voorlezen in Zutphen", capacity=2)
    students = [pupil(school, f"310{k}", pc4=EEFDE) for k in range(2)]
    signed_in(client, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matching_run_create"),
            {
                "mode": "optimal",
                # The world's classmate is not this school's: dropped.
                "student": [s.pk for s in students] + [world.classmate.pk],
            },
        )
    run = Run.objects.get(school=school)
    assert response.url == reverse("matching_run_detail", args=[run.pk])
    assert run.broker is None and sorted(run.student_ids) == sorted(s.pk for s in students)
    assert run.status == Run.Status.PROPOSED and run.n_proposed == 2
    assert client.get(reverse("matching_run_detail", args=[run.pk])).status_code == 200
    assert client.get(reverse("matching_run_list")).context["page"].object_list[0] == run
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching_run_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status, run.n_created) == (Run.Status.CONFIRMED, 2)
    made = Application.objects.filter(period=period)
    assert {a.student_id for a in made} == {s.pk for s in students}
    assert {a.submitted_side for a in made} == {Side.SCHOOL}
    assert {a.submitted_by for a in made} == {coordinator}
    for student in students:
        told = Notification.objects.get(recipient=student.user, kind="matching_proposed")
        assert "school" in told.title.lower()


def test_a_school_round_takes_only_seats_nobody_asked_for(world, eefde):
    """The reaction order: a student who reacted themselves keeps the seat; the school's
    round, like the broker's, only divides what is left (and is refused at confirmation)."""
    school, coordinator = eefde
    period = offer(world.provider, "De laatste plek", capacity=1)
    student = pupil(school, "3200", pc4=EEFDE)
    run = run_create(
        school=school, by=coordinator, student_ids=[student.pk], mode="optimal", selection={}
    )
    run_execute(run_id=run.pk)
    proposal = Proposal.objects.get(run=run)
    assert proposal.period == period
    react(world.classmate, period)  # the classmate asked while the school reviewed
    assert run_confirm(run=run, by=coordinator)
    run_confirm_execute(run_id=run.pk)
    proposal.refresh_from_db()
    assert (proposal.outcome, proposal.outcome_code) == (Proposal.Outcome.REFUSED, "NoFreeSeat")


def test_coordinators_of_two_unserved_schools_never_see_each_others_rounds(world, eefde, client):
    school, coordinator = eefde
    other, other_coordinator = school_without_broker(world, brin="31DD", email="c@gorssel.test")
    theirs = pupil(other, "3300", pc4=EEFDE)
    run = Run.objects.create(
        school=other,
        created_by=other_coordinator,
        weights=dict(DEFAULT_WEIGHTS),
        student_ids=[theirs.pk],
        status=Run.Status.PROPOSED,
    )
    proposal = Proposal.objects.create(run=run, student=theirs)
    signed_in(client, coordinator)
    assert theirs.pk not in {st.pk for st in client.get(reverse("matching_queue")).context["rows"]}
    assert list(client.get(reverse("matching_run_list")).context["page"].object_list) == []
    # Another school's round, and the broker's: 404, as for any outsider.
    for target in (run, world.run):
        assert client.get(reverse("matching_run_detail", args=[target.pk])).status_code == 404
        assert client.post(reverse("matching_run_confirm", args=[target.pk])).status_code == 404
    change = reverse("matching_proposal_change", args=[run.pk, proposal.pk])
    assert client.get(change).status_code == 404
    # ... and the broker does not open a school's round either.
    broker = signed_in(client, world.users["broker"])
    assert broker.get(reverse("matching_run_detail", args=[run.pk])).status_code == 404
    # A desk parameter naming someone else's school falls back to the person's own.
    signed_in(client, coordinator)
    response = client.get(reverse("matching_queue"), {"desk": f"school-{other.pk}"})
    assert response.context["desk"].school == school


def test_the_navigation_shows_the_round_only_where_allowed(world, eefde, client):
    _school, coordinator = eefde
    queue_url = reverse("matching_queue")
    assert queue_url in signed_in(client, coordinator).get(reverse("home")).content.decode()
    coordinator_page = signed_in(client, world.users["coordinator"]).get(reverse("home"))
    assert queue_url not in coordinator_page.content.decode()


def test_a_run_belongs_to_a_broker_or_to_a_school_never_both_nor_neither(world, eefde):
    school, _coordinator = eefde
    for owner in ({"broker": world.broker, "school": school}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Run.objects.create(weights={}, **owner)
