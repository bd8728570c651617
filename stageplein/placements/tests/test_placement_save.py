"""placement_save: a placement and its periods are saved together or not at all."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stageplein.applications.models import Application, Status
from stageplein.organisations.models import Provider
from stageplein.placements.models import Placement, PlacementPeriod
from stageplein.placements.services import PeriodChange, PeriodError, placement_save

pytestmark = pytest.mark.django_db


def new_placement(world, **extra) -> Placement:
    fields = {
        "provider": world.provider,
        "title": "Spelletjesmiddag",
        "tasks": "Spelletjes doen met bewoners.",
        "sector_id": "zorg",
        "address": "Lindelaan 4",
        "postcode_id": "7202",
        "guidance": "Altijd een begeleider erbij.",
    }
    fields.update(extra)
    return Placement(**fields)


def new_period(days_ahead=30, length=14, capacity=3, hours=10) -> PlacementPeriod:
    start = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return PlacementPeriod(
        starts_on=start,
        ends_on=start + datetime.timedelta(days=length),
        capacity=capacity,
        hours=hours,
    )


def test_a_new_placement_gets_its_periods_and_the_postcode_centroid(world):
    saved = placement_save(
        placement=new_placement(world),
        periods=[PeriodChange(new_period()), PeriodChange(new_period(days_ahead=60))],
        by=world.users["provider_contact"],
    )
    saved.refresh_from_db()
    assert saved.periods.count() == 2
    assert (round(saved.lat, 3), round(saved.lon, 3)) == (52.149, 6.194)
    assert saved.status == Placement.Status.DRAFT
    assert saved.created_by == world.users["provider_contact"]


def test_an_invalid_period_leaves_nothing_half_saved(world):
    before = Placement.objects.count()
    with pytest.raises(ValidationError):
        placement_save(
            placement=new_placement(world, title="Half"),
            periods=[PeriodChange(new_period()), PeriodChange(new_period(capacity=0), key="p1")],
            by=None,
        )
    assert Placement.objects.count() == before
    assert not Placement.objects.filter(title="Half").exists()


def test_capacity_cannot_drop_below_the_seats_already_claimed(world, placement, period):
    Application.objects.filter(period=period).update(
        status=Status.ACCEPTED, accepted_at=timezone.now()
    )
    period.capacity = 1
    other = Application.objects.create(
        student=world.classmate,
        placement=placement,
        period=period,
        motivation="Graag",
        status=Status.ACCEPTED,
        accepted_at=timezone.now(),
    )
    with pytest.raises(PeriodError) as exc:
        placement_save(placement=placement, periods=[PeriodChange(period, key="p0")], by=None)
    assert exc.value.field == "capacity"
    assert "2" in exc.value.messages[0]
    period.refresh_from_db()
    assert period.capacity == 3
    assert other.pk


def test_a_period_with_reactions_cannot_be_removed(world, placement, period):
    with pytest.raises(PeriodError):
        placement_save(
            placement=placement,
            periods=[PeriodChange(period, delete=True, key="p0"), PeriodChange(new_period())],
            by=None,
        )
    assert PlacementPeriod.objects.filter(pk=period.pk).exists()


def test_a_club_adds_no_period_to_a_published_placement_inside_the_lead_time(
    world, placement, settings
):
    settings.PLACEMENT_LEAD_WEEKS = 6
    Provider.objects.filter(pk=world.provider.pk).update(kind=Provider.Kind.ASSOCIATION)
    placement.provider.refresh_from_db()
    with pytest.raises(PeriodError) as exc:
        placement_save(
            placement=placement,
            periods=[PeriodChange(new_period(days_ahead=14), key="new")],
            by=None,
        )
    assert exc.value.field == "starts_on"
    placement_save(placement=placement, periods=[PeriodChange(new_period(days_ahead=50))], by=None)
    assert placement.periods.count() == 2


def test_a_club_cannot_slip_a_short_period_in_while_closed_and_republish(
    world, placement, settings
):
    from stageplein.placements.services import placement_close, placement_publish

    settings.PLACEMENT_LEAD_WEEKS = 6
    Provider.objects.filter(pk=world.provider.pk).update(kind=Provider.Kind.ASSOCIATION)
    placement_close(placement=placement, by=None)
    placement.refresh_from_db()
    with pytest.raises(PeriodError) as exc:
        placement_save(
            placement=placement,
            periods=[PeriodChange(new_period(days_ahead=14), key="new")],
            by=None,
        )
    assert exc.value.field == "starts_on"
    assert placement.periods.count() == 1  # nothing half-saved
    placement_publish(placement=placement, by=None)  # its own period was published before


def test_a_club_saving_a_draft_inside_the_lead_time_is_refused_with_a_written_out_date(
    world, settings
):
    settings.PLACEMENT_LEAD_WEEKS = 6
    Provider.objects.filter(pk=world.provider.pk).update(kind=Provider.Kind.ASSOCIATION)
    world.provider.refresh_from_db()
    draft = new_placement(world, status=Placement.Status.DRAFT)
    with pytest.raises(PeriodError) as exc:
        placement_save(
            placement=draft, periods=[PeriodChange(new_period(days_ahead=14), key="new")], by=None
        )
    assert exc.value.field == "starts_on"
    earliest = timezone.localdate() + datetime.timedelta(weeks=6)
    assert earliest.strftime("%d-%m-%Y") not in str(exc.value)
    assert f"{earliest.day} " in str(exc.value) and str(earliest.year) in str(exc.value)
    assert not Placement.objects.filter(title="Spelletjesmiddag").exists()
