"""The school's own calendar: its windows with the students counted from its records."""

import re

import pytest
from django.urls import reverse

from stageplein.planning.tests.helpers import NEXT, accept, period, window
from tests.support.people import make_student

pytestmark = pytest.mark.django_db


def test_the_coordinator_sees_each_window_with_its_students_and_those_without_a_seat(
    world, client_as
):
    window(world.school, 40, 41, year=2, level="havo")
    window(world.school, 40, 41, year=2, level="havo", class_name="2H2")
    make_student(world.school, "1010", first_name="Ada", class_name="2H2")
    accept(world.classmate, period(world.provider, 40, 41, capacity=5))
    response = client_as("coordinator").get(reverse("calendar_school"), {"year": NEXT})
    rows = {
        window.group_label: (item.students, item.open) for window, item in response.context["rows"]
    }
    # Ada's class has its own window: she is not counted twice. Lotte holds a seat and Sam is
    # busy (his hours count: the MaS state says he has a place), so 2 havo has none left.
    assert rows == {"2 havo": (2, 0), "2 havo (2H2)": (1, 1)}
    html = response.content.decode()
    assert "Ada" not in html
    assert reverse("calendar_window_create") in html


def test_a_coordinator_sees_only_the_own_school(world, client_as):
    window(world.school, 40, 41, expected_students=987)
    response = client_as("other_coordinator").get(
        reverse("calendar_school"), {"school": world.school.pk, "year": NEXT}
    )
    assert response.context["school"] == world.other_school
    # Not a substring of an id or a date the page may also hold by chance.
    assert not re.search(r"(?<![\d.,])987(?![\d.,])", response.content.decode())
