"""The seat claim (docs/capacity.md): accepting a reaction takes a seat of the period under
the period's lock. ``lock_period`` and ``claimed_seats`` come from placements/capacity.py,
the one seat guard; every claim here calls them through this module's names.

Lock order, always: provider row (only when it has a weekly intake cap) → period row →
reaction row. Taking locks in one order means two transactions can wait for each other but
never deadlock."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stageplein.accounts.models import User
from stageplein.applications.models import (
    Application,
    Status,
)
from stageplein.applications.refusals import (
    EarlierReactionsFirst,
    IntakeCapReached,
    NotWaiting,
    PeriodFull,
)
from stageplein.applications.services.people import notify_accepted
from stageplein.core import events
from stageplein.organisations.models import Provider
from stageplein.placements.capacity import claimed_seats, lock_period
from stageplein.placements.models import PlacementPeriod


def _lock_provider_if_capped(period_id: int) -> Provider | None:
    """The weekly intake cap spans all of a provider's periods, so it needs the provider's lock
    (taken before the period's, see the module docstring)."""
    provider_id, cap = PlacementPeriod.objects.filter(pk=period_id).values_list(
        "placement__provider_id", "placement__provider__weekly_intake_cap"
    )[0]
    if not cap:
        return None
    return Provider.objects.select_for_update().get(pk=provider_id)


def week_bounds(now: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    local = timezone.localtime(now)
    monday = (local - datetime.timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return monday, monday + datetime.timedelta(days=7)


def seat_claim(
    *, application: Application, by: User | None, now: datetime.datetime | None = None
) -> Application:
    """Claim a seat of the reaction's period for it: SUBMITTED → ACCEPTED, in one transaction.

    Refuses with PeriodFull when every seat is claimed, IntakeCapReached when the provider's
    weekly cap is reached, NotWaiting when the reaction was decided meanwhile. Other apps (the
    matching engine) call this; the provider's accept adds the fairness rule on top.
    """
    now = now or timezone.now()
    with transaction.atomic():
        provider = _lock_provider_if_capped(application.period_id)
        period = lock_period(application.period_id)
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.status != Status.SUBMITTED:
            raise NotWaiting
        if claimed_seats(period.pk) >= period.capacity:
            raise PeriodFull
        if provider is not None and provider.weekly_intake_cap:
            start, end = week_bounds(now)
            taken = (
                Application.objects.claiming()
                .filter(
                    placement__provider_id=provider.pk,
                    accepted_at__gte=start,
                    accepted_at__lt=end,
                )
                .count()
            )
            if taken >= provider.weekly_intake_cap:
                raise IntakeCapReached
        app.status = Status.ACCEPTED
        app.accepted_at = now
        app.decided_at = now
        app.decided_by = by
        app.save(update_fields=["status", "accepted_at", "decided_at", "decided_by"])
        events.emit(events.REACTION_DECIDED, app.pk)
    return app


def earlier_waiting(app: Application) -> int:
    """Reactions to the same period that came in before this one and still wait."""
    return (
        Application.objects.filter(period_id=app.period_id, status=Status.SUBMITTED)
        .filter(
            Q(submitted_at__lt=app.submitted_at) | Q(submitted_at=app.submitted_at, pk__lt=app.pk)
        )
        .count()
    )


def check_reaction_order(app: Application, period: PlacementPeriod) -> None:
    """R-MATCH-4: when there are not enough free seats for everyone who reacted earlier, a later
    reaction cannot take one. School level plays no part; a provider who does not want an
    earlier student declines that reaction with a reason (which the school and broker see)."""
    free = period.capacity - claimed_seats(period.pk)
    if free <= 0:
        raise PeriodFull
    if earlier_waiting(app) >= free:
        raise EarlierReactionsFirst


def application_accept(
    *, application: Application, by: User | None, now: datetime.datetime | None = None
) -> Application:
    """The provider accepts a reaction: the reaction order is checked and the seat claimed under
    the same lock, then the student and the school are told."""
    with transaction.atomic():
        _lock_provider_if_capped(application.period_id)
        period = lock_period(application.period_id)
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.status != Status.SUBMITTED:
            raise NotWaiting
        check_reaction_order(app, period)
        app = seat_claim(application=app, by=by, now=now)
        notify_accepted(app)
    return app
