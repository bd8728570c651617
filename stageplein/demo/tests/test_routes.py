"""The demo's routes step (issue 15), played through the services on the test world: a student
with a proposal to answer and one waiting for one, students on a full period's waiting list,
the broker's stage market with organisations and students, a school's return day, and an
organisation whose first placement waits for the broker's review."""

import random

import pytest
from django.utils import timezone

from stageplein.accounts.access import get_scope
from stageplein.accounts.models import User
from stageplein.applications.models import Application, Status, WaitingListEntry
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.demo.routes import play
from stageplein.events.models import Event, Signup
from stageplein.mediation.models import MediationRequest
from stageplein.placements.access import placements_to_review
from stageplein.students.models import Student
from tests.support.people import make_student
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


def test_the_routes_step_makes_one_of_each(world):
    # A full period for the waiting list: one seat, taken.
    placement = make_placement(world.provider, title="Vol", pc4="7202")
    period = make_period(placement, capacity=1)
    now = timezone.now()
    Application.objects.create(
        student=world.other_student,
        placement=placement,
        period=period,
        motivation="x",
        status=Status.ACCEPTED,
        submitted_at=now,
        accepted_at=now,
    )
    for k in range(4):
        make_student(world.school, f"90{k}", first_name=f"Demo{k}", mentor=None)
    others = [make_student(world.school, f"95{k}", class_name="4V1", mentor=None) for k in (1, 2)]
    User.objects.filter(pk=world.users["mentor"].pk).update(email=FIXED_ACCOUNTS["mentor"])
    play(
        random.Random(1),
        schools=[world.school],
        broker=world.broker,
        broker_user=world.users["broker"],
        providers=[world.provider],
        contacts={world.provider.pk: world.users["provider_contact"]},
    )
    statuses = set(MediationRequest.objects.values_list("status", flat=True))
    assert statuses == {"proposed", "open"}
    assert WaitingListEntry.objects.filter(period=period).count() == 2
    market = Event.objects.get(kind="market")
    assert Signup.objects.filter(event=market, provider=world.provider).exists()
    assert Signup.objects.filter(event=market, provider__isnull=True).exists()
    assert Event.objects.filter(kind="return", school=world.school).exists()
    world.school.refresh_from_db()
    assert world.school.contact_phone and world.school.contact_email
    mentees = set(Student.objects.filter(mentor=world.users["mentor"]))
    assert mentees >= set(others)  # two single students of another class than the mentor's
    waiting = placements_to_review(get_scope(world.users["broker"]))
    assert list(waiting.values_list("title", flat=True)) == ["Meehelpen in de buurtmoestuin"]
