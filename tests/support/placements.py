"""Placements and periods made to measure: published and findable unless told otherwise."""

from __future__ import annotations

import datetime

from django.utils import timezone


def make_placement(provider, *, title: str, pc4: str, status: str = "published", **extra):
    from stageplein.geo.models import PostcodeArea
    from stageplein.placements.models import Placement

    postcode = PostcodeArea.objects.get(pk=pc4)
    now = timezone.now()
    fields = {
        "provider": provider,
        "title": title,
        "tasks": "Koffie schenken, een spelletje doen en wandelen met bewoners.",
        "sector_id": provider.sector_id,
        "address": "Lindelaan 4",
        "postcode": postcode,
        "lat": postcode.lat,
        "lon": postcode.lon,
        "guidance": "Een vaste vrijwilliger is er altijd bij.",
        "status": status,
        "published_at": now if status != "draft" else None,
        "confirmed_at": now if status != "draft" else None,
        **extra,
    }
    return Placement.objects.create(**fields)


def make_period(placement, *, capacity: int = 3, weeks_ahead: int = 4, weeks: int = 6, hours=20):
    from stageplein.placements.models import PlacementPeriod

    start = timezone.localdate() + datetime.timedelta(weeks=weeks_ahead)
    return PlacementPeriod.objects.create(
        placement=placement,
        starts_on=start,
        ends_on=start + datetime.timedelta(weeks=weeks),
        hours=hours,
        capacity=capacity,
        schedule="woensdagmiddag 14.00-17.00",
    )
