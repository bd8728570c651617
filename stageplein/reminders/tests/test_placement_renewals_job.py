"""The daily tick asks providers of stale placements to renew them (R-PLACE-7)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from stageplein.notifications.models import Notification
from stageplein.placements.models import Placement
from stageplein.reminders.scheduler import tick

pytestmark = pytest.mark.django_db


def test_the_morning_tick_sends_renewal_links_for_stale_placements(world):
    placement = Placement.objects.filter(provider=world.provider, status="published").first()
    assert placement is not None
    stale_since = timezone.now() - datetime.timedelta(days=settings.PLACEMENT_STALE_AFTER_DAYS + 1)
    Placement.objects.filter(pk=placement.pk).update(confirmed_at=stale_since)
    morning = timezone.localtime().replace(hour=8, minute=5) + datetime.timedelta(days=1)
    with time_machine.travel(morning, tick=False):
        assert "placement_renewals" in tick()
    assert Notification.objects.filter(
        recipient=world.users["provider_contact"], kind="placement_stale"
    ).exists()
