"""This school year's reactions still in play, made through the reaction services: students
who reacted to a placement near home in the last month, some accepted and waiting for the
school, some declined by the provider, some withdrawn by the student."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from typing import TYPE_CHECKING

from stageplein.applications.models import Side, Status
from stageplein.applications.services import (
    Refused,
    application_accept,
    application_decline,
    application_submit,
    application_withdraw,
)
from stageplein.demo.clock import at, moment
from stageplein.demo.context import Listing, PilotContext
from stageplein.demo.fixed import fixed_student
from stageplein.demo.words import DECLINE_REASONS, WITHDRAW_REASONS, motivation_for
from stageplein.placements.models import Placement, PlacementPeriod
from stageplein.placements.selectors import age_on

if TYPE_CHECKING:
    from stageplein.demo.builder import DemoBuilder

DAY = datetime.timedelta(days=1)
OUTCOMES = [Status.SUBMITTED] * 45 + [Status.ACCEPTED] * 15
OUTCOMES += [Status.DECLINED] * 12 + [Status.WITHDRAWN] * 8


def open_periods(
    b: DemoBuilder, context: PilotContext
) -> dict[str | None, list[tuple[Listing, PlacementPeriod]]]:
    """Periods students can react to on the demo's date, by the placement's municipality."""
    listings = {
        x.placement.pk: x
        for x in context.listings
        if x.fate == "kept" and x.placement.status == Placement.Status.PUBLISHED
    }
    by_municipality: dict[str | None, list[tuple[Listing, PlacementPeriod]]] = defaultdict(list)
    periods = PlacementPeriod.objects.filter(
        placement__in=list(listings), ends_on__gte=b.today
    ).order_by("starts_on", "pk")
    for period in periods:
        listing = listings[period.placement_id]
        municipality = b.pc4_municipality.get(listing.placement.postcode_id)
        by_municipality[municipality].append((listing, period))
    return by_municipality


def react(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    options_near = open_periods(b, context)
    skip = fixed_student(context).pk if context.fixed else None
    for student in context.students:
        if student.pk == skip or student.year > 3 or rng.random() > 0.14:
            continue
        municipality = b.pc4_municipality.get(student.home_postcode_id or "")
        options = options_near.get(municipality) or options_near.get(
            student.school.municipality_id, []
        )
        if not options:
            continue
        for _ in range(rng.choice([1, 1, 2])):
            listing, period = rng.choice(options)
            if student.level not in listing.placement.levels:
                continue
            if (
                age_on(student.date_of_birth, max(period.starts_on, b.today))
                < listing.offer.min_age
            ):
                continue
            confirmed = listing.placement.confirmed_at
            when = moment(b.today - rng.randint(1, 30) * DAY, rng.randint(8, 21))
            if confirmed is not None and when <= confirmed:
                when = confirmed + datetime.timedelta(hours=2)
            if when > b.now:
                continue
            react_once(b, rng, student, listing, period, when, rng.choice(OUTCOMES))


def react_once(b, rng, student, listing, period, when, outcome) -> Status | None:
    """One reaction and what became of it; None when a rule refused the reaction."""
    try:
        with at(when):
            application = application_submit(
                student=student,
                period=period,
                motivation=motivation_for(listing.placement.sector_id, rng.randrange(2)),
            )
    except Refused:
        return None
    answered = when + 2 * DAY
    if outcome == Status.SUBMITTED or answered > b.now:
        return Status.SUBMITTED
    with at(answered):
        try:
            if outcome == Status.ACCEPTED:
                application_accept(application=application, by=listing.by)
            elif outcome == Status.DECLINED:
                application_decline(
                    application=application, by=listing.by, reason=rng.choice(DECLINE_REASONS)
                )
            else:
                application_withdraw(
                    application=application,
                    by=student.user,
                    side=Side.STUDENT,
                    reason=rng.choice(WITHDRAW_REASONS),
                )
        except Refused:
            return Status.SUBMITTED  # the seat went to someone else: still waiting
    return outcome
