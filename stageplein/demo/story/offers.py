"""The story's vacancy bank, made through the placement services.

Each provider published its placements when it joined the platform, a few years back
(``publish``); the history of internships adds the periods students went to
(``story/lives.py``); afterwards (``keep_up``) most placements get new periods in their season,
some are left to go stale, some are closed, and a few new ones wait as drafts.
"""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from django.utils import timezone

from stageplein.accounts.models import Membership, Role
from stageplein.demo.clock import at, moment
from stageplein.demo.context import Listing, PilotContext
from stageplein.demo.words import GUIDANCE, OFFERS, SCHEDULES, Offer, in_season
from stageplein.organisations.models import ProviderLocation
from stageplein.placements.models import LEVEL_FIELDS, Placement, PlacementPeriod
from stageplein.placements.services import (
    PeriodChange,
    lead_weeks,
    placement_close,
    placement_publish,
    placement_save,
    placements_request_renewal,
    school_link_create,
)

if TYPE_CHECKING:
    from stageplein.demo.builder import DemoBuilder

DAY = datetime.timedelta(days=1)
PROTECTED_SECTORS = {"zorg", "natuur", "buurt", "dieren", "cultuur"}


def period_for(
    rng: random.Random, offer: Offer, start: datetime.date, *, until: datetime.date | None = None
) -> PlacementPeriod:
    length = 1 if offer.group_size else rng.choice([1, 14, 28, 56, 90])
    return PlacementPeriod(
        starts_on=start,
        ends_on=until or start + length * DAY,
        hours=rng.choice([8, 10, 12, 15, 20, 24, 30]),
        capacity=offer.group_size * rng.choice([1, 2])
        if offer.group_size
        else rng.choice([1, 2, 2, 3, 3, 4, 5, 8]),
        schedule=rng.choice(SCHEDULES),
    )


def publish(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    today = b.today
    # Before the first internships of the oldest year group (their first school year).
    oldest = datetime.date(b.school_year - 3, 9, 1)
    locations: dict[int, ProviderLocation] = {}
    for found in ProviderLocation.objects.filter(provider__in=context.providers.all).order_by("pk"):
        locations.setdefault(found.provider_id, found)
    # By position, not pk: the same seed gives the same demo whatever the database's sequences.
    for index, provider in enumerate(context.providers.all):
        location = locations.get(provider.pk)
        if location is None:
            continue
        # The supervisor is the placement's contact where there is one: they confirm hours.
        person = (
            context.providers.supervisors.get(provider.pk)
            or context.providers.contacts[provider.pk]
        )
        offers = OFFERS.get(provider.sector_id) or OFFERS["buurt"]
        lead = lead_weeks(provider) * 7 * DAY
        for k in range(rng.choice([1, 1, 2, 2, 3])):
            offer = offers[(k + index) % len(offers)]
            roll = rng.random()
            fate = "closed" if roll < 0.03 else "stale" if roll < 0.11 else "kept"
            if fate == "stale":
                joined = today - rng.randint(400, 500) * DAY
                start = in_season(offer, joined + lead + rng.randint(7, 21) * DAY)
                period = period_for(rng, offer, start, until=today + rng.randint(60, 180) * DAY)
            else:
                joined = oldest - lead - rng.randint(30, 90) * DAY
                period = period_for(rng, offer, in_season(offer, joined + lead + 7 * DAY))
            levels = set(LEVEL_FIELDS)
            if offer.min_age >= 14 and rng.random() < 0.3:
                levels.discard("pro")  # some ask for an older, more independent student
            placement = Placement(
                provider=provider,
                title=offer.title,
                tasks=offer.tasks,
                sector_id=provider.sector_id,
                address=location.address,
                postcode_id=location.postcode_id,
                min_age=offer.min_age,
                kind=Placement.Kind.GROUP if offer.group_size else Placement.Kind.INDIVIDUAL,
                group_size=offer.group_size,
                guidance=rng.choice(GUIDANCE),
                pairs_welcome=bool(offer.group_size) or rng.random() < 0.25,
                teacher_welcome="pro" in levels
                and provider.sector_id in PROTECTED_SECTORS
                and rng.random() < 0.5,
                contact=person,
                status=Placement.Status.DRAFT,
                **{field: level in levels for level, field in LEVEL_FIELDS.items()},
            )
            with at(moment(joined, 10)):
                placement = placement_save(
                    placement=placement, periods=[PeriodChange(period)], by=person
                )
                placement = placement_publish(placement=placement, by=person)
            context.listings.append(Listing(placement, offer, fate, person))


def keep_up(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    """After the history: new periods for the kept placements, some closed, a few drafts; the
    scheduler asks the providers of stale ones to renew."""
    now = timezone.now()
    today = b.today
    for listing in context.listings:
        placement = listing.placement
        if listing.fate == "stale":
            continue
        when = max(
            moment(today - rng.randint(1, 200) * DAY, 11), placement.confirmed_at or now
        ) + datetime.timedelta(hours=1)
        if when.date() >= today:
            continue
        lead = lead_weeks(placement.provider) * 7 * DAY
        start = max(
            today + rng.randint(-45, 150) * DAY, when.date() + lead + rng.randint(1, 14) * DAY
        )
        changes = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            start = in_season(listing.offer, start)
            period = period_for(rng, listing.offer, start)
            changes.append(PeriodChange(period))
            start = period.ends_on + rng.randint(14, 60) * DAY
        with at(when):
            listing.placement = placement_save(placement=placement, periods=changes, by=listing.by)
        if listing.fate == "closed":
            with at(moment(today - rng.randint(1, 20) * DAY, 15)):
                listing.placement = placement_close(placement=listing.placement, by=listing.by)
    _drafts(b, rng, context)
    _school_links(b, rng, context)
    with at(moment(today, 6)):
        placements_request_renewal()


def _drafts(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    """About one provider in twenty-five is still writing a new placement."""
    for listing in context.listings[::25]:
        source = listing.placement
        offer = listing.offer
        draft = Placement(
            provider=source.provider,
            title=f"{offer.title} (nieuw)",
            tasks=offer.tasks,
            sector_id=source.sector_id,
            address=source.address,
            postcode_id=source.postcode_id,
            min_age=offer.min_age,
            kind=source.kind,
            group_size=source.group_size,
            guidance=source.guidance,
            contact=source.contact,
            status=Placement.Status.DRAFT,
        )
        start = in_season(offer, b.today + rng.randint(30, 120) * DAY)
        with at(moment(b.today - rng.randint(1, 20) * DAY, 20)):
            placement_save(
                placement=draft,
                periods=[PeriodChange(period_for(rng, offer, start))],
                by=listing.by,
            )


def _school_links(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    """R-MATCH-6: about one school in three supplies a provider of its municipality."""
    coordinators = {
        m.school_id: m.user
        for m in Membership.objects.filter(
            role=Role.COORDINATOR, school__in=context.schools
        ).select_related("user")
    }
    for school in context.schools:
        nearby = [p for p in context.providers.all if p.municipality_id == school.municipality_id]
        if nearby and rng.random() < 0.35:
            with at(moment(datetime.date(b.school_year, 9, 1), 9)):
                school_link_create(
                    school=school,
                    provider=rng.choice(nearby),
                    placement=None,
                    school_year=b.school_year,
                    by=coordinators[school.pk],
                )
