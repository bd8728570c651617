"""The sitemap of the public vacancy bank: what placements/access.py makes public, no more."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from stageplein.organisations.models import Provider
from stageplein.placements.access import placements_public, providers_public
from stageplein.placements.models import Placement


class PublicPlacementSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> QuerySet[Placement]:
        return placements_public().order_by("pk")

    def location(self, item: Placement) -> str:
        return reverse("public_placement", args=[item.pk])

    def lastmod(self, item: Placement):
        return item.updated_at


class PublicProviderSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Provider]:
        return providers_public().order_by("pk")

    def location(self, item: Provider) -> str:
        return reverse("public_provider", args=[item.pk])


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "placements": PublicPlacementSitemap,
    "organisations": PublicProviderSitemap,
}
