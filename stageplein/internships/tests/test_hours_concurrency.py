"""A retried or double-clicked submission never makes a second entry, and two supervisors
confirming at the same moment give one verification: proven with real threads on PostgreSQL,
each with a deliberately broken variant that the same harness must catch."""

import datetime
import time
import uuid
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from stageplein.internships.models import HourEntry
from stageplein.internships.services import hour_entry_submit, hour_entry_verify
from stageplein.notifications.models import Notification
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
THREADS = 12


def submit_same_form(world, submit) -> list:
    key = uuid.uuid4()  # one form shown once, sent many times
    internship = world.internship
    user = world.users["student"]
    day = timezone.localdate() - datetime.timedelta(days=1)

    def send(_i):
        return submit(
            internship=internship,
            by=user,
            date=day,
            hours=Decimal("2.5"),
            description="Voorgelezen",
            submission_key=key,
        )

    results = run_concurrently(send, THREADS)
    assert [r for r in results if isinstance(r, BaseException)] == []
    return results


@transaction.atomic
def naive_submit(*, internship, by, date, hours, description, submission_key):
    """Deliberately broken: look for the same session, then insert. Without the unique key the
    check and the insert of two requests interleave and both insert."""
    existing = HourEntry.objects.filter(
        internship=internship, date=date, hours=hours, description=description
    ).first()
    if existing:
        return existing, False
    time.sleep(0.05)
    return HourEntry.objects.create(
        internship=internship, date=date, hours=hours, description=description, submitted_by=by
    ), True


def test_the_same_submission_sent_at_once_makes_exactly_one_entry(transactional_world):
    results = submit_same_form(transactional_world, hour_entry_submit)
    entries = HourEntry.objects.filter(description="Voorgelezen")
    assert entries.count() == 1
    assert {entry.pk for entry, _created in results} == {entries.get().pk}
    assert sum(created for _entry, created in results) == 1
    # The supervisor is asked once, not once per click.
    assert Notification.objects.filter(kind="hours_to_verify").count() == 1


def test_negative_control_the_harness_catches_duplicate_entries(transactional_world):
    submit_same_form(transactional_world, naive_submit)
    assert HourEntry.objects.filter(description="Voorgelezen").count() > 1


def naive_verify(*, entry, by, method):
    """Deliberately broken: read the status, then write. Two supervisors both see
    'submitted' and both record a verification."""
    current = HourEntry.objects.get(pk=entry.pk)
    if current.status != HourEntry.Status.SUBMITTED:
        return False
    time.sleep(0.05)
    current.status = HourEntry.Status.VERIFIED
    current.verified_by = by
    current.verified_at = timezone.now()
    current.save()
    Notification.objects.create(recipient=entry.internship.student.user, kind="hours_verified")
    return True


def verifications(world, verify) -> int:
    entry = HourEntry.objects.get(internship=world.internship, status=HourEntry.Status.SUBMITTED)
    people = [world.users["supervisor"], world.users["provider_contact"]]
    results = run_concurrently(
        lambda i: verify(entry=entry, by=people[i % 2], method="platform"), THREADS
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    return sum(bool(r) for r in results)


def test_supervisors_confirming_at_once_give_one_verification(transactional_world):
    assert verifications(transactional_world, hour_entry_verify) == 1
    assert Notification.objects.filter(kind="hours_verified").count() == 1
    entry = HourEntry.objects.get(hours=Decimal(4))
    assert entry.status == HourEntry.Status.VERIFIED and entry.verified_by is not None


def test_negative_control_the_harness_catches_double_verification(transactional_world):
    assert verifications(transactional_world, naive_verify) > 1
    assert Notification.objects.filter(kind="hours_verified").count() > 1
