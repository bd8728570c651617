"""The broker and the region's coordinators see the regional calendar: the week with the
shortage, the warning and the suggested move; with a chart and the table behind it."""

import json
import re

import pytest
from django.urls import reverse

from stageplein.planning.tests.helpers import NEXT, period, window

pytestmark = pytest.mark.django_db


@pytest.fixture
def shortage(world):
    crowded = window(world.school, 40, 41, level="havo", expected_students=60)
    period(world.provider, 40, 41, capacity=10)
    period(world.provider, 10, 13, capacity=200)
    return crowded


def page(client, **params) -> str:
    params.setdefault("school_year", NEXT)
    return client.get(reverse("calendar_region"), params).content.decode()


def test_the_broker_sees_the_shortage_week_and_the_suggested_move(world, client_as, shortage):
    html = page(client_as("broker"))
    assert "Tekort in week 40–41" in html
    assert "50 tekort" in html
    assert "Verplaats 3 havo van Baudartius College van week 40–41 naar week 10–11" in html
    # The broker suggests; the school decides (R-ROLE-2): no link to change the window.
    assert reverse("calendar_window_edit", args=[shortage.pk]) not in html


def test_the_coordinator_gets_a_link_to_move_the_own_window(world, client_as, shortage):
    html = page(client_as("coordinator"))
    assert reverse("calendar_window_edit", args=[shortage.pk]) in html


def test_the_chart_has_the_same_figures_as_the_table(world, client_as, shortage):
    html = page(client_as("broker"))
    found = re.search(r'data-chart="([^"]+)"', html)
    assert found is not None
    figures = re.search(
        rf'<script id="{found.group(1)}" type="application/json">(.*?)</script>', html
    )
    assert figures is not None
    chart = json.loads(figures.group(1))
    week40 = chart["labels"].index("40")
    assert [d["data"][week40] for d in chart["datasets"]] == [30, 5]
    row = r'<th scope="row">40 <span[^>]*>[^<]+</span></th>\s*<td class="num">30</td>\s*'
    assert re.search(row + r'<td class="num">5</td>', html)
    assert "<script>" not in html and "onclick" not in html


def test_no_warning_when_there_are_enough_seats(world, client_as):
    window(world.school, 40, 41, expected_students=10)
    period(world.provider, 40, 41, capacity=40)
    html = page(client_as("broker"))
    assert "Geen tekort" in html
    assert "Tekort in" not in html


def test_a_coordinator_of_another_region_sees_that_region_only(world, client_as, shortage):
    html = page(client_as("other_coordinator"))
    assert world.other_region.name in html
    assert "Baudartius" not in html
    # Asking for the other region by number changes nothing.
    html = page(client_as("other_coordinator"), region=world.region.pk)
    assert "Baudartius" not in html


def test_the_calendar_never_shows_a_student(world, client_as, shortage):
    html = page(client_as("broker"))
    for student in (world.student, world.classmate):
        assert student.user.first_name not in html
        assert student.user.last_name not in html


def test_filters_narrow_the_supply(world, client_as, shortage):
    html = page(client_as("broker"), sector="sport")
    assert "Tekort in week 40–41" in html and "60 tekort" in html
    html = page(client_as("broker"), school=world.school.pk, max_km=5)
    assert "50 tekort" in html


def test_the_broker_is_warned_that_a_year_group_would_flood_the_linked_care_home(world, client_as):
    from stageplein.organisations.models import Provider
    from stageplein.placements.models import SchoolLink

    Provider.objects.filter(pk=world.provider.pk).update(weekly_intake_cap=3)
    SchoolLink.objects.create(school=world.school, provider=world.provider, school_year=NEXT)
    window(world.school, 40, 41, level="havo", expected_students=40)
    period(world.provider, 38, 45, capacity=20)
    html = page(client_as("broker"))
    assert "Stagebieders die te veel leerlingen zouden krijgen" in html
    assert "Baudartius College, 3 havo</strong>: 40 leerlingen in week 40–41" in html
    assert "Zorgcentrum De Linde: plaats voor 6" in html


def test_a_level_without_enough_suitable_seats_is_warned_about_when_the_totals_fit(
    world, client_as
):
    window(world.school, 40, 41, level="vmbo", expected_students=30)
    period(world.provider, 40, 41, capacity=100, level_vmbo=False)
    period(world.provider, 40, 41, capacity=10)
    html = page(client_as("broker"))
    assert "Tekort in week 40–41" not in html
    assert "Te weinig plaatsen voor één niveau" in html
    assert "vmbo in week 40–41" in html
    assert "30 leerlingen ingepland, 10 vrije plaatsen voor dit niveau: 20 tekort." in html
    assert "Geen tekort" not in html
