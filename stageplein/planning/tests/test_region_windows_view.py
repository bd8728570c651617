"""Schools see each other's windows in the region: school names, groups, numbers; never a
student, and never another region's schools."""

import pytest
from django.urls import reverse

from stageplein.planning.tests.helpers import NEXT, window
from tests.support.people import make_student

pytestmark = pytest.mark.django_db


def test_a_mentor_sees_the_windows_of_every_school_in_the_region(world, client_as):
    from stageplein.organisations.models import School

    neighbour = School.objects.create(
        brin="30CC",
        name="Isala College",
        region=world.region,
        municipality_id="1859",
        levels=["havo"],
    )
    make_student(
        neighbour, "3001", first_name="Femke", last_name="Wolters", year=3, class_name="3H1"
    )
    window(neighbour, 40, 42, level="havo")
    window(world.school, 44, 45, expected_students=120)
    html = (
        client_as("mentor").get(reverse("calendar_region_windows"), {"year": NEXT}).content.decode()
    )
    assert "Isala College" in html and "week 40–42" in html
    assert "Baudartius College" in html and "120" in html
    assert "Femke" not in html and "Wolters" not in html
    assert world.other_school.name not in html


def test_another_region_is_not_shown_even_when_asked_for(world, client_as):
    window(world.school, 44, 45, expected_students=120)
    html = client_as("other_coordinator").get(
        reverse("calendar_region_windows"), {"region": world.region.pk, "year": NEXT}
    )
    assert "Baudartius" not in html.content.decode()
