"""Issue 6's done-when: a coordinator and a broker walk through their overviews on a 360 px
phone, follow the figures to the students behind them, download an export (one at once, one
written in the background), with 0 axe violations on every page."""

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from e2e.conftest import assert_accessible, follow_menu, sign_in
from tests.support.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def check_page(page: Page) -> None:
    assert_accessible(page)
    # Nothing may force horizontal scrolling on a phone (wide tables scroll in their box).
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def wait_for_charts(page: Page) -> int:
    """Chart.js drew every chart (the canvases have a chart attached)."""
    page.wait_for_function(
        "() => window.Chart && [...document.querySelectorAll('canvas[data-chart]')]"
        ".every(c => Chart.getChart(c))"
    )
    return page.locator("canvas[data-chart]").count()


def download(page: Page, button_name: re.Pattern) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("button", name=button_name).first.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


@pytest.fixture
def settings_for_e2e(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0
    return settings


def test_coordinator_walks_through_the_school_overview_and_downloads_a_table(
    page, transactional_world, settings_for_e2e
):
    world = transactional_world
    sign_in(page, world.users["coordinator"].email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    # The home page shows the headline with a way into the overview.
    page.get_by_role("link", name="Open het schooloverzicht").wait_for()
    check_page(page)

    follow_menu(page, "Schooloverzicht")
    page.get_by_role("heading", name="Schooloverzicht", level=1).wait_for()
    assert wait_for_charts(page) == 1
    check_page(page)
    classes = page.get_by_role("table", name=re.compile("Leerlingen per klas naar status"))
    assert "2H1" in classes.inner_text()

    # The Excel file of the per-class table opens in a spreadsheet.
    name, content = download(page, re.compile("^Excel – Leerlingen per klas"))
    assert name.endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Klas", "Leerlingen") and rows[1][:2] == ("2H1", 2)

    # Follow a figure to the students behind it: the ones with no reaction yet.
    page.locator("dl.stats div", has_text="Nog niet gereageerd").get_by_role("link").click()
    page.get_by_role("heading", level=1, name=re.compile("Leerlingen:")).wait_for()
    check_page(page)
    listed = page.get_by_role("table").inner_text()
    assert world.classmate.user.get_full_name() in listed
    assert world.other_student.user.get_full_name() not in listed

    # The report waiting for approval: to its review page.
    page.get_by_role("link", name="Terug naar het schooloverzicht").click()
    page.get_by_role("heading", name="Verslagen die wachten op goedkeuring").wait_for()
    page.get_by_role("link", name="Beoordelen").first.click()
    page.wait_for_url(re.compile(r"/verslag/final/$"))
    check_page(page)
    assert page.console_errors == []


def test_broker_walks_through_the_area_overview_and_a_background_export(
    page, transactional_world, settings_for_e2e
):
    world = transactional_world
    settings_for_e2e.EXPORT_INLINE_MAX_ROWS = 0  # every list is written in the background
    sign_in(page, world.users["broker"].email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    follow_menu(page, "Overzicht werkgebied")
    page.get_by_role("heading", name="Overzicht stagemakelaar", level=1).wait_for()
    assert wait_for_charts(page) == 2
    check_page(page)
    schools = page.get_by_role("table", name="Leerlingen zonder stageplaats per school")
    assert world.school.name in schools.inner_text()
    assert page.locator('[data-slot="planning-demand-supply"]').count() == 1

    # A CSV for Dutch Excel: UTF-8 with a BOM, semicolons.
    name, content = download(page, re.compile("^CSV – Stagebieders en stageplaatsen"))
    assert name.endswith(".csv")
    assert content.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert header[0] == "Sector"

    # The students without a place, by name, and their list as a background export.
    page.get_by_role("link", name="Alle leerlingen zonder stageplaats, op naam").click()
    page.get_by_role("heading", name="Leerlingen zonder stageplaats", level=1).wait_for()
    check_page(page)
    assert world.classmate.user.get_full_name() in page.get_by_role("table").inner_text()
    page.get_by_role("button", name=re.compile("^Excel – Leerlingen zonder stageplaats")).click()
    page.get_by_role("heading", name="Download", level=1).wait_for()
    page.get_by_role("status").filter(has_text="klaar").wait_for()
    check_page(page)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"downloaden$")).click()
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert world.classmate.user.get_full_name() in names

    follow_menu(page, "Financiering")
    page.get_by_role("heading", name=re.compile("^Financiering Vrijwilligerscentrale")).wait_for()
    check_page(page)
    assert page.console_errors == []
