"""Only verified hours on an internship whose contract everyone signed count (one definition)."""

from decimal import Decimal

import pytest

from stageplein.internships.models import HourEntry, Internship
from stageplein.internships.progress import progress_of
from stageplein.internships.services import contract_change, hour_entry_verify
from stageplein.internships.tests.helpers import current

pytestmark = pytest.mark.django_db


def test_verified_hours_count_only_once_every_party_has_signed(
    world, new_internship, log, sign_all
):
    before = progress_of(world.student).done  # the world's own signed internship: 5.5 hours
    internship = new_internship()
    entry = log(internship, "4")
    assert hour_entry_verify(entry=entry, by=world.users["supervisor"], method="platform")
    assert progress_of(world.student).done == before

    contract = current(internship)
    sign_all(contract, except_party="parent")
    assert progress_of(world.student).done == before  # one signature missing: still nothing

    sign_all(contract)
    assert progress_of(world.student).done == before + Decimal(4)


def test_an_unsigned_amendment_does_not_take_away_hours_already_counting(
    world, new_internship, log, sign_all
):
    internship = new_internship()
    sign_all(current(internship))
    entry = log(internship, "3")
    hour_entry_verify(entry=entry, by=world.users["supervisor"], method="platform")
    counted = progress_of(world.student).done

    internship.refresh_from_db()
    new = contract_change(internship=internship, by=world.users["mentor"], planned_hours=30)
    assert new is not None and new.version == 2 and new.fully_signed_at is None
    assert progress_of(world.student).done == counted


def test_waiting_rejected_and_cancelled_hours_never_count(world, new_internship, log, sign_all):
    internship = new_internship()
    sign_all(current(internship))
    base = progress_of(world.student).done
    log(internship, "2")  # waiting
    rejected = log(internship, "2")
    HourEntry.objects.filter(pk=rejected.pk).update(status=HourEntry.Status.REJECTED)
    assert progress_of(world.student).done == base
    verified = log(internship, "5")
    hour_entry_verify(entry=verified, by=world.users["supervisor"], method="platform")
    assert progress_of(world.student).done == base + 5
    Internship.objects.filter(pk=internship.pk).update(status=Internship.Status.CANCELLED)
    assert progress_of(world.student).done == base


def test_other_apps_sign_a_hand_made_internship_with_one_helper(world):
    import datetime

    from django.utils import timezone

    from tests.support.internships import sign_contract
    from tests.support.people import log_hours

    internship = Internship.objects.create(
        student=world.classmate,
        provider=world.provider,
        title="Met de hand",
        start_date=timezone.localdate() - datetime.timedelta(days=5),
        end_date=timezone.localdate(),
        planned_hours=4,
    )
    log_hours(internship, "4", by=world.users["supervisor"])
    assert progress_of(world.classmate).done == 0
    sign_contract(internship)
    assert progress_of(world.classmate).done == Decimal(4)
