"""The search page's keys come from SQL compiled once per search and process (issue 12): the
same rows as the ORM's query, also after the data changed, the clock moved or the school's
links changed, because only the SQL is kept."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from stageplein.applications.models import Application, Status
from stageplein.core.schoolyear import current_school_year
from stageplein.placements.models import Placement, SchoolLink
from stageplein.placements.selectors import (
    COMPILED_KEYS,
    PlacementSearch,
    origin_for,
    page_keys,
    search_keys,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    COMPILED_KEYS.clear()
    yield
    COMPILED_KEYS.clear()


def searches(world) -> list[PlacementSearch]:
    student, other = world.student, world.other_student

    def of(s, **extra) -> PlacementSearch:
        return PlacementSearch(
            level=s.level,
            date_of_birth=s.date_of_birth,
            linked_school_id=s.school_id,
            origin=origin_for(s, "home"),
            **extra,
        )

    return [
        PlacementSearch(),
        of(student),
        of(student, max_km=20),
        of(student, q="wandelen tuin"),
        of(other, sector="sport"),
        of(student, kind="group", available_from=timezone.localdate()),
        PlacementSearch(level="havo", only_free=False),
    ]


def orm_rows(search: PlacementSearch, offset: int = 0, limit: int = 20) -> list[dict]:
    return list(search_keys(search)[offset : offset + limit])


def test_the_compiled_sql_gives_the_rows_of_the_orm(world):
    for search in searches(world):
        assert page_keys(search, 0, 20) == orm_rows(search)  # compiled now
        assert page_keys(search, 0, 20) == orm_rows(search)  # from the cache
        assert page_keys(search, 1, 1) == orm_rows(search, 1, 1)
    assert len(COMPILED_KEYS) == 2 * len(searches(world))  # two pages of each search


def test_a_cached_search_sees_changes_to_the_data_and_to_the_school_links(world):
    search = searches(world)[1]
    before = page_keys(search, 0, 20)
    assert any(row["linked"] for row in before)
    SchoolLink.objects.all().delete()  # the links are part of the key: compiled again
    Placement.objects.filter(title="Training jeugdteam").update(status="closed")
    period = world.period2  # two seats, one taken: the second taken now
    Application.objects.create(
        student=world.classmate,
        placement=period.placement,
        period=period,
        motivation="Graag",
        status=Status.ACCEPTED,
        accepted_at=timezone.now(),
    )
    after = page_keys(search, 0, 20)
    assert after == orm_rows(search)
    assert not any(row["linked"] for row in after)
    titles = set(
        Placement.objects.filter(pk__in=[r["pk"] for r in after]).values_list("title", flat=True)
    )
    assert "Training jeugdteam" not in titles and "Wandelen in de tuin" not in titles
    assert current_school_year()  # the year is part of the key as well


def test_a_placement_turns_stale_under_a_cached_search_as_the_clock_moves(world):
    search = PlacementSearch()
    placement = Placement.objects.get(title="Training jeugdteam")
    days = settings.PLACEMENT_STALE_AFTER_DAYS
    # Confirmed so long ago that it turns stale in an hour: the cutoff inside the compiled SQL
    # must move with the clock, not stay where it was when the SQL was compiled.
    Placement.objects.filter(pk=placement.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=days) + datetime.timedelta(hours=1)
    )
    assert placement.pk in {row["pk"] for row in page_keys(search, 0, 20)}
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        assert placement.pk not in {row["pk"] for row in page_keys(search, 0, 20)}
        assert page_keys(search, 0, 20) == orm_rows(search)
