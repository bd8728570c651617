"""The pages that count students by MaS state agree for one fixture: the school overview, the
broker's overview and the broker's queue all use applications/mas_state.py."""

import pytest
from django.urls import reverse

from tests.support.people import make_student
from tests.support.progress import internship_with_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(world):
    """The world's Sam (busy) and Lotte (no reaction), plus one who finished and one new."""
    done = make_student(world.school, "5101", first_name="Klaar", year=3, class_name="3H1")
    internship_with_hours(done, world.provider, 80)
    make_student(world.school, "5102", first_name="Nieuw", year=3, class_name="3H1")
    return world


def test_every_page_counts_the_same_students_without_a_place(client_as, mixed):
    world = mixed
    school = client_as("coordinator").get(reverse("dashboard_school")).context
    by_status = {s: n for s, _label, n in school["statuses"]}
    without = by_status["none"] + by_status["reacted"]
    assert by_status["done"] >= 1

    broker = client_as("broker").get(reverse("dashboard_broker")).context
    row = next(r for r in broker["schools"].rows if world.school.name in str(r[0]))
    queue = client_as("broker").get(reverse("matching_queue")).context
    in_queue = [s for s in queue["rows"] if s.school_id == world.school.pk]

    assert without == len(in_queue)
    figures = [getattr(cell, "text", cell) for cell in row]
    assert without in figures  # the broker's per-school "without a place" figure
    assert "Klaar" not in [s.user.first_name for s in in_queue]
