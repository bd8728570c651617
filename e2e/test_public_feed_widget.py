"""A regional site pastes the widget into a plain HTML page on its own origin: the page shows
Stageplein's open placements (read through the public feed, CORS), in Dutch and in English, on a
360 px phone, and passes axe."""

import http.server
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE, assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Vrijwilligerscentrale</title></head>
<body><main><h1>Maatschappelijke stage in de regio</h1>
<div data-stageplein-placements data-limit="10"></div></main>
<script src="{root}/static/api/widget.js" async></script>
</body></html>"""


@pytest.fixture
def regional_site(tmp_path: Path):
    """A plain static site on another origin (another port), as a regional site would be."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize(("lang", "free"), [("nl", "vrije plaatsen"), ("en", "places free")])
def test_the_widget_shows_open_placements_on_a_plain_page(
    browser, live_server, transactional_world, regional_site, settings, lang, free
):
    settings.SITE_ROOT = live_server.url
    folder, origin = regional_site
    (folder / "index.html").write_text(PAGE.format(lang=lang, root=live_server.url))
    context = browser.new_context(viewport=PHONE, locale=f"{lang}-NL")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{origin}/index.html")
    world = transactional_world
    link = page.get_by_role("link", name=world.placement.title)
    expect(link).to_be_visible(timeout=30_000)  # the first request warms the server up
    assert link.get_attribute("href").startswith(live_server.url + "/vacaturebank/")
    expect(page.locator(".stageplein-period").first).to_contain_text(free)
    assert world.draft_placement.title not in page.content()
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
    context.close()
