"""Nothing older than its term remains after the nightly retention job (issue 13)."""

import datetime

import pytest
from auditlog.models import LogEntry
from axes.models import AccessLog
from django.utils import timezone

from stageplein.notifications.models import Notification
from stageplein.reminders.retention import TERMS, retention_run
from stageplein.students.models import ReadLogEntry

pytestmark = pytest.mark.django_db


def test_after_the_job_nothing_older_than_its_term_remains_and_newer_data_stays(world):
    now = timezone.now()
    user = world.users["student"]
    old_log = AccessLog.objects.create(username=user.email, ip_address="10.0.0.1", user_agent="x")
    AccessLog.objects.filter(pk=old_log.pk).update(attempt_time=now - datetime.timedelta(days=200))
    new_log = AccessLog.objects.create(username=user.email, ip_address="10.0.0.1", user_agent="x")
    old_note = Notification.objects.create(recipient=user, kind="x", title="oud")
    Notification.objects.filter(pk=old_note.pk).update(
        created_at=now - datetime.timedelta(days=400)
    )
    new_note = Notification.objects.create(recipient=user, kind="x", title="nieuw")
    LogEntry.objects.update(timestamp=now - datetime.timedelta(days=800))

    report = retention_run(now=now)

    assert report["sign-in log"] == 1 and report["notifications"] == 1
    assert report["audit entries"] > 0
    for term in TERMS:
        assert not term.older_than(now - term.keep).exists(), term.kind
    assert AccessLog.objects.filter(pk=new_log.pk).exists()
    assert Notification.objects.filter(pk=new_note.pk).exists()


def test_read_log_entries_go_after_two_years(world, client_as):
    client_as("mentor").get(f"/leerlingen/{world.student.pk}/")
    client_as("coordinator").get(f"/leerlingen/{world.student.pk}/")
    old, new = ReadLogEntry.objects.order_by("pk")
    now = timezone.now()
    ReadLogEntry.objects.filter(pk=old.pk).update(at=now - datetime.timedelta(days=731))
    assert retention_run(now=now)["read log"] == 1
    assert list(ReadLogEntry.objects.values_list("pk", flat=True)) == [new.pk]
