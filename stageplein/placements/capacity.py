"""The seat guard of the vacancy bank: the ONE low-level module that locks a period and counts
its seats (docs/capacity.md). Reactions, the broker's matching and the annual calendar all call
it; it sits in placements, below them, so that nothing has to reach up to find the guard.

Free seats are counted, never stored: ``capacity − seats held``. A seat is held by a reaction
(``applications.Application``, the period's reverse relation ``applications``) in one of the
statuses of ``SEAT_HOLDING``. That tuple is the one definition of "holds a seat": it lives here,
next to the count that needs it, and ``applications.models.CLAIMING`` is built from it (and
fails at start-up if a status were renamed), so the two can never drift apart.

A seat is also held by a waiting-list offer (R-PLACE-8: ``applications.WaitingListEntry``, the
period's reverse relation ``waiting_list``) in status ``OFFER_HOLDING`` until its deadline: the
offered student has that seat to accept, nobody else can take it meanwhile. An offer past its
deadline holds nothing, even before the job marks it expired.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce
from django.utils import timezone

from stageplein.placements.models import Placement, PlacementPeriod

# The reaction statuses that hold a seat of the period: accepted by the provider (waiting for
# the school) and approved by the school (an internship exists).
SEAT_HOLDING = ("accepted", "approved")
# The waiting-list status that holds a seat, while ``offer_expires_at`` is in the future.
OFFER_HOLDING = "offered"


def lock_period(period_id: int) -> PlacementPeriod:
    """THE capacity guard: SELECT … FOR UPDATE on the period row. Every transaction that
    claims, frees or resizes this period's seats takes this lock first and counts the claimed
    seats only while holding it, so two claims can never both see the last free seat."""
    return PlacementPeriod.objects.select_for_update().get(pk=period_id)


def _reactions() -> QuerySet[Any]:
    """All reactions, reached through the period's reverse relation (placements does not
    import the applications app that sits above it)."""
    return PlacementPeriod._meta.get_field("applications").related_model._default_manager.all()


def _offers() -> QuerySet[Any]:
    """All waiting-list entries, through the period's reverse relation (as ``_reactions``)."""
    return PlacementPeriod._meta.get_field("waiting_list").related_model._default_manager.all()


def held(period_id: int) -> QuerySet[Any]:
    """The reactions holding a seat of the period."""
    return _reactions().filter(period_id=period_id, status__in=SEAT_HOLDING)


def live_offers(period_id: int) -> QuerySet[Any]:
    """The waiting-list offers holding a seat of the period now."""
    return _offers().filter(
        period_id=period_id, status=OFFER_HOLDING, offer_expires_at__gt=timezone.now()
    )


def claimed_seats(period_id: int) -> int:
    """Seats held: by reactions, and by waiting-list offers still open."""
    return held(period_id).count() + live_offers(period_id).count()


def free_seats(period: PlacementPeriod) -> int:
    return period.capacity - claimed_seats(period.pk)


def claimed_in_period() -> CombinedExpression:
    """Seats held in the period of the outer query (reactions and open offers, as
    ``claimed_seats``): counts over the indexes on (period, status), one period at a time."""
    counted = (
        _reactions()
        .filter(period=OuterRef("pk"), status__in=SEAT_HOLDING)
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values("n")
    )
    offered = (
        _offers()
        .filter(period=OuterRef("pk"), status=OFFER_HOLDING, offer_expires_at__gt=timezone.now())
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)) + Coalesce(
        Subquery(offered, output_field=IntegerField()), Value(0)
    )


def periods_with_availability(placements: list[Placement]) -> dict[int, list[PlacementPeriod]]:
    """Open periods (not yet over) per placement, each with ``claimed`` and ``free`` seats."""
    today = timezone.localdate()
    periods = (
        PlacementPeriod.objects.filter(placement__in=placements, ends_on__gte=today)
        .annotate(claimed=claimed_in_period())
        .order_by("starts_on", "pk")
    )
    result: dict[int, list[PlacementPeriod]] = {p.pk: [] for p in placements}
    for period in periods:
        period.free = max(0, period.capacity - period.claimed)  # type: ignore[attr-defined]
        result[period.placement_id].append(period)
    return result
