"""The regional calendar (R-PLAN-1) counted from real records: the done-criterion "the
calendar shows a real shortage where the data has one", and none where supply suffices."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stageplein.applications.models import Status
from stageplein.internships.models import Internship
from stageplein.organisations.models import Provider
from stageplein.placements.models import Placement, SchoolLink
from stageplein.planning.selectors import demand_supply
from stageplein.planning.tests.helpers import NEXT, accept, period, week, window
from tests.support.people import make_student

pytestmark = pytest.mark.django_db


def rows(calendar) -> dict:
    return {w.week: (w.students, w.seats, w.status) for w in calendar.weeks}


def test_more_students_than_free_seats_early_in_the_year_is_a_shortage_with_a_move(world):
    # The Noord-Holland problem: a year group in October, few places then, many in March.
    crowded = window(world.school, 40, 41, expected_students=60)  # 30 a week
    period(world.provider, 40, 41, capacity=10)  # 5 a week
    period(world.provider, 10, 13, capacity=200)  # 50 a week
    calendar = demand_supply(world.region, NEXT)
    assert rows(calendar)[40] == (30, 5, "shortage")
    assert rows(calendar)[41] == (30, 5, "shortage")
    assert rows(calendar)[10] == (0, 50, "room")
    [run] = calendar.shortages
    assert (run.first, run.last, run.short) == (week(40), week(41), 50)
    assert [item.pk for item in run.windows] == [crowded.pk]
    [move] = calendar.suggestions
    assert (move.window.pk, move.to_first, move.fits) == (crowded.pk, week(10), True)
    assert calendar.spares[0].first == week(10)


def test_no_warning_where_the_free_seats_cover_the_students(world):
    window(world.school, 40, 41, expected_students=60)
    period(world.provider, 40, 41, capacity=70)
    calendar = demand_supply(world.region, NEXT)
    assert rows(calendar)[40] == (30, 35, "tight")
    assert calendar.shortages == []
    assert calendar.suggestions == []


def test_taken_seats_are_not_free_and_students_holding_one_are_not_demand(world):
    window(world.school, 40, 40, year=2, level="havo")  # the world's three year-2 havo students
    seats = period(world.provider, 40, 40, capacity=3)
    accept(world.student, seats)
    calendar = demand_supply(world.region, NEXT)
    assert rows(calendar)[40][:2] == (1, 2)  # Lotte is waiting; two seats left
    [item] = calendar.windows
    assert (item.students, item.seated, item.open) == (2, 1, 1)


def test_only_findable_placements_in_the_region_count(world):
    window(world.school, 40, 40, expected_students=5)
    draft = period(world.provider, 40, 40, capacity=50)
    Placement.objects.filter(pk=draft.placement_id).update(status=Placement.Status.DRAFT)
    stale = period(world.provider, 40, 40, capacity=50)
    Placement.objects.filter(pk=stale.placement_id).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=800)
    )
    period(world.other_provider, 40, 40, capacity=50, pc4="3511")  # Utrecht, another region
    calendar = demand_supply(world.region, NEXT)
    assert rows(calendar)[40] == (5, 0, "shortage")


def test_supply_can_be_narrowed_to_a_sector_and_a_distance_from_the_school(world):
    window(world.school, 40, 40, expected_students=5)
    period(world.provider, 40, 40, capacity=4)  # care, in Zutphen next to the school
    sport = Provider.objects.create(
        name="Roeivereniging", sector_id="sport", region=world.region, municipality_id="1859"
    )
    period(sport, 40, 40, capacity=6, pc4="7241")  # Lochem, about 15 km away
    assert rows(demand_supply(world.region, NEXT))[40][1] == 10
    assert rows(demand_supply(world.region, NEXT, sector="zorg"))[40][1] == 4
    assert rows(demand_supply(world.region, NEXT, max_km=5))[40][1] == 4
    calendar = demand_supply(world.region, NEXT)
    week40 = next(w for w in calendar.weeks if w.week == 40)
    assert dict(week40.by_band) == {"5": 4, "20": 6}
    assert set(calendar.sectors) == {"zorg", "sport"}


def test_a_year_group_linked_to_one_care_home_would_flood_it(world):
    # The care home in Brunssum with forty interns: the school supplies one provider.
    Provider.objects.filter(pk=world.provider.pk).update(weekly_intake_cap=3)
    SchoolLink.objects.create(school=world.school, provider=world.provider, school_year=NEXT)
    crowded = window(world.school, 40, 41, expected_students=40)
    period(world.provider, 38, 45, capacity=20)
    [risk] = demand_supply(world.region, NEXT).link_risks
    assert (risk.window.pk, risk.provider_names, risk.can_take) == (
        crowded.pk,
        [world.provider.name],
        6,
    )


def test_a_provider_getting_more_students_at_once_than_it_takes_is_warned_about(world):
    Provider.objects.filter(pk=world.provider.pk).update(weekly_intake_cap=1)
    seats = period(world.provider, 40, 42, capacity=2)
    accept(world.student, seats)
    accept(world.classmate, seats, status=Status.APPROVED)
    third = make_student(world.school, "1003", first_name="Noor")
    Internship.objects.create(
        student=third,
        provider=world.provider,
        title="Koffie schenken",
        start_date=week(41),
        end_date=week(41),
        planned_hours=4,
    )
    loads = {
        (o.kind, o.first): (o.students, o.limit)
        for o in demand_supply(world.region, NEXT).overloads
    }
    assert loads[("intake", week(40))] == (2, 1)
    assert loads[("at_once", week(41))] == (3, 2)


def test_the_calendar_costs_the_same_queries_for_one_window_or_many(world):
    window(world.school, 40, 41, expected_students=10)
    period(world.provider, 40, 41, capacity=4)
    with CaptureQueriesContext(connection) as few:
        demand_supply(world.region, NEXT)
    for n in range(10):
        window(world.school, 2 + n, 3 + n, year=4, class_name="", level="", expected_students=5)
        period(world.provider, 2 + n, 4 + n, capacity=3)
    with CaptureQueriesContext(connection) as many:
        demand_supply(world.region, NEXT)
    assert len(many) == len(few)
