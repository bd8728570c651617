"""A retried or double-clicked submission never makes a second entry, and two supervisors
confirming at the same moment give one verification: proven with real threads on PostgreSQL.

Each negative control runs the same service with only its guard taken out: the unique index on
the form's submission key (dropped for the test, put back after), and the condition of
hour_entry_verify's UPDATE (``status = 'submitted'``, tests.support.concurrency
.without_condition). No widening is needed: without the guard every insert and every UPDATE
succeeds. Each control caught the missing guard in 10 of 10 runs
(2026-12-04, bench/negative_controls.py).
"""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection, models
from django.utils import timezone

from stageplein.internships.models import HourEntry
from stageplein.internships.services import hour_entry_submit, hour_entry_verify
from stageplein.notifications.models import Notification
from tests.support.concurrency import run_concurrently, without_condition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
THREADS = 12


def submit_same_form(world) -> list:
    key = uuid.uuid4()  # one form shown once, sent many times
    internship = world.internship
    user = world.users["student"]
    day = timezone.localdate() - datetime.timedelta(days=1)

    def send(_i):
        return hour_entry_submit(
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


@pytest.fixture
def without_unique_submission_key():
    """The guard switched off: the submission key's unique index is dropped, and put back
    (after removing the duplicates the test made) when the test ends."""
    field = HourEntry._meta.get_field("submission_key")
    name, _path, args, kwargs = field.deconstruct()
    loose = models.UUIDField(*args, **{**kwargs, "unique": False})
    loose.set_attributes_from_name(name)
    loose.model = HourEntry
    with connection.schema_editor() as editor:
        editor.alter_field(HourEntry, field, loose)
    yield
    HourEntry.objects.filter(description="Voorgelezen").delete()
    with connection.schema_editor() as editor:
        editor.alter_field(HourEntry, loose, field)


def test_the_same_submission_sent_at_once_makes_exactly_one_entry(transactional_world):
    results = submit_same_form(transactional_world)
    entries = HourEntry.objects.filter(description="Voorgelezen")
    assert entries.count() == 1
    assert {entry.pk for entry, _created in results} == {entries.get().pk}
    assert sum(created for _entry, created in results) == 1
    # The supervisor is asked once, not once per click.
    assert Notification.objects.filter(kind="hours_to_verify").count() == 1


def test_negative_control_without_the_unique_key_a_submission_makes_duplicates(
    transactional_world, without_unique_submission_key
):
    submit_same_form(transactional_world)
    assert HourEntry.objects.filter(description="Voorgelezen").count() > 1


def verifications(world) -> int:
    entry = HourEntry.objects.get(internship=world.internship, status=HourEntry.Status.SUBMITTED)
    people = [world.users["supervisor"], world.users["provider_contact"]]
    results = run_concurrently(
        lambda i: hour_entry_verify(entry=entry, by=people[i % 2], method="platform"), THREADS
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    return sum(bool(r) for r in results)


def test_supervisors_confirming_at_once_give_one_verification(transactional_world):
    assert verifications(transactional_world) == 1
    assert Notification.objects.filter(kind="hours_verified").count() == 1
    entry = HourEntry.objects.get(hours=Decimal(4))
    assert entry.status == HourEntry.Status.VERIFIED and entry.verified_by is not None


def test_negative_control_without_the_guard_hours_are_verified_more_than_once(
    transactional_world, monkeypatch
):
    without_condition(monkeypatch, HourEntry, status=HourEntry.Status.SUBMITTED)
    assert verifications(transactional_world) > 1
    assert Notification.objects.filter(kind="hours_verified").count() > 1
