"""A broker's rounds and proposals are that broker's: another broker (of another area) gets
404 on each of them, and its queue never lists the first broker's students."""

import pytest
from django.urls import reverse

from stageplein.accounts.models import Membership, Role
from stageplein.geo.models import Municipality
from stageplein.matching.models import Proposal, Run
from stageplein.matching.services import run_create, run_execute
from stageplein.organisations.models import Broker
from tests.support.matching import offer, pupil
from tests.support.people import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_broker(world, client):
    broker = Broker.objects.create(name="Vrijwilligerspunt Utrecht", region=world.other_region)
    broker.municipalities.set([Municipality.objects.get(name="Utrecht")])
    user = make_user("makelaar@utrecht.test", "Ursula", "Utrecht")
    Membership.objects.create(user=user, role=Role.BROKER, broker=broker)
    client.force_login(user)
    return client


@pytest.fixture
def round_of_the_first_broker(window, world):
    offer(world.provider, "Wandelen met bewoners", sector_id="zorg")
    student = pupil(world.school, "5001", interests=("zorg",), first_name="Fenna")
    run = run_create(
        broker=world.broker,
        by=world.users["broker"],
        student_ids=[student.pk],
        mode="optimal",
        selection={},
    )
    run_execute(run_id=run.pk)
    return Run.objects.get(pk=run.pk)


def test_another_broker_gets_404_on_the_round_its_proposals_and_confirmation(
    other_broker, round_of_the_first_broker
):
    run = round_of_the_first_broker
    proposal = Proposal.objects.filter(run=run).first()
    assert proposal is not None
    assert other_broker.get(reverse("matching_run_detail", args=[run.pk])).status_code == 404
    assert (
        other_broker.get(
            reverse("matching_proposal_change", args=[run.pk, proposal.pk])
        ).status_code
        == 404
    )
    assert other_broker.post(reverse("matching_run_confirm", args=[run.pk])).status_code == 404
    run.refresh_from_db()
    assert run.confirmed_at is None
    listed = other_broker.get(reverse("matching_run_list")).content.decode()
    assert reverse("matching_run_detail", args=[run.pk]) not in listed


def test_another_brokers_queue_does_not_list_our_students(other_broker, world):
    pupil(world.school, "5001", first_name="Fenna", last_name="Zuidema")
    queue = other_broker.get(reverse("matching_queue")).content.decode()
    assert "Zuidema" not in queue
