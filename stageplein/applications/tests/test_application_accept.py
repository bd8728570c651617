"""The provider accepts: a seat is claimed; when seats are scarce, earlier reactions go first
whatever the school level (R-MATCH-4); the weekly intake cap holds (R-PLACE-4)."""

import datetime

import pytest
from django.utils import timezone

from stageplein.applications.models import Application, Status
from stageplein.applications.services import (
    EarlierReactionsFirst,
    IntakeCapReached,
    NotWaiting,
    PeriodFull,
    application_accept,
    application_decline,
    seat_claim,
)
from stageplein.applications.tests.factories import reactions_in_order
from stageplein.notifications.models import Notification
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def scarce(world, students):
    """Two seats; a vmbo student reacted first, then a vwo student, then a havo student."""
    placement = make_placement(world.provider, title="Twee plaatsen", pc4="7202")
    period = make_period(placement, capacity=2)
    first = students(1, "vmbo", level="vmbo")
    second = students(1, "vwo", level="vwo")
    third = students(1, "havo", level="havo")
    return period, reactions_in_order(first + second + third, period)


def test_accepting_claims_a_seat_and_tells_the_student_and_the_mentor(world, waiting):
    app = application_accept(application=waiting, by=world.users["provider_contact"])
    assert app.status == Status.ACCEPTED and app.accepted_at and app.decided_by
    assert Notification.objects.filter(
        recipient=world.student.user, kind="application_accepted"
    ).exists()
    assert Notification.objects.filter(
        recipient=world.users["mentor"], kind="application_accepted"
    ).exists()


def test_when_seats_are_scarce_the_earliest_reaction_goes_first_whatever_the_level(world, scarce):
    _period, (vmbo, vwo, havo) = scarce
    # Two seats, two earlier-or-equal reactions: the second in line may be accepted...
    application_accept(application=vwo, by=None)
    # ...but the third may not pass the first, who still waits for the last seat.
    with pytest.raises(EarlierReactionsFirst):
        application_accept(application=havo, by=None)
    havo.refresh_from_db()
    assert havo.status == Status.SUBMITTED
    application_accept(application=vmbo, by=None)
    with pytest.raises(PeriodFull):
        application_accept(application=havo, by=None)


def test_declining_an_earlier_reaction_with_a_reason_lets_a_later_one_in(world, scarce):
    period, (vmbo, vwo, havo) = scarce
    application_accept(application=vmbo, by=None)
    application_decline(application=vwo, by=None, reason="Kan niet op woensdag")
    application_accept(application=havo, by=None)
    assert Application.objects.claiming().filter(period=period).count() == 2


def test_a_reaction_is_accepted_once(world, waiting):
    application_accept(application=waiting, by=None)
    with pytest.raises(NotWaiting):
        application_accept(application=waiting, by=None)


def test_the_weekly_intake_cap_holds_across_placements(world, students):
    world.provider.weekly_intake_cap = 2
    world.provider.save()
    period = make_period(make_placement(world.provider, title="Veel plek", pc4="7202"), capacity=9)
    apps = reactions_in_order(students(3, "cap"), period)
    application_accept(application=apps[0], by=None)
    # The world's accepted reaction (this week) counts as well: the cap is for the provider.
    with pytest.raises(IntakeCapReached):
        application_accept(application=apps[1], by=None)
    next_week = timezone.now() + datetime.timedelta(days=7)
    seat_claim(application=apps[1], by=None, now=next_week)
    assert Application.objects.get(pk=apps[1].pk).status == Status.ACCEPTED


def test_a_decline_needs_a_reason_and_tells_the_student(world, waiting):
    from stageplein.applications.services import Refused

    with pytest.raises(Refused):
        application_decline(application=waiting, by=None, reason=" ")
    application_decline(application=waiting, by=None, reason="Al vol")
    waiting.refresh_from_db()
    assert waiting.status == Status.DECLINED and waiting.decline_reason == "Al vol"
    assert Notification.objects.filter(
        recipient=world.student.user, kind="application_declined"
    ).exists()
