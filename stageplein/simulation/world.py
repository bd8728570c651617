"""The starting point of a simulated season for the command: a pilot's people made by the
demo (``demo/people.py``, bulk inserts, as imports and the admin bring them in real life),
then what happens before the first simulated week through the services: the providers save
their placements with this year's periods (most publish before the year starts; some only as
drafts, to publish late; some published over a year ago and left to go stale) and the schools'
coordinators set their windows with ``window_save``.

The season itself (``season.py``) reads everything back from the database, so it plays the
same way on a region that was not made here (the page's copy of a region)."""

from __future__ import annotations

import datetime
import random
from dataclasses import replace

from stageplein.accounts.models import Membership, Role
from stageplein.demo import matching
from stageplein.demo.builder import DemoBuilder
from stageplein.demo.clock import at, moment, no_mail
from stageplein.demo.context import PilotContext
from stageplein.demo.words import GUIDANCE, OFFERS, SCHEDULES
from stageplein.geo.pilots import Pilot
from stageplein.organisations.models import Provider, ProviderLocation
from stageplein.placements.models import LEVEL_FIELDS, Placement, PlacementPeriod
from stageplein.placements.services import (
    PeriodChange,
    lead_weeks,
    placement_publish,
    placement_save,
)
from stageplein.planning.models import InternshipWindow
from stageplein.planning.services import window_save
from stageplein.simulation.calendar import season_start, window_weeks
from stageplein.simulation.params import Params

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)
# The weeks in which the pilots' calendar puts years 3 and 4 to work (see Params.early_seats).
EARLY_WEEKS = 12


class SeasonBuilder(DemoBuilder):
    """The demo's builder with the season's own steps after the people."""

    def __init__(self, *, seed: int, school_year: int, params: Params) -> None:
        self.start = season_start(school_year)
        self.params = params
        super().__init__(
            seed=seed, today=self.start, steps=[matching.students_step, offers, windows]
        )
        self.now = moment(self.start - 14 * DAY, 9)

    def build(self, pilots: list[Pilot], with_fixed_accounts: bool = False):
        with no_mail():
            return super().build(pilots, with_fixed_accounts=with_fixed_accounts)


def build_world(*, pilots: list[Pilot], seed: int, school_year: int, params: Params) -> None:
    """Make the pilots' regions as they stand two weeks before the school year starts. The
    region is named after the pilot, with the simulation's mark, so that a season can be
    played next to the demo data of the same pilot."""
    builder = SeasonBuilder(seed=seed, school_year=school_year, params=params)
    marked = [replace(p, name=sim_name(p), index=p.index + 50) for p in pilots]
    with at(builder.now):
        builder.build(marked)


def offers(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    """Each provider's placements with their periods across the school year."""
    assert isinstance(b, SeasonBuilder)
    p = b.params
    locations: dict[int, ProviderLocation] = {}
    for found in ProviderLocation.objects.filter(provider__in=context.providers.all).order_by("pk"):
        locations.setdefault(found.provider_id, found)
    capped = []
    # The provider's position, never its pk, picks its offers: the same seed must build the same
    # vacancy bank whatever ids the database hands out (a reused database gives higher ones).
    for position, provider in enumerate(context.providers.all):
        location = locations.get(provider.pk)
        if location is None:
            continue
        person = context.providers.supervisors.get(provider.pk) or context.contacts[provider.pk]
        roll = rng.random()
        late = roll < p.late_provider_rate
        stale = not late and roll < p.late_provider_rate + p.stale_provider_rate
        if rng.random() < p.intake_cap_rate:
            capped.append(provider.pk)
        saved_on = b.start - (rng.randint(380, 420) if stale else rng.randint(14, 60)) * DAY
        sector_offers = OFFERS.get(provider.sector_id) or OFFERS["buurt"]
        for k in range(rng.choice([1, 1, 2, 2, 3])):
            offer = sector_offers[(k + position) % len(sector_offers)]
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
                contact=person,
                status=Placement.Status.DRAFT,
                **dict.fromkeys(LEVEL_FIELDS.values(), True),
            )
            first = b.start + (lead_weeks(provider) * 7 + rng.randint(7, 60)) * DAY
            changes: list[PeriodChange] = []
            start = first
            while start < b.start + 40 * WEEK and len(changes) < 4:
                weeks = rng.choice([2, 4, 6, 8, 10])
                changes.append(
                    PeriodChange(
                        PlacementPeriod(
                            starts_on=start,
                            ends_on=start + weeks * WEEK - DAY,
                            hours=rng.choice([10, 12, 15, 20, 24, 30]),
                            capacity=offer.group_size
                            or rng.choice([1, 2, 2, 3, 3, 4, 5, 8])
                            + (p.early_seats if start < b.start + EARLY_WEEKS * WEEK else 0),
                            schedule=rng.choice(SCHEDULES),
                        )
                    )
                )
                start += (weeks + rng.randint(1, 8)) * WEEK
            with at(moment(saved_on, 10, k)):
                placement = placement_save(placement=placement, periods=changes, by=person)
                if not late:
                    placement_publish(placement=placement, by=person)
    if capped:
        # The provider's own setting (R-PLACE-4): at most three new students a week.
        Provider.objects.filter(pk__in=capped).update(weekly_intake_cap=3)


def windows(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    """The coordinators set a window for each year group and level of their school."""
    assert isinstance(b, SeasonBuilder)
    # The lowest pk wins (as in area.load_area), whatever order the rows are read in.
    coordinators = {
        m.school_id: m.user
        for m in Membership.objects.filter(role=Role.COORDINATOR, school__in=context.schools)
        .select_related("user")
        .order_by("-pk")
    }
    years_present = {(s.school_id, s.year, s.level) for s in context.students if s.left_on is None}
    for school in context.schools:
        coordinator = coordinators.get(school.pk)
        if coordinator is None:
            continue
        for school_id, year, level in sorted(years_present):
            if school_id != school.pk:
                continue
            first, length = window_weeks(b.params.calendar, year, rng)
            starts = b.start + first * WEEK
            window = InternshipWindow(
                school=school,
                school_year=b.school_year,
                year=year,
                level=level,
                starts_on=starts,
                ends_on=starts + length * WEEK - 3 * DAY,
                hours_per_student=rng.choice([15, 20, 20, 24, 30]),
            )
            with at(moment(b.start - 10 * DAY, 9)):
                window_save(window=window, by=coordinator)


SIM_MARK = " (sim)"


def sim_name(pilot: Pilot) -> str:
    return f"{pilot.name}{SIM_MARK}"
