"""R-PLAN-5 (issue 14, item 7): a proposal gives the student two weeks inside their window, from
the day they would start and outside the school holidays of their holiday region; the
explanation says so."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stageplein.core.schoolyear import current_school_year
from stageplein.geo.models import HolidayRegion, Region
from stageplein.matching.candidates import allocate_candidates, build_candidates
from stageplein.matching.explain import unplaced_facts, why_not
from stageplein.planning.models import SchoolHoliday
from tests.support.matching import WEIGHTS, offer, pupil, window_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_holidays(empty_bank):
    """Window tests on any day of the year: the seeded holidays would take their weeks."""
    SchoolHoliday.objects.all().delete()
    return empty_bank


def offered(cset) -> set[int]:
    return {int(cset.period_pk[c]) for c in cset.problem.candidates}


def test_a_period_that_ends_just_after_the_round_is_not_offered_for_a_later_window(
    no_holidays, world
):
    """The window starts in a week: a period running until then overlaps it by one day (the
    round's 23 Nov-7 Dec for a window of 7-25 Dec)."""
    window_for(world.school, weeks_from=1, weeks_to=4)
    ending = offer(world.provider, "Bijna voorbij", weeks_ahead=-1, weeks=2)
    inside = offer(world.provider, "Past in het venster", weeks_ahead=1, weeks=2)
    student = pupil(world.school, "5001")
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    assert offered(cset) == {inside.pk}
    assert ending.pk not in offered(cset)


def test_a_long_period_around_the_window_still_fits(no_holidays, world):
    """Periods often run for months: the sessions are planned inside the window."""
    window_for(world.school, weeks_from=2, weeks_to=5)
    around = offer(world.provider, "Het hele seizoen", weeks_ahead=1, weeks=10)
    student = pupil(world.school, "5001")
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    assert offered(cset) == {around.pk}


@pytest.fixture
def holiday(world):
    """A holiday of the world's holiday region over the weeks make_period() offers."""
    SchoolHoliday.objects.all().delete()
    today = timezone.localdate()
    return SchoolHoliday.objects.create(
        holiday_region=world.region.holiday_region,
        school_year=current_school_year(),
        kind=SchoolHoliday.Kind.SUMMER,
        starts_on=today + datetime.timedelta(weeks=4),
        ends_on=today + datetime.timedelta(weeks=10),
    )


def test_a_period_in_the_school_holidays_of_the_students_region_is_not_offered(
    empty_bank, world, holiday
):
    in_holiday = offer(world.provider, "In de vakantie", weeks_ahead=4, weeks=6)
    after = offer(world.provider, "Na de vakantie", weeks_ahead=11, weeks=2)
    student = pupil(world.school, "5001")
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    if after.ends_on <= datetime.date(current_school_year() + 1, 7, 31):
        assert offered(cset) == {after.pk}
    assert in_holiday.pk not in offered(cset)


def test_another_holiday_region_keeps_its_own_dates(empty_bank, world, holiday):
    Region.objects.filter(pk=world.region.pk).update(holiday_region=HolidayRegion.SOUTH)
    assert holiday.holiday_region != HolidayRegion.SOUTH
    in_their_holiday = offer(world.provider, "In hun vakantie", weeks_ahead=4, weeks=6)
    student = pupil(world.school, "5001")
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    assert in_their_holiday.pk in offered(cset)


def test_the_explanation_names_the_window_and_the_holidays(empty_bank, world, holiday):
    offer(world.provider, "In de vakantie", weeks_ahead=4, weeks=6)
    student = pupil(world.school, "5001")
    cset = build_candidates(student_ids=[student.pk], weights=WEIGHTS)
    facts = unplaced_facts(cset, allocate_candidates(cset, "optimal"), "optimal")[0]
    assert facts["code"] == "window"
    text = str(why_not(facts, cset.students[0].as_json()))
    assert "vakantie" in text
