"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to set
# up data are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Page, sync_playwright

AXE = Path(__file__).with_name("axe.min.js").read_text(encoding="utf-8")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium must not try to reach the internet: this machine's network is closed.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in item.nodeid.split("/")[0]:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _quiet_live_server(request):
    """Close every browser context a test opened and wait until the live server's requests
    are done, before the database is flushed: a page left open (htmx polling, the service
    worker) kept a request in a transaction, and the flush's TRUNCATE deadlocked with it."""
    if "live_server" not in request.fixturenames:
        yield
        return
    # Requested here so that this fixture is torn down before the live server and the flush.
    request.getfixturevalue("live_server")
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()
    _wait_for_idle_database()


def _wait_for_idle_database(seconds: float = 10.0) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND state <> 'idle'"
                " AND backend_type = 'client backend'"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)


@pytest.fixture
def page(browser, live_server, settings) -> Page:
    settings.SITE_ROOT = live_server.url
    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on the current page. Naming the
    'wcag22aa' tag also runs the rules axe leaves off by default, such as target-size (2.5.8)."""
    page.evaluate(AXE)
    result = page.evaluate(
        """async () => {
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return result


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2)


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def open_menu(page: Page) -> None:
    """On a phone the main menu sits behind the Menu button."""
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def follow_menu(page: Page, name: str) -> None:
    """Follow a link of the main menu, opening it first where it is folded (phones)."""
    open_menu(page)
    page.locator("#site-menu").get_by_role("link", name=name, exact=True).click()


def phone_for(
    browser, live_server, email: str, *, timeout: int = 15_000, block_tiles: bool = True
) -> Page:
    """A fresh phone for one person, signed in, with map tiles unreachable (as on a machine
    without internet: a map must still show its markers) unless ``block_tiles`` is off (the
    interception delays every request a little, which pages without a map need not pay).
    Script errors and console errors are collected in ``page.js_errors``; blocked tiles and a
    form sent back with errors (400) show as "Failed to load resource" and are expected."""
    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(timeout)
    page.js_errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda msg: (
            page.js_errors.append(msg.text)  # type: ignore[attr-defined]
            if msg.type == "error" and "Failed to load resource" not in msg.text
            else None
        ),
    )
    if block_tiles:
        page.route(re.compile(r"https?://[^/]*tile[^/]*/.*"), lambda route: route.abort())
    from tests.support.people import PASSWORD

    sign_in(page, email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    return page


def visit_on_phone(page: Page) -> None:
    """Every page a phone test visits: accessible, and nothing wider than the phone."""
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def mailed_link(to: str, path: str) -> str:
    """The path of the newest link under ``path`` mailed to ``to`` (locmem outbox: the live
    server runs in this process)."""
    from django.core import mail

    for message in reversed(mail.outbox):
        if to in message.to:
            found = re.search(r"https?://\S+(" + path + r"\S+/)", message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no {path} link mailed to {to}")


# The test-only OpenID Connect provider (a second process), for the single sign-on tests.
from tests.support.oidc import oidc_provider  # noqa: E402, F401
