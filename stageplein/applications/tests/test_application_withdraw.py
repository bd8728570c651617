"""Either side withdraws before approval, with a reason; the seat is free again at once."""

import pytest

from stageplein.applications.models import Application, Side, Status
from stageplein.applications.services import Refused, application_approve, application_withdraw
from stageplein.notifications.models import Notification
from stageplein.placements.capacity import free_seats

pytestmark = pytest.mark.django_db


def test_withdrawing_an_accepted_match_frees_its_seat(world, accepted):
    period = accepted.period
    assert free_seats(period) == 1
    application_withdraw(
        application=accepted, by=world.student.user, side=Side.STUDENT, reason="Te ver weg"
    )
    accepted.refresh_from_db()
    assert accepted.status == Status.WITHDRAWN and accepted.withdraw_reason == "Te ver weg"
    assert free_seats(period) == 2


def test_the_other_side_is_told(world, accepted):
    application_withdraw(
        application=accepted,
        by=world.users["provider_contact"],
        side=Side.PROVIDER,
        reason="Begeleider ziek",
    )
    told = set(
        Notification.objects.filter(kind="application_withdrawn").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {world.student.user.email, world.users["mentor"].email}


def test_a_reason_is_required(world, waiting):
    with pytest.raises(Refused):
        application_withdraw(application=waiting, by=None, side=Side.SCHOOL, reason="")
    assert Application.objects.get(pk=waiting.pk).status == Status.SUBMITTED


def test_an_approved_match_is_no_longer_withdrawn_here(world, accepted):
    application_approve(application=accepted, by=None)
    with pytest.raises(Refused):
        application_withdraw(application=accepted, by=None, side=Side.STUDENT, reason="Toch niet")
