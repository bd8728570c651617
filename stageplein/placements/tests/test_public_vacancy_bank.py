"""The public vacancy bank (issue 19): anyone finds published placements without signing in,
sees nothing about people, is asked to sign in only to react, and search engines may index
and cache the pages."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stageplein.placements.models import Placement
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db

# Phone numbers and e-mail addresses of anyone: the public pages name organisations, not people.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\b0\d{9}\b|\+31\s?\d")


def public_urls(world) -> list[str]:
    return [
        reverse("public_search"),
        reverse("public_search") + "?lang=en",
        reverse("public_search") + "?pc4=7202&km=20",
        reverse("public_placement", args=[world.placement.pk]),
        reverse("public_placement", args=[world.placement.pk]) + "?lang=en",
        reverse("public_provider", args=[world.provider.pk]),
        reverse("public_provider", args=[world.provider.pk]) + "?lang=en",
    ]


def test_anyone_finds_published_placements_without_signing_in(world):
    page = Client().get(reverse("public_search")).content.decode()
    assert "Activiteitenmiddag met bewoners" in page
    assert "Training jeugdteam" in page  # other regions too: the region is a filter
    assert "Voorlezen (concept)" not in page


def test_drafts_closed_and_stale_placements_are_not_public(world):
    closed = make_placement(world.provider, title="Gesloten plek", pc4="7202", status="closed")
    make_period(closed)
    stale = make_placement(world.provider, title="Oude plek", pc4="7202")
    Placement.objects.filter(pk=stale.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    make_period(stale)
    client = Client()
    page = client.get(reverse("public_search")).content.decode()
    for hidden in (world.draft_placement, closed, stale):
        assert hidden.title not in page
        assert client.get(reverse("public_placement", args=[hidden.pk])).status_code == 404


def test_a_placement_without_a_current_period_is_not_public(world):
    ended = make_placement(world.provider, title="Voorbij", pc4="7202")
    make_period(ended, weeks_ahead=-10, weeks=2)
    response = Client().get(reverse("public_placement", args=[ended.pk]))
    assert response.status_code == 404


def test_search_by_postcode_keeps_what_is_near(world):
    page = Client().get(reverse("public_search"), {"pc4": "7202", "km": "20"}).content.decode()
    assert "Activiteitenmiddag met bewoners" in page
    assert "Training jeugdteam" not in page  # Utrecht, about 75 km away


def test_public_pages_show_no_contact_person_or_student(world):
    people = list(world.users.values())
    client = Client()
    for url in public_urls(world):
        page = client.get(url).content.decode()
        for person in people:
            assert person.email not in page, url
            # Full names: a surname alone may be a word of an organisation's name.
            assert f"{person.first_name} {person.last_name}" not in page, url
        assert not EMAIL.search(page), url
        assert not PHONE.search(page), url
        assert world.provider.phone not in page


def test_the_organisation_page_tells_what_they_do_and_their_placements(world):
    page = Client().get(reverse("public_provider", args=[world.provider.pk])).content.decode()
    assert world.provider.name in page
    assert "Activiteitenmiddag met bewoners" in page
    assert "Voorlezen (concept)" not in page
    assert '"@type": "Organization"' in page


def test_an_organisation_without_public_placements_has_no_public_page(world):
    Placement.objects.filter(provider=world.other_provider).update(status="closed")
    response = Client().get(reverse("public_provider", args=[world.other_provider.pk]))
    assert response.status_code == 404


def test_reacting_asks_to_sign_in_and_returns_to_the_placement(world):
    client = Client()
    page = client.get(reverse("public_placement", args=[world.placement.pk])).content.decode()
    detail = reverse("placement_detail", args=[world.placement.pk])
    sign_in = f"{reverse('account_login')}?next={detail}"
    assert f'href="{sign_in}"' in page
    response = client.get(detail)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_public_pages_are_cacheable_and_indexable_and_set_no_cookie(world):
    client = Client()
    for url in public_urls(world):
        response = client.get(url)
        assert "public" in response["Cache-Control"], url
        assert "max-age=" in response["Cache-Control"], url
        assert "noindex" not in response["X-Robots-Tag"], url
        assert not response.cookies, url


def test_pages_are_in_dutch_and_english(world):
    client = Client()
    url = reverse("public_search")
    dutch = client.get(url, headers={"accept-language": "nl"})
    english = client.get(url + "?lang=en")
    assert "Wat vind je leuk om te doen?" in dutch.content.decode()
    assert "What do you like to do?" in english.content.decode()
    assert english["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode()


def test_signed_in_pages_stay_private(world, client_as):
    response = client_as("student").get(reverse("public_search"))
    assert "public" not in response["Cache-Control"]
    assert client_as("student").get(reverse("home"))["X-Robots-Tag"].startswith("noindex")


def test_the_sitemap_lists_public_placements_and_organisations(world, settings):
    settings.SITE_ROOT = "https://stageplein.example"
    sitemap = Client().get(reverse("sitemap"), HTTP_HOST="localhost:8000").content.decode()
    placement = reverse("public_placement", args=[world.placement.pk])
    assert f"<loc>https://stageplein.example{placement}</loc>" in sitemap
    assert "localhost" not in sitemap
    assert reverse("public_provider", args=[world.provider.pk]) in sitemap
    assert reverse("public_placement", args=[world.draft_placement.pk]) not in sitemap


def test_robots_allow_the_vacancy_bank_only(world):
    robots = Client().get("/robots.txt").content.decode()
    assert "Allow: /vacaturebank/" in robots
    assert "Disallow: /" in robots
    assert "sitemap.xml" in robots


def test_the_sign_in_page_links_to_the_vacancy_bank(world):
    page = Client().get(reverse("account_login")).content.decode()
    assert reverse("public_search") in page


def test_the_map_names_its_marker_images_so_markers_show_with_hashed_static_files(world):
    """Leaflet guesses its marker images from leaflet.css; with the production (hashed)
    static storage that guess fails and every marker image answered 404 under `make serve`."""
    html = Client().get(reverse("public_search")).content.decode()
    names = re.findall(r'data-icon(?:-retina|-shadow)?="([^"]+)"', html)
    assert len(names) == 3
    for url in names:
        assert url.startswith("/static/vendor/leaflet/images/marker-")
        assert finders.find(url.removeprefix("/static/")), url
