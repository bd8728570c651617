"""A stale placement keeps reminding its provider, on the platform, until it is renewed."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from stageplein.notifications.models import Notification
from stageplein.placements.services import placements_request_renewal
from stageplein.reminders.services import reminders_run

pytestmark = pytest.mark.django_db
KIND = "reminder:stale_placement"


def make_stale(placement):
    placement.confirmed_at = timezone.now() - datetime.timedelta(days=400)
    placement.save()


def test_a_provider_is_reminded_two_weeks_after_the_renewal_link(world):
    placement = world.placement
    make_stale(placement)
    placements_request_renewal()
    contact = world.users["provider_contact"]
    assert reminders_run()["stale_placement"] == 0  # the link has just gone out
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15), tick=False):
        reminders_run()
    notices = Notification.objects.filter(recipient=contact, kind=KIND)
    assert [n.url for n in notices] == [f"/stageplaatsen/{placement.pk}/"]
    assert not Notification.objects.filter(
        recipient=world.users["other_provider_contact"], kind=KIND
    ).exists()


def test_a_renewed_placement_reminds_nobody(world):
    placement = world.placement
    make_stale(placement)
    placements_request_renewal()
    placement.refresh_from_db()
    placement.confirmed_at = timezone.now()
    placement.save()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15), tick=False):
        assert reminders_run()["stale_placement"] == 0
