"""The calendar's arithmetic on plain data: how weeks are counted, warned about and moved."""

import datetime

from stageplein.planning.balance import (
    DemandItem,
    SupplyItem,
    build_weeks,
    level_shortages,
    shortage_runs,
    spare_runs,
    suggest_moves,
)
from stageplein.planning.providers import SeatSpan, Stint, link_risks, provider_overloads
from stageplein.planning.weeks import mondays

START = datetime.date(2027, 3, 1)  # a Monday
WEEKS = mondays(START, START + datetime.timedelta(weeks=11))


def monday(n: int) -> datetime.date:
    return START + datetime.timedelta(weeks=n)


def demand(pk, first, last, students, seated=0, school=1, level="havo") -> DemandItem:
    item = DemandItem(
        pk=pk,
        school_id=school,
        school_name=f"School {school}",
        group_label=f"3 {level}" if level else "3",
        year=3,
        level=level,
        starts_on=monday(first),
        ends_on=monday(last) + datetime.timedelta(days=4),
        hours_per_student=20,
        students=students,
        seated=seated,
    )
    item.ahead = item.all_weeks
    return item


def supply(
    pk, first, last, free, provider=1, sector="zorg", km=None, capacity=None, levels=("havo",)
):
    item = SupplyItem(
        period_id=pk,
        provider_id=provider,
        sector_id=sector,
        starts_on=monday(first),
        ends_on=monday(last) + datetime.timedelta(days=4),
        capacity=capacity or free,
        free=free,
        km=km,
        levels=levels,
    )
    return item.count_from(START)


def test_a_windows_students_are_spread_evenly_over_its_weeks():
    weeks = build_weeks(WEEKS, [demand(1, 0, 4, 450, seated=0)], [], {})
    assert [w.students for w in weeks[:6]] == [90, 90, 90, 90, 90, 0]


def test_students_who_hold_a_seat_are_no_longer_demand():
    weeks = build_weeks(WEEKS, [demand(1, 0, 1, 40, seated=10)], [], {})
    assert [w.students for w in weeks[:2]] == [15, 15]


def test_a_periods_free_seats_are_spread_over_its_weeks_and_split_by_sector_and_distance():
    periods = [supply(1, 0, 3, 20, sector="zorg", km=3), supply(2, 0, 0, 6, sector="sport", km=12)]
    weeks = build_weeks(WEEKS, [], periods, {})
    assert [w.seats for w in weeks[:4]] == [11, 5, 5, 5]
    assert weeks[0].by_sector == {"zorg": 5, "sport": 6}
    assert weeks[0].by_band == {"5": 5, "20": 6}


def test_a_weekly_intake_cap_limits_what_a_provider_supplies_in_a_week():
    periods = [supply(1, 0, 0, 10, provider=7), supply(2, 0, 0, 10, provider=7)]
    weeks = build_weeks(WEEKS, [], periods, {7: 3})
    assert weeks[0].seats == 3
    assert sum(weeks[0].by_sector.values()) == 3


def test_weeks_with_more_students_than_seats_form_a_shortage_run():
    weeks = build_weeks(
        WEEKS, [demand(1, 1, 2, 60)], [supply(1, 0, 11, 120)], {}
    )  # 30 a week against 10 a week
    runs = shortage_runs(weeks)
    assert [(r.first, r.last) for r in runs] == [(monday(1), monday(2))]
    assert runs[0].short == 40
    assert [w.status for w in weeks[:4]] == ["room", "shortage", "shortage", "room"]


def test_enough_seats_means_no_shortage():
    weeks = build_weeks(WEEKS, [demand(1, 1, 2, 20)], [supply(1, 0, 11, 120)], {})
    assert shortage_runs(weeks) == []
    assert spare_runs(weeks)[0].spare > 0


def test_a_window_in_a_shortage_is_moved_to_the_nearest_weeks_with_spare_seats():
    crowded = demand(1, 1, 2, 60)
    periods = [supply(1, 1, 2, 10), supply(2, 6, 9, 200)]
    weeks = build_weeks(WEEKS, [crowded], periods, {})
    [move] = suggest_moves(weeks, monday(0))
    assert (move.window.pk, move.to_first, move.to_last) == (1, monday(6), monday(7))
    assert move.fits and move.short_before == 50


def test_two_crowded_windows_are_not_sent_to_the_same_spare_seats():
    periods = [supply(1, 6, 7, 60)]  # 30 a week spare in weeks 6-7, none elsewhere
    weeks = build_weeks(WEEKS, [demand(1, 1, 2, 60), demand(2, 1, 2, 60)], periods, {})
    moves = suggest_moves(weeks, monday(0))
    assert [m.to_first for m in moves] == [monday(6)]


def test_a_window_that_has_started_is_not_moved():
    weeks = build_weeks(WEEKS, [demand(1, 0, 1, 60)], [supply(1, 5, 6, 200)], {})
    assert suggest_moves(weeks, monday(1)) == []


def test_more_new_students_in_a_week_than_the_intake_cap_is_an_overload():
    stints = [Stint(5, monday(2), monday(4)) for _ in range(4)]
    [load] = provider_overloads(stints, [], {5: 3}, {5: "Zorgcentrum"}, WEEKS)
    assert (load.kind, load.first, load.students, load.limit) == ("intake", monday(2), 4, 3)


def test_more_students_at_once_than_the_seats_of_that_week_is_an_overload():
    stints = [Stint(5, monday(1), monday(3) + datetime.timedelta(days=4)) for _ in range(5)]
    spans = [SeatSpan(5, monday(0), monday(5), 4)]
    [load] = provider_overloads(stints, spans, {}, {5: "Zorgcentrum"}, WEEKS)
    assert (load.kind, load.first, load.last, load.students, load.limit) == (
        "at_once",
        monday(1),
        monday(3),
        5,
        4,
    )


def test_a_window_linked_to_one_small_provider_would_flood_it():
    crowded = demand(1, 1, 2, 40, school=9)
    periods = [supply(1, 0, 5, 30, provider=5)]
    [risk] = link_risks([crowded], {9: {5}}, periods, {5: 2}, {5: "Zorgcentrum Brunssum"})
    assert (risk.provider_names, risk.can_take) == (["Zorgcentrum Brunssum"], 4)
    roomy = [supply(1, 0, 5, 50, provider=5)]
    assert link_risks([crowded], {9: {5}}, roomy, {5: 25}, {5: "Zorgcentrum"}) == []


def test_seats_that_do_not_take_a_level_leave_its_window_short_while_the_totals_fit():
    windows = [demand(1, 1, 2, 60, level="vmbo")]  # 30 a week
    periods = [supply(1, 1, 2, 100, levels=("havo", "vwo")), supply(2, 1, 2, 20, levels=("vmbo",))]
    weeks = build_weeks(WEEKS, windows, periods, {})
    assert shortage_runs(weeks) == []  # 60 seats a week for 30 students
    [gap] = level_shortages(weeks)
    assert (gap.level, gap.first, gap.last) == ("vmbo", monday(1), monday(2))
    assert (gap.students, gap.seats, gap.short) == (60, 20, 40)


def test_a_seat_for_several_levels_counts_for_each_and_all_level_windows_for_none():
    windows = [demand(1, 1, 2, 40, level="vmbo"), demand(2, 1, 2, 400, level="")]
    periods = [supply(1, 1, 2, 40, levels=("vmbo", "havo"))]
    weeks = build_weeks(WEEKS, windows, periods, {})
    assert level_shortages(weeks) == []
    assert weeks[1].by_level == {"vmbo": 20, "havo": 20}
    assert dict(weeks[1].demand_by_level) == {"vmbo": 20}


def test_a_capped_providers_level_seats_are_capped_too():
    windows = [demand(1, 0, 0, 10, level="pro")]
    periods = [
        supply(1, 0, 0, 10, provider=7, levels=("pro",)),
        supply(2, 0, 0, 10, provider=8, levels=("havo",)),
    ]
    weeks = build_weeks(WEEKS, windows, periods, {7: 4})
    [gap] = level_shortages(weeks)
    assert (gap.seats, gap.short) == (4, 6)


def test_a_level_is_not_warned_about_where_every_seat_takes_it_and_the_week_is_short_anyway():
    windows = [demand(1, 1, 2, 60, level="vmbo")]
    periods = [supply(1, 1, 2, 20, levels=("vmbo", "havo"))]
    weeks = build_weeks(WEEKS, windows, periods, {})
    assert [(r.first, r.last) for r in shortage_runs(weeks)] == [(monday(1), monday(2))]
    assert level_shortages(weeks) == []
