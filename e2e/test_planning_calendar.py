"""The annual calendar on a 360 px phone: a coordinator adds a window and finds it on the
regional calendar; the broker sees the week that falls short and the suggested move; both see
the targets. Every page passes axe, nothing is wider than the phone, no script error (CSP)."""

import contextlib
import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from e2e.conftest import follow_menu, phone_for, visit_on_phone
from stageplein.core.schoolyear import school_year_label
from stageplein.planning.models import InternshipWindow
from stageplein.planning.tests.helpers import NEXT, period

pytestmark = pytest.mark.django_db(transaction=True)


def person(browser, live_server, email: str) -> Page:
    return phone_for(browser, live_server, email, block_tiles=False)


def visit(page: Page) -> None:
    visit_on_phone(page)
    assert page.js_errors == [], page.js_errors  # type: ignore[attr-defined]


CHARTS_DRAWN = (
    "() => Array.from(document.querySelectorAll('canvas[data-chart]'))"
    ".every(c => window.Chart && window.Chart.getChart(c) !== undefined)"
)


def chart_drawn(page: Page) -> bool:
    # The chart script is deferred: give it a moment after the heading shows, as a person would.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(CHARTS_DRAWN, timeout=5_000)
    return page.evaluate(f"({CHARTS_DRAWN})()")


def test_a_coordinator_plans_a_window_and_the_broker_sees_the_shortage(
    browser, live_server, transactional_world
):
    world = transactional_world
    # Early in the year few places, in spring plenty (the Noord-Holland problem).
    period(world.provider, 40, 41, capacity=10)
    period(world.provider, 10, 13, capacity=200)
    year = school_year_label(NEXT)

    # 1. The coordinator enters "3 havo, weeks 40-41, 60 students, 20 hours each".
    coordinator = person(browser, live_server, world.users["coordinator"].email)
    follow_menu(coordinator, "Jaarkalender")
    coordinator.get_by_role("heading", name=re.compile("Jaarkalender")).wait_for()
    visit(coordinator)
    coordinator.get_by_role("link", name="Stageperiode toevoegen").click()
    coordinator.get_by_role("heading", name="Nieuwe stageperiode").wait_for()
    visit(coordinator)
    expect(coordinator.get_by_label("Eerste dag")).to_be_hidden()  # weeks are the default
    coordinator.get_by_label("Schooljaar").select_option(label=year)
    coordinator.get_by_label("Leerjaar").select_option("3")
    coordinator.get_by_label("Niveau").select_option("havo")
    coordinator.get_by_label("Eerste week").fill("41")
    coordinator.get_by_label("Laatste week").fill("40")
    coordinator.get_by_label("Uren per leerling").fill("20")
    coordinator.get_by_label("Aantal leerlingen").fill("60")
    coordinator.get_by_role("button", name="Opslaan").click()
    # A mistake: the message stands next to the field, nothing is saved.
    expect(coordinator.get_by_text("De laatste week ligt vóór de eerste week.")).to_be_visible()
    visit(coordinator)
    assert not InternshipWindow.objects.filter(school_year=NEXT).exists()
    coordinator.get_by_label("Eerste week").fill("40")
    coordinator.get_by_label("Laatste week").fill("41")
    coordinator.get_by_role("button", name="Opslaan").click()
    expect(coordinator.locator(".message", has_text="is opgeslagen")).to_be_visible()
    expect(coordinator.get_by_role("row", name=re.compile("3 havo"))).to_contain_text("60")
    visit(coordinator)

    # ...and finds it on the regional calendar, where that week falls short.
    coordinator.get_by_role("link", name=re.compile("Regionale jaarkalender")).click()
    coordinator.get_by_role("heading", name=re.compile("Regionale jaarkalender")).wait_for()
    # Staff also see the two-step sign-in reminder as a warning: pick the calendar's own.
    expect(
        coordinator.locator(".warning", has_text="Baudartius College 3 havo (60)")
    ).to_be_visible()
    assert chart_drawn(coordinator)
    visit(coordinator)

    # 2. The broker opens the calendar for that school year.
    broker = person(browser, live_server, world.users["broker"].email)
    follow_menu(broker, "Jaarkalender")
    broker.get_by_role("heading", name=re.compile("Regionale jaarkalender")).wait_for()
    visit(broker)
    broker.get_by_label("Schooljaar").select_option(label=year)
    broker.get_by_role("button", name="Tonen").click()
    broker.get_by_role("heading", name=re.compile(year)).wait_for()
    expect(broker.locator(".warning", has_text="Tekort in week 40–41").first).to_be_visible()
    expect(broker.locator(".suggestions")).to_contain_text(
        "Verplaats 3 havo van Baudartius College van week 40–41 naar week 10–11"
    )
    week40 = broker.get_by_role("row", name=re.compile(r"^40 "))
    expect(week40).to_contain_text("tekort")
    assert chart_drawn(broker)
    visit(broker)

    # 3. Both see the targets as a figure, a chart and a table.
    follow_menu(broker, "Streefgetallen")
    broker.get_by_role("heading", name=re.compile("Streefgetallen")).wait_for()
    expect(broker.locator(".target-card").first).to_contain_text("leerlingen")
    assert chart_drawn(broker)
    visit(broker)
    follow_menu(coordinator, "Streefgetallen")
    coordinator.get_by_role("heading", name=re.compile("Streefgetallen")).wait_for()
    expect(coordinator.get_by_role("table")).to_contain_text("Baudartius College")
    visit(coordinator)
