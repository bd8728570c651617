"""The broker's overview shows the regional calendar in brief (loaded by htmx)."""

import pytest
from django.urls import reverse

from stageplein.planning.tests.helpers import NEXT, period, window

pytestmark = pytest.mark.django_db


def summary(client, world, **params) -> str:
    params = {"region": world.region.pk, "school_year": NEXT, **params}
    return client.get(reverse("calendar_summary"), params).content.decode()


def test_the_summary_names_the_shortage_and_the_first_move(world, client_as):
    window(world.school, 40, 41, level="havo", expected_students=60)
    period(world.provider, 40, 41, capacity=10)
    period(world.provider, 10, 13, capacity=200)
    html = summary(client_as("broker"), world)
    assert "Tekort in week 40–41" in html
    assert "Verplaats 3 havo van Baudartius College" in html
    assert reverse("calendar_region") in html
    assert "<html" not in html  # a fragment for the overview


def test_the_summary_says_so_when_seats_suffice(world, client_as):
    window(world.school, 40, 41, expected_students=10)
    period(world.provider, 40, 41, capacity=40)
    assert "Geen tekort" in summary(client_as("broker"), world)


def test_the_broker_overview_loads_the_summary_of_its_region(world, client_as):
    html = client_as("broker").get(reverse("dashboard_broker")).content.decode()
    assert f'hx-get="{reverse("calendar_summary")}?region={world.broker.region_id}"' in html


def test_another_regions_coordinator_gets_404(world, client_as):
    response = client_as("other_coordinator").get(
        reverse("calendar_summary"), {"region": world.region.pk}
    )
    assert response.status_code == 404


def test_an_impossible_school_year_falls_back_to_this_one(world, client_as):
    response = client_as("broker").get(
        reverse("calendar_summary"), {"region": world.region.pk, "school_year": "9999"}
    )
    assert response.status_code == 200
