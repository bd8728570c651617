"""The public placements feed for regional sites: no login, any origin (CORS), cached. Only what
the public vacancy bank shows (placements/access.py: placements_public): no contact person, no
student, no seat-holder. The embeddable widget (static/api/widget.js) reads this feed."""

from __future__ import annotations

import hashlib
import re

from django.core.cache import cache
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from stageplein.api.base import ApiView
from stageplein.core.links import absolute_reverse
from stageplein.placements.access import placements_public
from stageplein.placements.capacity import periods_with_availability
from stageplein.placements.models import Placement

CACHE_SECONDS = 300
CODE = re.compile(r"[0-9]{1,6}")
SLUG = re.compile(r"[a-z0-9_-]{1,50}")
MAX_ITEMS = 200


class PublicPeriodOut(serializers.Serializer):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    hours = serializers.IntegerField()
    schedule = serializers.CharField()
    free = serializers.IntegerField()


class PublicPlacementOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    organisation = serializers.CharField()
    sector = serializers.CharField()
    municipality = serializers.CharField()
    postcode = serializers.CharField(help_text="Four digits (PC4) only.")
    tasks = serializers.CharField()
    min_age = serializers.IntegerField()
    url = serializers.CharField(help_text="The placement's page on the public vacancy bank.")
    periods = PublicPeriodOut(many=True)


class PublicFeedOut(serializers.Serializer):
    count = serializers.IntegerField()
    results = PublicPlacementOut(many=True)


def _feed(municipality: str, sector: str, limit: int, language: str) -> dict:
    placements = placements_public().select_related("provider__municipality", "sector")
    if municipality:
        placements = placements.filter(provider__municipality_id=municipality)
    if sector:
        placements = placements.filter(sector_id=sector)
    items: list[Placement] = list(placements.order_by("-pk")[:limit])
    periods = periods_with_availability(items)
    with translation.override(language):
        results = [
            {
                "id": p.pk,
                "title": p.title,
                "organisation": p.provider.name,
                "sector": str(p.sector),
                "municipality": p.provider.municipality.name,
                "postcode": p.postcode_id,
                "tasks": p.tasks,
                "min_age": p.min_age,
                "url": absolute_reverse("public_placement", p.pk),
                "periods": [
                    {
                        "starts_on": period.starts_on,
                        "ends_on": period.ends_on,
                        "hours": period.hours,
                        "schedule": period.schedule,
                        "free": period.free,  # type: ignore[attr-defined]
                    }
                    for period in periods.get(p.pk, [])
                ],
            }
            for p in items
        ]
    return PublicFeedOut({"count": len(results), "results": results}).data


class PublicPlacementFeed(ApiView):
    """Open placements for a regional site: ?municipality=<CBS code>&sector=<code>&limit=."""

    permission_classes = [AllowAny]
    # No key is needed, and a stray Authorization header from a site must not cause a 401.
    authentication_classes: list = []
    serializer_class = PublicFeedOut
    queryset = Placement.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("municipality", str, description="CBS municipality code, e.g. 0301"),
            OpenApiParameter("sector", str, description="Sector code, e.g. zorg"),
            OpenApiParameter("limit", int, description="At most this many (1 to 200, default 50)"),
        ],
        responses={200: PublicFeedOut},
    )
    def get(self, request: Request) -> Response:
        municipality = request.query_params.get("municipality", "")
        sector = request.query_params.get("sector", "")
        # Checked before they reach a query: a NUL byte or odd text is a 400, not a 500.
        if municipality and not CODE.fullmatch(municipality):
            raise ValidationError({"municipality": ["0301"]})
        if sector and not SLUG.fullmatch(sector):
            raise ValidationError({"sector": ["zorg"]})
        raw_limit = request.query_params.get("limit", "50")
        try:
            limit = int(raw_limit)
        except ValueError:
            limit = 0
        if not 1 <= limit <= MAX_ITEMS:
            raise ValidationError({"limit": ["1-200"]})
        language = translation.get_language() or "nl"
        key = (
            "api-public-feed:"
            + hashlib.sha256(f"{municipality}|{sector}|{limit}|{language}".encode()).hexdigest()
        )
        data = cache.get(key)
        if data is None:
            data = _feed(municipality, sector, limit, language)
            cache.set(key, data, CACHE_SECONDS)
        return Response(data, headers={"Cache-Control": f"public, max-age={CACHE_SECONDS}"})

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Any site may read the feed: it holds only what the organisations chose to publish.
        response["Access-Control-Allow-Origin"] = "*"
        response["Vary"] = "Accept-Language"
        return response
