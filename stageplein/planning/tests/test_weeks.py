import datetime

from stageplein.planning.weeks import dates_of_weeks, monday_of_week, mondays


def test_week_numbers_from_31_fall_in_the_first_calendar_year_of_the_school_year():
    assert monday_of_week(2026, 40) == datetime.date(2026, 9, 28)
    assert monday_of_week(2026, 10) == datetime.date(2027, 3, 8)


def test_a_week_without_school_days_in_the_school_year_does_not_exist():
    # 2026 has 53 weeks, 2027 does not; week 31 of 2026 has only a weekend in August.
    assert monday_of_week(2026, 53) == datetime.date(2026, 12, 28)
    assert monday_of_week(2027, 53) is None
    assert monday_of_week(2026, 31) is None


def test_weeks_10_to_14_run_from_monday_to_friday():
    assert dates_of_weeks(2026, 10, 14) == (datetime.date(2027, 3, 8), datetime.date(2027, 4, 9))


def test_a_period_touches_the_weeks_of_its_first_and_last_day():
    weeks = mondays(datetime.date(2027, 3, 11), datetime.date(2027, 3, 16))
    assert weeks == [datetime.date(2027, 3, 8), datetime.date(2027, 3, 15)]
