"""The public vacancy bank (issue 19): anyone may search published placements, open a
placement's page and an organisation's page without signing in. What is public is decided in
placements/access.py (``placements_public``); these pages show nothing about people: no
contact person, no students, no numbers of reactions or free seats."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.sitemaps import views as sitemaps_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation

from stageplein.core.links import absolute_reverse
from stageplein.core.params import page_number
from stageplein.core.public import public_page
from stageplein.placements.access import (
    get_public_placement,
    get_public_provider,
    placements_public,
)
from stageplein.placements.forms import PlacementSearchForm
from stageplein.placements.models import Placement
from stageplein.placements.selectors import search_page
from stageplein.placements.sitemaps import SITEMAPS
from stageplein.placements.views import PER_PAGE, markers

LANGUAGES = ("nl", "en")


def _language(request: HttpRequest) -> str:
    """The page's language from ``?lang=`` (a shareable, cacheable URL per language, and no
    language cookie or CSRF cookie as the signed-in pages' switch would set), else the
    browser's."""
    wanted = request.GET.get("lang", "")
    return wanted if wanted in LANGUAGES else translation.get_language()


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    language = _language(request)
    other = "en" if language == "nl" else "nl"
    query = request.GET.copy()
    query["lang"] = other
    with translation.override(language):
        response = render(
            request,
            template,
            {**context, "page_language": language, "other_language_query": query.urlencode()},
        )
    response["Content-Language"] = language
    return response


@public_page
def public_search(request: HttpRequest) -> HttpResponse:
    form = PlacementSearchForm(request.GET or None)
    search = form.to_search()
    search.within = placements_public()
    page = search_page(search, str(page_number(request.GET)), PER_PAGE)
    rows: list[Placement] = list(page.object_list)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "search": search,
        "markers_json": json.dumps(markers(rows, "public_placement")),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return _render(request, "placements/public/search.html", context)


@public_page
def public_placement(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_public_placement(pk)
    periods = placement.periods.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")
    sign_in = reverse("account_login") + "?next=" + reverse("placement_detail", args=[pk])
    context = {"placement": placement, "periods": list(periods), "sign_in_url": sign_in}
    return _render(request, "placements/public/placement.html", context)


@public_page
def public_provider(request: HttpRequest, pk: int) -> HttpResponse:
    provider = get_public_provider(pk)
    placements = list(
        placements_public()
        .filter(provider=provider)
        .select_related("sector", "postcode")
        .order_by("title")
    )
    sectors = list({s.pk: s for s in [provider.sector, *(p.sector for p in placements)]}.values())
    places = sorted({p.postcode.place for p in placements})
    structured = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": provider.name,
        "description": provider.description,
        "url": absolute_reverse("public_provider", pk),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": provider.municipality.name,
            "addressCountry": "NL",
        },
        "areaServed": places or [provider.municipality.name],
    }
    if provider.website:
        structured["sameAs"] = [provider.website]
    context = {
        "provider": provider,
        "placements": placements,
        "sectors": sectors,
        "places": places,
        # Escaped like json_script, so a description cannot close the script element.
        "structured_data": json.dumps(structured, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026"),
    }
    return _render(request, "placements/public/provider.html", context)


ROBOTS = """User-agent: *
Allow: /vacaturebank/
Disallow: /
Sitemap: {sitemap}
"""


@public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Only the public vacancy bank is for search engines; every other page is personal."""
    sitemap = absolute_reverse("sitemap")
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain")


@public_page
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    return sitemaps_views.sitemap(request, sitemaps=SITEMAPS)
