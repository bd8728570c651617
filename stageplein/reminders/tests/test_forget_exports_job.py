"""Old exports (they may hold students' names) go at night even when nobody exports again."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from stageplein.exports.models import Export
from stageplein.reminders.scheduler import tick

pytestmark = pytest.mark.django_db


def test_the_night_tick_deletes_exports_older_than_a_week(world):
    old = Export.objects.create(
        requested_by=world.users["coordinator"], table="school_classes", format="csv", title="x"
    )
    Export.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    recent = world.export
    night = timezone.localtime().replace(hour=3, minute=5) + datetime.timedelta(days=1)
    with time_machine.travel(night, tick=False):
        assert "forget_exports" in tick()
    assert list(Export.objects.all()) == [recent]
