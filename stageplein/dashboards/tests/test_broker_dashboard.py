"""The broker's overview: students without a place in its area, providers and placements
(free places, stale ones), demand and supply, evaluations per provider."""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.applications.models import Status
from stageplein.exports.tables import Link
from stageplein.internships.models import StudentEvaluation
from stageplein.students.models import Student
from tests.support.placements import make_period, make_placement
from tests.support.progress import (
    internship_with_hours,
    period_in,
    react,
    student_at,
    this_year,
)
from tests.support.world import World

pytestmark = pytest.mark.django_db


def plain(row):
    return [c.text if isinstance(c, Link) else c for c in row]


@dataclass
class Area:
    world: World
    placed: Student
    finished: Student
    commuter: Student


@pytest.fixture
def area(world) -> Area:
    period = period_in(world.placement, this_year())
    placed = student_at(world.school, "5001", first_name="Geplaatst")
    react(placed, period, Status.ACCEPTED)
    finished = student_at(world.school, "5002", first_name="Klaar")
    internship_with_hours(finished, world.provider, 60)
    # Lives in Zutphen, goes to school in Utrecht: the broker sees (and helps) this student too.
    commuter = student_at(world.other_school, "5003", first_name="Reiziger", pc4="7201")
    return Area(world, placed=placed, finished=finished, commuter=commuter)


def overview(client, world):
    return client.get(reverse("dashboard_broker"), {"broker": world.broker.pk})


def test_broker_sees_students_without_a_place_per_school_of_its_area(client_as, area):
    world = area.world
    response = overview(client_as("broker"), world)
    rows = {plain(r)[0]: plain(r) for r in response.context["schools"].rows}
    # Baudartius: Sam (running internship), Lotte (nothing), placed, finished: only Lotte.
    assert rows[world.school.name][2:4] == [4, 1]
    # Utrechts Lyceum: only the commuter lives in the area.
    assert rows[world.other_school.name][2:4] == [1, 1]
    assert response.context["unplaced_total"] == 2


def test_the_list_of_students_without_a_place_names_them_with_a_link(client_as, area):
    world = area.world
    response = client_as("broker").get(reverse("dashboard_unplaced"), {"broker": world.broker.pk})
    names = sorted(r[0].text for r in response.context["table"].rows)
    assert names == sorted(
        [world.classmate.user.get_full_name(), area.commuter.user.get_full_name()]
    )
    assert reverse("student_detail", args=[world.classmate.pk]) in response.content.decode()
    only_lyceum = client_as("broker").get(
        reverse("dashboard_unplaced"), {"broker": world.broker.pk, "school": world.other_school.pk}
    )
    assert [r[0].text for r in only_lyceum.context["table"].rows] == [
        area.commuter.user.get_full_name()
    ]


def test_placements_per_sector_count_free_places_and_stale_placements(client_as, area):
    world = area.world
    stale = make_placement(
        world.provider,
        title="Oud aanbod",
        pc4="7202",
        confirmed_at=timezone.now() - datetime.timedelta(days=800),
    )
    make_period(stale, capacity=9)
    response = overview(client_as("broker"), world)
    zorg = next(r for r in response.context["sectors"].rows if r[0] == "Zorg en welzijn")
    providers, published, stale_n, seats, taken, free = zorg[1:]
    assert (providers, published, stale_n) == (1, 3, 1)
    # Periods not yet over of the findable placements: 3 + 2 + 10 (this test's) places, two
    # taken by accepted reactions (the world's and this test's). Not the stale placement's 9.
    assert (seats, taken, free) == (15, 2, 13)
    page = response.content.decode()
    assert f"{reverse('placement_manage_list')}?status=stale" in page


def test_evaluations_per_provider_give_their_number_and_average_grade(client_as, area):
    world = area.world
    for number, grade in (("6001", 6), ("6002", 9)):
        s = student_at(world.school, number)
        StudentEvaluation.objects.create(
            internship=internship_with_hours(s, world.provider, 10), grade=grade
        )
    response = overview(client_as("broker"), world)
    row = plain(response.context["evaluations"].rows[0])
    assert row[0] == world.provider.name
    assert row[2:4] == [2, 7.5]
    assert world.other_provider.name not in response.content.decode()


def test_demand_and_supply_has_its_place_for_the_annual_calendar(client_as, area):
    page = overview(client_as("broker"), area.world).content.decode()
    assert 'data-slot="planning-demand-supply"' in page


def test_another_brokers_area_is_not_shown(client_as, area):
    response = client_as("broker").get(reverse("dashboard_broker"), {"broker": 999999})
    assert response.status_code == 404
