"""Logging, confirming, rejecting and correcting hours (R-HOURS-1…4)."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from stageplein.internships.models import HourEntry
from stageplein.internships.services import (
    InternshipError,
    hour_entry_reject,
    hour_entry_submit,
    hour_entry_verify,
)
from stageplein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_resubmitted_form_returns_the_first_entry(world, log):
    key = uuid.uuid4()
    first = log(world.internship, "2", key=key)
    again, created = hour_entry_submit(
        internship=world.internship,
        by=world.users["student"],
        date=first.date,
        hours=Decimal("2"),
        description="Spelletjes met bewoners",
        submission_key=key,
    )
    assert not created and again.pk == first.pk
    assert HourEntry.objects.filter(submission_key=key).count() == 1


def test_a_verified_entry_is_locked_and_a_second_confirmation_changes_nothing(world, log):
    entry = log(world.internship)
    assert hour_entry_verify(entry=entry, by=world.users["supervisor"], method="link")
    assert not hour_entry_verify(entry=entry, by=world.users["provider_contact"], method="platform")
    assert not hour_entry_reject(entry=entry, by=world.users["supervisor"], reason="toch niet")
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.VERIFIED
    assert entry.verified_by == world.users["supervisor"] and entry.method == "link"
    assert entry.locked


def test_a_correction_replaces_the_verified_entry_only_once_confirmed(world, log):
    wrong = log(world.internship, "4")
    hour_entry_verify(entry=wrong, by=world.users["supervisor"], method="platform")
    correction = log(world.internship, "3", corrects=wrong)
    wrong.refresh_from_db()
    assert wrong.status == HourEntry.Status.VERIFIED  # still counts until the correction does
    hour_entry_verify(entry=correction, by=world.users["supervisor"], method="platform")
    wrong.refresh_from_db()
    assert wrong.status == HourEntry.Status.CORRECTED
    counting = HourEntry.objects.counting().filter(internship=world.internship)
    assert correction in counting and wrong not in counting


def test_rejecting_needs_a_reason_and_tells_the_student(world, log):
    entry = log(world.internship)
    with pytest.raises(InternshipError):
        hour_entry_reject(entry=entry, by=world.users["supervisor"], reason=" ")
    assert hour_entry_reject(entry=entry, by=world.users["supervisor"], reason="Was er niet")
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.REJECTED and entry.rejection_reason == "Was er niet"
    assert Notification.objects.filter(recipient=world.users["student"], kind="hours_rejected")


def test_sessions_in_the_future_cannot_be_logged(world):
    with pytest.raises(InternshipError):
        hour_entry_submit(
            internship=world.internship,
            by=world.users["student"],
            date=timezone.localdate() + datetime.timedelta(days=1),
            hours=Decimal(2),
            description="x",
            submission_key=uuid.uuid4(),
        )


def test_hours_a_supervisor_registers_are_confirmed_at_once(world, log):
    entry = log(world.internship, "2", by=world.users["supervisor"], verified_by_submitter=True)
    assert entry.status == HourEntry.Status.VERIFIED
    assert entry.verified_by == world.users["supervisor"]
    assert not Notification.objects.filter(kind="hours_to_verify").exists()
