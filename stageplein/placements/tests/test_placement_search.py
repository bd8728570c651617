"""The student's search (R-PLACE-5): only what the student may do, near home or school, by
text, sector, period and kind; linked schools first; distances from PC4 centroids."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.applications.models import Application, Status
from stageplein.core.schoolyear import current_school_year
from stageplein.geo.distance import bounding_box, centroids, haversine_km
from stageplein.placements.models import Placement, SchoolLink
from stageplein.placements.selectors import (
    PlacementSearch,
    origin_for,
    search_placements,
)
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


def titles(search: PlacementSearch) -> list[str]:
    return list(search_placements(search).values_list("title", flat=True))


def for_student(student, **extra) -> PlacementSearch:
    return PlacementSearch(
        level=student.level,
        date_of_birth=student.date_of_birth,
        linked_school_id=student.school_id,
        origin=origin_for(student, "home"),
        **extra,
    )


def test_students_see_only_placements_for_their_level(world):
    make_placement(world.provider, title="Alleen vwo", pc4="7202", level_havo=False)
    make_period(Placement.objects.get(title="Alleen vwo"))
    found = titles(for_student(world.student))
    assert "Activiteitenmiddag met bewoners" in found
    assert "Alleen vwo" not in found


def test_a_student_too_young_today_finds_a_period_that_starts_after_their_birthday(world):
    student = world.student  # 14, born a month ago in the calendar
    early = make_placement(world.provider, title="Vanaf 15, snel", pc4="7202", min_age=15)
    make_period(early, weeks_ahead=2)
    later = make_placement(world.provider, title="Vanaf 15, later", pc4="7202", min_age=15)
    make_period(later, weeks_ahead=52)
    found = titles(for_student(student))
    assert "Vanaf 15, later" in found
    assert "Vanaf 15, snel" not in found


def test_distance_keeps_what_is_within_reach_and_orders_the_nearest_first(world):
    near = titles(for_student(world.student, max_km=20))
    assert "Training jeugdteam" not in near  # Utrecht, about 75 km away
    everywhere = search_placements(for_student(world.student))
    rows = {p.title: p.distance for p in everywhere}  # type: ignore[attr-defined]
    assert rows["Training jeugdteam"] == pytest.approx(75, abs=10)
    assert rows["Activiteitenmiddag met bewoners"] < 2
    distances = [p.distance for p in everywhere]  # type: ignore[attr-defined]
    assert distances == sorted(distances)


def test_the_corner_of_the_bounding_box_is_outside_the_circle(world):
    """The box is only a cheap first filter: the exact distance decides."""
    origin = origin_for(world.student, "home")
    assert origin is not None
    radius = 10
    min_lat, max_lat, min_lon, max_lon = bounding_box(origin.lat, origin.lon, radius)
    corner = next(
        pc4
        for pc4, (lat, lon) in sorted(centroids().items())
        if min_lat <= lat <= max_lat
        and min_lon <= lon <= max_lon
        and radius * 1.05 < haversine_km(origin.lat, origin.lon, lat, lon)
    )
    make_period(make_placement(world.provider, title="In de hoek", pc4=corner))
    assert "In de hoek" not in titles(for_student(world.student, max_km=radius))
    assert "In de hoek" in titles(for_student(world.student, max_km=radius * 2))


def test_text_matches_title_tasks_or_provider(world):
    assert titles(for_student(world.student, q="wandelen tuin")) == ["Wandelen in de tuin"]
    assert "Activiteitenmiddag met bewoners" in titles(for_student(world.student, q="spelletje"))
    assert len(titles(for_student(world.student, q="linde"))) == 2  # the provider's name


def test_sector_kind_and_period_filters(world):
    group = make_placement(
        world.provider, title="Samen bakken", pc4="7202", kind="group", group_size=4
    )
    make_period(group, weeks_ahead=20)
    assert titles(for_student(world.student, kind="group")) == ["Samen bakken"]
    assert titles(for_student(world.student, sector="sport")) == ["Training jeugdteam"]
    soon = timezone.localdate() + datetime.timedelta(weeks=8)
    assert "Samen bakken" not in titles(for_student(world.student, available_until=soon))
    later = timezone.localdate() + datetime.timedelta(weeks=19)
    assert titles(for_student(world.student, available_from=later, kind="group")) == [
        "Samen bakken"
    ]


def test_a_full_period_is_not_offered(world):
    period = world.period2  # two seats, one taken by the world's accepted reaction
    assert "Wandelen in de tuin" in titles(for_student(world.student))
    Application.objects.create(
        student=world.classmate,
        placement=period.placement,
        period=period,
        motivation="Graag",
        status=Status.ACCEPTED,
        accepted_at=timezone.now(),
    )
    assert "Wandelen in de tuin" not in titles(for_student(world.student))


def test_placements_of_a_linked_provider_come_first(world):
    SchoolLink.objects.all().delete()
    far_first = [p.title for p in search_placements(for_student(world.other_student))]
    assert far_first[0] == "Training jeugdteam"  # the nearest to Utrecht
    SchoolLink.objects.create(
        school=world.other_school, provider=world.provider, school_year=current_school_year()
    )
    linked = list(search_placements(for_student(world.other_student)))
    assert linked[0].provider == world.provider and linked[0].linked  # type: ignore[attr-defined]
    assert linked[-1].title == "Training jeugdteam"


def test_drafts_closed_and_stale_placements_are_never_found(world):
    found = titles(PlacementSearch())
    assert "Voorlezen (concept)" not in found
    Placement.objects.filter(title="Wandelen in de tuin").update(status="closed")
    Placement.objects.filter(title="Training jeugdteam").update(
        confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    assert titles(PlacementSearch()) == ["Activiteitenmiddag met bewoners"]


# -- the page ---------------------------------------------------------------------------------


def test_the_page_shows_distances_and_never_provider_phone_or_email(world, client_as):
    page = client_as("student").get(reverse("placement_search"))
    html = page.content.decode()
    assert "Activiteitenmiddag met bewoners" in html
    assert "binnen 10 km van huis" in html
    assert "Training jeugdteam" not in html
    assert world.provider.phone not in html and world.provider.email not in html
    assert 'data-markers="[{&quot;lat&quot;: 52.1491' in html


def test_an_htmx_search_returns_only_the_results(world, client_as):
    page = client_as("student").get(
        reverse("placement_search"), {"q": "tuin", "km": "20"}, HTTP_HX_REQUEST="true"
    )
    html = page.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "Wandelen in de tuin" in html and "<html" not in html


def test_school_staff_search_by_level_and_postcode(world, client_as):
    page = client_as("coordinator").get(
        reverse("placement_search"), {"pc4": "3511", "km": "5", "level": "havo"}
    )
    html = page.content.decode()
    assert "Training jeugdteam" in html and "Activiteitenmiddag" not in html
    bad = client_as("coordinator").get(reverse("placement_search"), {"pc4": "0000"})
    assert "Postcode 0000 is onbekend" in bad.content.decode()
