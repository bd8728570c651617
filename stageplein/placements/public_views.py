"""The public vacancy bank (issue 19): anyone may search published placements, open a
placement's page and an organisation's page without signing in. What is public is decided in
placements/access.py (``placements_public``); these pages show nothing about people: no
contact person, no students, no numbers of reactions or free seats."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.sitemaps import views as sitemaps_views
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation

from stageplein.accounts.access import get_scope
from stageplein.core.links import absolute_reverse
from stageplein.core.params import page_number
from stageplein.core.public import PUBLIC_MAX_AGE, public_page
from stageplein.organisations.access import may_edit_provider
from stageplein.organisations.images import content_type_of
from stageplein.organisations.models import Provider, ProviderPhoto
from stageplein.placements.access import (
    get_public_placement,
    get_public_provider,
    placements_public,
    providers_public,
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
    if provider.logo:
        structured["logo"] = absolute_reverse("public_provider_logo", pk)
    context = {
        "provider": provider,
        "photos": list(provider.photos.all()),
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


def _image(field, *, public: bool) -> FileResponse:
    """An organisation's image, as stored after the checks (re-encoded, no metadata). Only
    images are served from here, with their real type; nosniff is set globally, and a CSP that
    allows nothing keeps an image opened on its own from running anything."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    name = field.name.rsplit("/", 1)[-1]
    response = FileResponse(handle, content_type=content_type_of(name))
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if public:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


def _provider_for_image(request: HttpRequest, pk: int) -> tuple[Provider, bool]:
    """The public sees the images of a public organisation; the organisation itself (and who
    may edit it) also sees them before the page is public, to preview it."""
    provider = Provider.objects.filter(pk=pk).first()
    if provider is None:
        raise Http404
    if providers_public().filter(pk=pk).exists():
        return provider, True
    user = getattr(request, "user", None)
    if (
        user is not None
        and user.is_authenticated
        and may_edit_provider(get_scope(request), provider)
    ):
        return provider, False
    raise Http404


def public_provider_logo(request: HttpRequest, pk: int) -> HttpResponseBase:
    provider, public = _provider_for_image(request, pk)
    if not provider.logo:
        raise Http404
    return _image(provider.logo, public=public)


def public_provider_photo(request: HttpRequest, pk: int, photo: int) -> HttpResponseBase:
    provider, public = _provider_for_image(request, pk)
    found = get_object_or_404(ProviderPhoto, provider=provider, pk=photo)
    return _image(found.image, public=public)


ROBOTS = """User-agent: *
Allow: /vacaturebank/
Allow: /privacy/
Allow: /toegankelijkheid/
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
