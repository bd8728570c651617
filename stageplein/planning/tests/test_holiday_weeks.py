"""School holidays in the calendar's week counts (R-PLAN-5, issue 14): a week in which the
schools are on holiday counts no students and no free seats; a window's students and a
period's free seats are spread over their other weeks, and a suggested move neither counts
on holiday weeks nor lands a window's students in them."""

import datetime

import pytest
from django.urls import reverse

from stageplein.planning.balance import SupplyItem, build_weeks, explain_move, suggest_moves
from stageplein.planning.models import SchoolHoliday
from stageplein.planning.selectors import demand_supply
from stageplein.planning.selectors.holidays import holiday_weeks, shared_weeks
from stageplein.planning.tests.helpers import NEXT, period, week, window
from stageplein.planning.tests.test_balance import WEEKS, demand, monday, supply

# Weeks 2 and 3 after START are a holiday (Saturday before to Sunday after).
CLOSED = {monday(2): "spring holiday", monday(3): "spring holiday"}


def closed_window(pk, first, last, students):
    item = demand(pk, first, last, students)
    item.closed = frozenset(CLOSED)
    item.holidays = [m for m in item.all_weeks if m in CLOSED]
    item.ahead = [m for m in item.all_weeks if m not in CLOSED]
    return item


def test_a_holiday_week_counts_no_students_and_no_seats():
    item = closed_window(1, 1, 4, 40)  # weeks 1-4, of which 2 and 3 are holiday: 20 a week
    seats = SupplyItem(
        period_id=1,
        provider_id=1,
        sector_id="zorg",
        starts_on=monday(0),
        ends_on=monday(3) + datetime.timedelta(days=4),
        capacity=20,
        free=20,
        levels=("havo",),
    ).count_from(monday(0), frozenset(m.toordinal() for m in CLOSED))
    assert (seats.weeks_ahead, seats.open_weeks_ahead) == (4, 2)  # weeks 0, 1: 10 a week
    rows = build_weeks(WEEKS, [item], [seats], {}, CLOSED)
    assert [(r.students, r.seats) for r in rows[:5]] == [(0, 10), (20, 10), (0, 0), (0, 0), (20, 0)]
    assert [r.status for r in rows[1:5]] == ["shortage", "holiday", "holiday", "shortage"]
    assert rows[2].holiday == "spring holiday"
    assert sum(r.supply for r in rows) == pytest.approx(20)  # every free seat still counted once
    assert sum(r.demand for r in rows) == pytest.approx(40)


def test_a_capped_provider_supplies_nothing_in_the_holiday_either():
    seats = supply(1, 0, 5, 60)
    seats.count_from(monday(0), frozenset(m.toordinal() for m in CLOSED))
    rows = build_weeks(WEEKS, [], [seats], {1: 12}, CLOSED)
    assert [r.seats for r in rows[:6]] == [12, 12, 0, 0, 12, 12]  # 15 a week, capped at 12


def test_a_suggested_move_skips_the_schools_holiday_weeks_and_says_how_many():
    # A window of weeks 0-1 with 40 students and no seats; seats in weeks 2-5 (holiday 2-3).
    crowded = closed_window(1, 0, 1, 40)
    seats = supply(1, 2, 5, 40).count_from(monday(0), frozenset(m.toordinal() for m in CLOSED))
    rows = build_weeks(WEEKS, [crowded], [seats], {}, CLOSED)
    [move] = suggest_moves(rows, monday(0))
    # Weeks 2-3 are the holiday: moving there would leave all 40 without a seat.
    assert (move.to_first, move.fits, move.students) == (monday(4), True, 40)
    assert (move.short_before, move.seats_before, move.seats_after) == (40, 0, 40)
    assert move.holiday_weeks == 0
    # A move someone chose into the holiday is explained as one that does not help.
    chosen = explain_move(rows, crowded, monday(2), monday(3) + datetime.timedelta(days=4))
    assert chosen is not None
    assert (chosen.short_after, chosen.holiday_weeks) == (40, 2)


@pytest.mark.django_db
def test_holiday_weeks_are_weeks_whose_five_school_days_are_all_holiday():
    SchoolHoliday.objects.create(
        holiday_region="middle",
        school_year=NEXT,
        kind="christmas",
        starts_on=week(51) - datetime.timedelta(days=2),  # Saturday before week 51
        ends_on=week(1) - datetime.timedelta(days=1),  # Sunday before week 1
    )
    SchoolHoliday.objects.create(  # Wednesday to Sunday: not a whole week off
        holiday_region="north",
        school_year=NEXT,
        kind="autumn",
        starts_on=week(42) + datetime.timedelta(days=2),
        ends_on=week(42) + datetime.timedelta(days=6),
    )
    found = holiday_weeks(["middle", "north"], week(40), week(2))
    assert list(found["middle"]) == [week(51), week(52)]
    assert found["north"] == {}
    assert shared_weeks(found) == {}
    assert list(shared_weeks({"middle": found["middle"]})) == [week(51), week(52)]


@pytest.fixture
def christmas(world):
    """The world's region follows the middle holidays; weeks 51 and 52 are Christmas."""
    return SchoolHoliday.objects.create(
        holiday_region=world.region.holiday_region,
        school_year=NEXT,
        kind="christmas",
        starts_on=week(51) - datetime.timedelta(days=2),
        ends_on=week(1) - datetime.timedelta(days=1),
    )


@pytest.mark.django_db
def test_the_calendar_counts_no_demand_or_supply_in_the_regions_holiday(world, christmas):
    window(world.school, 50, 1, expected_students=40)  # weeks 50, 51, 52, 1
    period(world.provider, 50, 1, capacity=40)
    calendar = demand_supply(world.region, NEXT)
    rows = {w.week: (w.students, w.seats, w.status) for w in calendar.weeks}
    assert rows[50] == (20, 20, "tight")
    assert rows[51] == (0, 0, "holiday")
    assert rows[52] == (0, 0, "holiday")
    assert rows[1] == (20, 20, "tight")
    assert calendar.students == 40 and calendar.seats == 40
    # (The seeded summer holiday of the year before may reach into this school year too.)
    [run] = [run for label, run in calendar.holidays if label == "kerstvakantie"]
    assert (run.first, run.last) == (week(51), week(52))
    [item] = calendar.holiday_windows
    assert item.holidays == [week(51), week(52)] and not item.is_over


@pytest.mark.django_db
def test_another_regions_holiday_changes_nothing(world, christmas):
    SchoolHoliday.objects.filter(pk=christmas.pk).update(
        holiday_region="south" if world.region.holiday_region != "south" else "north"
    )
    window(world.school, 50, 1, expected_students=40)
    period(world.provider, 50, 1, capacity=40)
    rows = {w.week: w.students for w in demand_supply(world.region, NEXT).weeks}
    assert (rows[50], rows[51], rows[52], rows[1]) == (10, 10, 10, 10)


@pytest.mark.django_db
def test_the_page_says_holiday_weeks_count_nothing(world, client_as, christmas):
    window(world.school, 50, 1, expected_students=40)
    period(world.provider, 50, 1, capacity=40)
    html = client_as("broker").get(reverse("calendar_region"), {"school_year": NEXT}).content
    html = html.decode()
    assert "Schoolvakanties" in html
    assert "telt geen leerlingen en geen vrije plaatsen" in html
    assert "Kerstvakantie: week 51–52" in html
    assert "week 51–52 zijn vakantie" in html
    assert 'status-holiday">kerstvakantie' in html
