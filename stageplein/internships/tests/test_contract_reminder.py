"""A contract that waits for signatures reminds exactly those who have not signed yet."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from stageplein.internships.models import Party
from stageplein.internships.services import contract_sign, internship_create
from stageplein.internships.tests.helpers import current
from stageplein.notifications.models import Notification
from stageplein.reminders.services import reminders_run

pytestmark = pytest.mark.django_db


def reminded(user) -> int:
    return Notification.objects.filter(recipient=user, kind="reminder:contract_unsigned").count()


def new_internship(world):
    return internship_create(
        student=world.student,
        provider=world.provider,
        title="Spelletjesmiddag",
        start_date=timezone.localdate() + datetime.timedelta(days=14),
        end_date=timezone.localdate() + datetime.timedelta(days=60),
        planned_hours=20,
        supervisor=world.users["supervisor"],
    )


def test_those_who_have_not_signed_are_reminded_after_n_days(world):
    contract = current(new_internship(world))
    contract_sign(
        contract=contract,
        party=Party.STUDENT,
        user=world.users["student"],
        name="Sam",
        method="platform",
    )
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(days=4), tick=False):
        assert reminders_run()["contract_unsigned"] == 0
    with time_machine.travel(start + datetime.timedelta(days=5, minutes=1), tick=False):
        assert reminders_run()["contract_unsigned"] >= 3
    assert reminded(world.users["student"]) == 0  # already signed
    assert reminded(world.users["parent"]) == 1  # Sam is 14: a parent signs
    assert reminded(world.users["mentor"]) == 1  # signs for the school
    assert reminded(world.users["provider_contact"]) == 1
    notice = Notification.objects.filter(kind="reminder:contract_unsigned").first()
    assert notice is not None
    assert world.student.user.first_name not in notice.title


def test_a_fully_signed_contract_reminds_nobody(world):
    # The world's own internship has a fully signed contract.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30), tick=False):
        assert reminders_run()["contract_unsigned"] == 0
