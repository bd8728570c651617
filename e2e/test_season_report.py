"""Issue 20: a broker opens the season simulator on a 360 px phone, reads a season report
(three charts, each with its table), downloads the week table and compares two runs, in Dutch
and in English, with 0 axe violations on every page."""

import re

import pytest
from playwright.sync_api import Page

from e2e.conftest import assert_accessible, open_menu, sign_in
from stageplein.simulation.models import SimulationRun
from stageplein.simulation.tests.sample import sample_report
from tests.support.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def check_page(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def wait_for_charts(page: Page) -> int:
    page.wait_for_function(
        "() => window.Chart && [...document.querySelectorAll('canvas[data-chart]')]"
        ".every(c => Chart.getChart(c))"
    )
    return page.locator("canvas[data-chart]").count()


def test_broker_reads_compares_and_downloads_a_season_report(page, transactional_world):
    world = transactional_world
    spread = SimulationRun.objects.create(
        label="Verspreid", region=world.region, status="finished", report=sample_report()
    )
    spring = SimulationRun.objects.create(
        label="Voorjaar", region=world.region, status="finished", report=sample_report()
    )
    sign_in(page, world.users["broker"].email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))

    page.goto("/simulatie/")
    page.get_by_role("heading", name="Seizoenssimulator", level=1).wait_for()
    check_page(page)

    page.get_by_role("link", name="Verspreid").click()
    page.get_by_role("heading", name=re.compile("Seizoensrapport")).wait_for()
    assert wait_for_charts(page) == 3
    assert "Naast het boekje van de pilots" in page.inner_text("main")
    check_page(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("CSV")).first.click()
    assert info.value.suggested_filename.endswith(".csv")

    page.goto(f"/simulatie/vergelijk/?a={spread.pk}&b={spring.pk}")
    page.get_by_role("heading", name="Heel Nederland").wait_for()
    assert wait_for_charts(page) == 2
    check_page(page)

    open_menu(page)
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="The whole country").wait_for()
    check_page(page)
    page.goto(f"/simulatie/{spread.pk}/")
    page.get_by_role("heading", name=re.compile("Season report")).wait_for()
    assert wait_for_charts(page) == 3
    check_page(page)


def test_a_running_season_turns_into_its_report_on_the_same_page(page, transactional_world):
    world = transactional_world
    run = SimulationRun.objects.create(
        label="Loopt nog", region=world.region, status="running", weeks=10, done_weeks=4
    )
    sign_in(page, world.users["broker"].email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))

    page.goto(f"/simulatie/{run.pk}/")
    page.get_by_text("4 van 10 weken gespeeld").wait_for()
    check_page(page)
    SimulationRun.objects.filter(pk=run.pk).update(
        status="finished", done_weeks=10, report=sample_report()
    )

    # The box polls every 2 s; when the season is done the page reloads with the report.
    page.get_by_role("heading", name=re.compile("Seizoensrapport")).wait_for(timeout=10_000)
    assert page.locator("main").count() == 1
    assert wait_for_charts(page) == 3
    check_page(page)
