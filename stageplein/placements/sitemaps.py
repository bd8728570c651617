"""The sitemap of the public vacancy bank: what placements/access.py makes public, no more."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from stageplein.organisations.models import Provider
from stageplein.placements.access import placements_public, providers_public
from stageplein.placements.models import Placement


class PublicSitemap(Sitemap):
    """Links start with SITE_ROOT, not the request's host (the one link rule, core/links.py)."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_ROOT).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_ROOT).netloc


class PublicPlacementSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self) -> QuerySet[Placement]:
        return placements_public().order_by("pk")

    def location(self, item: Placement) -> str:
        return reverse("public_placement", args=[item.pk])

    def lastmod(self, item: Placement):
        return item.updated_at


class PublicProviderSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Provider]:
        return providers_public().order_by("pk")

    def location(self, item: Provider) -> str:
        return reverse("public_provider", args=[item.pk])


class StatementSitemap(PublicSitemap):
    """The privacy and accessibility statements: meant to be found too."""

    changefreq = "monthly"

    def items(self) -> list[str]:
        return ["privacy", "accessibility"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, type[Sitemap] | Sitemap] = {
    "statements": StatementSitemap,
    "placements": PublicPlacementSitemap,
    "organisations": PublicProviderSitemap,
}
