"""Progress against targets is computed from the records: students placed (matched, busy or
done: the one MaS state, applications/mas_state.py) and hours that count (verified, on a signed
contract, dated in the school year)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from stageplein.applications.models import Status
from stageplein.core.schoolyear import current_school_year
from stageplein.geo.models import PostcodeArea, Region
from stageplein.internships.models import HourEntry, Internship
from stageplein.planning.selectors import target_progress
from stageplein.planning.tests.helpers import accept
from stageplein.students.models import YearlyTarget
from tests.support.internships import sign_contract
from tests.support.people import make_student
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


def progress_of(target):
    [progress] = target_progress([YearlyTarget.objects.get(pk=target.pk)])
    return progress


def internship(student, provider, *, status=Internship.Status.ACTIVE, start=None):
    today = timezone.localdate()
    return Internship.objects.create(
        student=student,
        provider=provider,
        title="Spelletjesmiddag",
        start_date=start or today,
        end_date=(start or today) + datetime.timedelta(days=14),
        planned_hours=10,
        status=status,
        supervisor=None,
    )


def hours(internship, amount, status=HourEntry.Status.VERIFIED):
    return HourEntry.objects.create(
        internship=internship,
        date=timezone.localdate(),
        hours=Decimal(amount),
        description="Geholpen",
        status=status,
        verified_at=timezone.now() if status == HourEntry.Status.VERIFIED else None,
    )


def test_an_internship_this_year_places_a_student_and_its_counting_hours_add_up(world):
    target = world.school_target
    before = progress_of(target)
    done = internship(world.classmate, world.provider)
    sign_contract(done)
    hours(done, "4")
    hours(done, "3", status=HourEntry.Status.SUBMITTED)  # not verified: does not count
    unsigned = internship(make_student(world.school, "1011"), world.provider)
    hours(unsigned, "5")  # the contract is not signed: does not count
    after = progress_of(target)
    assert after.placed == before.placed + 2
    assert after.hours_done == before.hours_done + 4
    assert after.students == before.students + 1


def test_a_match_accepted_by_the_provider_places_a_student_as_the_school_overview_says(world):
    """Placed is the one MaS state: matched (accepted or approved), busy or done."""
    target = world.school_target
    before = progress_of(target).placed
    placement = make_placement(world.provider, title="Voorlezen", pc4="7202")
    accept(world.classmate, make_period(placement), status=Status.ACCEPTED)
    assert progress_of(target).placed == before + 1
    other = make_student(world.school, "1012")
    accept(other, make_period(placement), status=Status.APPROVED)
    assert progress_of(target).placed == before + 2


def test_a_cancelled_internship_does_not_place_but_the_norm_reached_last_year_does(world):
    target = world.school_target
    before = progress_of(target).placed
    internship(world.classmate, world.provider, status=Internship.Status.CANCELLED)
    assert progress_of(target).placed == before
    last_year = datetime.date(current_school_year() - 1, 10, 1)
    earlier = internship(
        make_student(world.school, "1013"),
        world.provider,
        start=last_year,
        status=Internship.Status.COMPLETED,
    )
    sign_contract(earlier)
    hours(earlier, "60")  # the havo norm, reached: done, so not without a place
    assert progress_of(target).placed == before + 1


def test_progress_against_the_target_in_percent(world):
    target = world.school_target  # 2 students, 40 hours
    progress = progress_of(target)
    assert progress.placed_percent == min(100, round(100 * progress.placed / 2))
    assert progress.hours_percent == min(100, round(100 * float(progress.hours_done) / 40))


def test_hours_per_student_make_the_hours_target_when_no_total_is_given(world):
    target = YearlyTarget.objects.create(
        region=world.region, school_year=current_school_year(), hours_per_student=30
    )
    progress = progress_of(target)
    assert progress.hours_target == 30 * progress.students
    assert progress.students == world.school.students.filter(left_on__isnull=True).count()


def test_a_region_target_counts_the_regions_schools_only(world):
    region = progress_of(
        YearlyTarget.objects.create(
            region=world.region, school_year=current_school_year(), students=9
        )
    )
    other = progress_of(
        YearlyTarget.objects.create(
            region=world.other_region, school_year=current_school_year(), students=9
        )
    )
    assert (region.students, other.students) == (2, 1)


def test_a_broker_serves_students_by_home_or_school_municipality_as_the_region_decides(world):
    lochem = PostcodeArea.objects.filter(municipality__name="Lochem").first()
    assert lochem is not None
    commuter = make_student(world.school, "1020", pc4=lochem.pc4)  # school in Zutphen
    target = world.broker_target  # the broker serves Zutphen
    Region.objects.filter(pk=world.region.pk).update(funding_rule=Region.FundingRule.HOME)
    by_home = progress_of(target).students
    Region.objects.filter(pk=world.region.pk).update(funding_rule=Region.FundingRule.SCHOOL)
    by_school = progress_of(target).students
    assert by_school == by_home + 1
    assert commuter.school.municipality == world.municipality


def test_progress_of_many_targets_takes_a_handful_of_queries(world, django_assert_max_num_queries):
    YearlyTarget.objects.create(region=world.region, school_year=current_school_year(), students=5)
    YearlyTarget.objects.create(
        region=world.other_region, school_year=current_school_year(), students=5
    )
    targets = list(YearlyTarget.objects.select_related("school", "broker", "region"))
    with django_assert_max_num_queries(8):
        target_progress(targets)
