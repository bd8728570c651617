"""Bulk load: placements for every provider of a pilot. Bulk inserts: all twenty pilots add ~20,000
placements in a few seconds."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import NamedTuple

from django.utils import timezone

from stageplein.demo.rows import insert_rows, insert_with_ids
from stageplein.demo.words import GUIDANCE, OFFERS, SCHEDULES, Offer, in_season
from stageplein.geo.models import PostcodeArea
from stageplein.organisations.models import Provider, ProviderLocation
from stageplein.placements.models import (
    LEVEL_FIELDS,
    Placement,
    PlacementPeriod,
    SchoolLink,
    search_text_of,
)

PLACEMENT_COLUMNS = [
    "provider",
    "title",
    "tasks",
    "sector",
    "address",
    "postcode",
    "lat",
    "lon",
    *LEVEL_FIELDS.values(),
    "min_age",
    "kind",
    "group_size",
    "guidance",
    "may_do",
    "may_not_do",
    "contact",
    "status",
    "created_at",
    "updated_at",
    "published_at",
    "confirmed_at",
    "renewal_requested_at",
    "search_text",
]
PERIOD_COLUMNS = ["placement", "starts_on", "ends_on", "hours", "capacity", "schedule"]


class Where(NamedTuple):
    """A provider's first location, in the column order of PLACEMENT_COLUMNS."""

    address: str
    pc4: str
    lat: float
    lon: float


def placements_step(builder, rng, context) -> None:
    """Placements for every provider of a pilot: published ones (some stale), drafts and
    closed ones, each with one to three periods in the offer's season."""
    now = timezone.now()
    today = builder.today
    providers = [p for p in context.providers.all if p.kind != Provider.Kind.SCHOOL]
    locations: dict[int, Where] = {}
    for provider_id, address, pc4, lat, lon in ProviderLocation.objects.filter(
        provider__in=providers
    ).values_list("provider_id", "address", "postcode_id", "postcode__lat", "postcode__lon"):
        locations.setdefault(provider_id, Where(address, pc4, lat, lon))
    places = dict(PostcodeArea.objects.values_list("pc4", "place"))
    sectors = {code: sector.name_nl for code, sector in builder.sectors.items()}
    rows: list[tuple] = []
    chosen: list[Offer] = []
    # By position, not pk: the same seed gives the same demo whatever the database's sequences.
    for index, provider in enumerate(providers):
        location = locations.get(provider.pk)
        if location is None:
            continue
        offers = OFFERS.get(provider.sector_id) or OFFERS["buurt"]
        contact = context.contacts.get(provider.pk)
        for k in range(rng.choice([1, 1, 2, 2, 3])):
            offer = offers[(k + index) % len(offers)]
            title, tasks, min_age, group = offer.title, offer.tasks, offer.min_age, offer.group_size
            roll = rng.random()
            status = (
                Placement.Status.DRAFT
                if roll < 0.04
                else Placement.Status.CLOSED
                if roll < 0.07
                else Placement.Status.PUBLISHED
            )
            stale = status == Placement.Status.PUBLISHED and rng.random() < 0.08
            confirmed = now - datetime.timedelta(
                days=rng.randint(400, 500) if stale else rng.randint(1, 200)
            )
            levels = set(LEVEL_FIELDS)
            if min_age >= 14 and rng.random() < 0.3:
                levels.discard("pro")  # some ask for an older, more independent student
            draft = status == Placement.Status.DRAFT
            rows.append(
                (
                    provider.pk,
                    title,
                    tasks,
                    provider.sector_id,
                    *location,
                    *(level in levels for level in LEVEL_FIELDS),
                    min_age,
                    Placement.Kind.GROUP if group else Placement.Kind.INDIVIDUAL,
                    group,
                    rng.choice(GUIDANCE),
                    "",
                    "",
                    contact.pk if contact else None,
                    status,
                    confirmed,
                    confirmed,
                    None if draft else confirmed,
                    None if draft else confirmed,
                    now if stale and rng.random() < 0.5 else None,
                    search_text_of(
                        title,
                        tasks,
                        provider.name,
                        places[location.pc4],
                        sectors[provider.sector_id],
                    ),
                )
            )
            chosen.append(offer)
    ids = insert_with_ids(Placement, PLACEMENT_COLUMNS, rows)
    periods = []
    for placement_id, offer in zip(ids, chosen, strict=True):
        group = offer.group_size
        start = in_season(offer, today + datetime.timedelta(days=rng.randint(-45, 150)))
        for _ in range(rng.choice([1, 1, 2, 3])):
            length = rng.choice([1, 14, 28, 56, 90]) if group is None else 1
            periods.append(
                (
                    placement_id,
                    start,
                    start + datetime.timedelta(days=length),
                    rng.choice([8, 10, 12, 15, 20, 24, 30]),
                    rng.choice([1, 2, 2, 3, 3, 4, 5, 8])
                    if group is None
                    else group * rng.choice([1, 2]),
                    rng.choice(SCHEDULES),
                )
            )
            start = in_season(offer, start + datetime.timedelta(days=length + rng.randint(14, 60)))
    insert_rows(PlacementPeriod, PERIOD_COLUMNS, periods)
    # R-MATCH-6: about one school in three supplies a provider of its municipality this year.
    by_municipality = defaultdict(list)
    for provider in providers:
        by_municipality[provider.municipality_id].append(provider)
    links = []
    for school in context.schools:
        nearby = by_municipality.get(school.municipality_id)
        if nearby and rng.random() < 0.35:
            links.append(
                SchoolLink(
                    school=school,
                    provider=rng.choice(nearby),
                    school_year=builder.school_year,
                )
            )
    SchoolLink.objects.bulk_create(links)
