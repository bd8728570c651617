import datetime

import pytest
from django.utils import translation

from stageplein.core.schoolyear import current_school_year
from stageplein.planning.models import InternshipWindow
from stageplein.planning.selectors import (
    window_for_student,
    window_students,
    windows_of_schools,
)
from tests.support.people import make_student

pytestmark = pytest.mark.django_db


def window(school, **extra):
    start = extra.pop("starts_on", datetime.date(current_school_year() + 1, 3, 2))
    fields = {
        "school": school,
        "school_year": current_school_year(),
        "year": 2,
        "starts_on": start,
        "ends_on": start + datetime.timedelta(weeks=4),
        "hours_per_student": 20,
        **extra,
    }
    return InternshipWindow.objects.create(**fields)


def test_a_window_counts_the_current_students_of_its_group(world):
    whole_year = window(world.school)
    havo_only = window(world.school, level="havo", starts_on=datetime.date(2027, 4, 5))
    make_student(world.school, "3001", first_name="Ilse", level="vwo", class_name="2V1")
    left = make_student(world.school, "3002", first_name="Kees", level="havo")
    left.left_on = datetime.date.today()
    left.save()
    counted = {w.pk: w.n_students for w in windows_of_schools([world.school.pk])}
    group = set(window_students(whole_year).values_list("student_number", flat=True))
    assert counted[whole_year.pk] == len(group)
    assert "3002" not in group
    assert "3001" in group
    assert counted[havo_only.pk] == counted[whole_year.pk] - 1  # Ilse is in vwo


def test_a_number_the_school_entered_wins_over_the_count(world):
    entered = window(world.school, expected_students=450)
    assert windows_of_schools([world.school.pk]).get(pk=entered.pk).n_students == 450


def test_the_most_specific_window_applies_to_a_student(world):
    student = world.student
    window(world.school, year=student.year)
    by_level = window(
        world.school, year=student.year, level=student.level, starts_on=datetime.date(2027, 5, 3)
    )
    assert window_for_student(student) == by_level
    by_class = window(
        world.school,
        year=student.year,
        class_name=student.class_name,
        starts_on=datetime.date(2027, 6, 7),
    )
    assert window_for_student(student) == by_class
    assert window_for_student(student, current_school_year() + 1) is None


def test_weeks_are_shown_as_iso_weeks(world):
    w = window(world.school, starts_on=datetime.date(2027, 3, 8), ends_on=datetime.date(2027, 4, 9))
    assert w.weeks == (10, 14)
    with translation.override("en"):
        assert w.weeks_label == "weeks 10–14"
