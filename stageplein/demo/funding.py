"""Demo funding settings: the Utrecht pilot paid providers 15 euro per student (the 2008-2009
booklet); the region of the README's accounts does too, so that the demo shows it."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import TYPE_CHECKING

from stageplein.demo.context import PilotContext

if TYPE_CHECKING:
    from stageplein.demo.builder import DemoBuilder
from stageplein.geo.models import Region

BOOKLET_COMPENSATION = {"Utrecht": Decimal(15)}


def provider_compensation(builder: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    amount = BOOKLET_COMPENSATION.get(context.pilot.name)
    if amount is None and context.fixed:
        amount = Decimal(15)
    if amount is not None:
        Region.objects.filter(pk=context.region.pk).update(provider_compensation=amount)
