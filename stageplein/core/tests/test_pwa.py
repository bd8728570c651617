"""The installable app: manifest, service worker and the page shown without a connection."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from stageplein.core.pwa import service_worker_source

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_so_it_covers_every_page(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    source = response.content.decode()
    assert re.search(r'const VERSION = "[0-9a-f]{12}";', source)
    assert '"/offline/"' in source
    # the student's home, internships, one internship and its hours form open offline
    for pattern in (r"^\/$", r"^\/stages\/$", r"^\/stages\/\d+\/$", r"^\/stages\/\d+\/uren\/$"):
        assert "/" + pattern + "/" in source


def test_the_cache_version_changes_when_a_precached_file_changes(monkeypatch):
    before = service_worker_source()
    monkeypatch.setattr("stageplein.core.pwa.static", lambda name: f"/static/{name}?v=2")
    after = service_worker_source()
    version = re.compile(r'const VERSION = "([0-9a-f]{12})";')
    assert version.search(before)[1] != version.search(after)[1]  # type: ignore[index]


def test_the_manifest_makes_the_site_installable(client):
    data = client.get(reverse("web_manifest")).json()
    assert data["display"] == "standalone" and data["start_url"] == "/"
    assert data["scope"] == "/"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in data["icons"])
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))


def test_every_page_links_the_manifest_and_the_app_script(client, client_as):
    for response in (client.get(reverse("account_login")), client_as("student").get("/")):
        html = response.content.decode()
        assert 'rel="manifest"' in html and "js/pwa.js" in html


def test_signed_in_pages_carry_the_outbox_in_the_readers_language(client_as):
    html = client_as("student").get("/").content.decode()
    assert 'id="outbox"' in html and 'id="pwa-strings"' in html
    assert "wacht om verstuurd te worden" in html


def test_the_offline_page_says_what_still_works(client):
    html = client.get(reverse("offline")).content.decode()
    assert "Geen verbinding" in html
