"""The installable web app (issue 19): the manifest, the service worker and the page it shows
when a page was never opened before the connection went.

The worker is served by Django, not as a static file, so that it lives at /sw.js and its scope
covers every page (a worker under /static/ could only control /static/)."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Pages that open without a connection once they have been opened with one (JavaScript
# regular expressions on the path): the student's home, internships, one internship and its
# hours form; the supervisor's hours to confirm.
OFFLINE_PAGES = (
    r"^\/$",
    r"^\/stages\/$",
    r"^\/stages\/\d+\/$",
    r"^\/stages\/\d+\/uren\/$",
    r"^\/uren\/te-bevestigen\/$",
)

# What the pages need to render without a connection.
PRECACHE_STATIC = (
    "css/stageplein.css",
    "vendor/htmx.min.js",
    "js/menu.js",
    "js/pwa.js",
    "favicon.svg",
    "icons/icon-192.png",
)

ICONS = (
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
)

THEME_COLOR = "#0b5d4b"


def service_worker_source() -> str:
    context = {
        "version": "",
        "offline_url": reverse("offline"),
        "static_url": settings.STATIC_URL,
        "precache": json.dumps([static(name) for name in PRECACHE_STATIC]),
        "offline_pages": OFFLINE_PAGES,
        "icon_url": static("icons/icon-192.png"),
    }
    source = render_to_string("core/sw.js", context)
    # The rendered source names every precached asset by its hashed name (production), so its
    # hash changes whenever one of them, or the worker itself, changes.
    version = hashlib.sha256(source.encode()).hexdigest()[:12]
    return render_to_string("core/sw.js", {**context, "version": version})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(service_worker_source(), content_type="text/javascript")
    # The browser must see a new version at once; it checks again on every navigation.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME,
        "description": _("Find, do and record your maatschappelijke stage."),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": static(src), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for src, sizes, purpose in ICONS
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "core/offline.html")


def outbox_strings() -> dict[str, StrOrPromise]:
    """What static/js/pwa.js says, in the page's language (lazy: translated when rendered)."""
    return {
        "waiting": gettext_lazy("waiting to be sent"),
        "sent": gettext_lazy("has been sent."),
        "refused": gettext_lazy("Not accepted:"),
        "remove": gettext_lazy("Remove"),
        "one_waiting": gettext_lazy("1 thing is waiting to be sent."),
        "n_waiting": gettext_lazy("%(n)s things are waiting to be sent."),
        "sign_in": gettext_lazy("Sign in again to send this."),
        "hours_unit": gettext_lazy("hours"),
        "date_required": gettext_lazy("Fill in the date."),
        "date_future": gettext_lazy("You can only log sessions that have taken place."),
        "hours_range": gettext_lazy("Fill in between 0.25 and 12 hours, for example 2.5."),
        "description_required": gettext_lazy("Say what you did."),
        "no_files": gettext_lazy(
            "A scan cannot be sent without a connection: send it when you are online again."
        ),
    }
