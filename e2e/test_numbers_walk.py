"""Issue 14 on a 360 px phone, in Dutch and English: the coordinator reads the school
overview, the calendar, the targets, the student list and a contract that says what, when and
who guides; the broker reads the area overview, the queue, the regional calendar and a round.
Every page passes axe, nothing is wider than the phone, no script error."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from e2e.conftest import phone_for, visit_on_phone
from stageplein.applications.services import application_approve
from stageplein.placements.models import Placement, PlacementPeriod

pytestmark = pytest.mark.django_db(transaction=True)

TASKS = "Je wandelt met bewoners door de tuin en drinkt daarna samen koffie."
WHEN = "woensdagmiddag 14.00-16.00"


def visit(page: Page, path: str) -> str:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    visit_on_phone(page)
    assert page.js_errors == [], page.js_errors  # type: ignore[attr-defined]
    return page.inner_text("main")


def in_english(page: Page, live_server) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


@pytest.fixture
def approved(transactional_world):
    world = transactional_world
    Placement.objects.filter(pk=world.placement2.pk).update(
        tasks=TASKS, contact=world.users["supervisor"]
    )
    PlacementPeriod.objects.filter(pk=world.period2.pk).update(schedule=WHEN)
    app = application_approve(application=world.accepted_application, by=world.users["coordinator"])
    return world, app.internship


def test_the_coordinator_walks_the_numbers_and_a_contract(browser, live_server, approved):
    world, internship = approved
    page = phone_for(browser, live_server, world.users["coordinator"].email)
    overview = visit(page, reverse("dashboard_school"))
    assert "Schooloverzicht" in overview or "Baudartius" in overview
    visit(page, reverse("calendar_school"))
    targets = visit(page, reverse("target_list"))
    assert "hebben een plek" in targets
    visit(page, reverse("student_list"))
    contract = visit(page, reverse("internship_contract", args=[internship.pk]))
    assert "Wat je gaat doen" in contract and TASKS in contract
    assert f"Wanneer: {WHEN}" in contract and "Bas Begeleider" in contract
    in_english(page, live_server)
    contract = visit(page, reverse("internship_contract", args=[internship.pk]))
    assert "What you will do" in contract and f"When: {WHEN}" in contract
    overview = visit(page, reverse("dashboard_school"))
    assert re.search(r"no reaction yet", overview, re.IGNORECASE)
    visit(page, reverse("calendar_school"))
    visit(page, reverse("target_list"))


def test_the_broker_walks_the_area_queue_calendar_and_a_round(browser, live_server, approved):
    world, _internship = approved
    page = phone_for(browser, live_server, world.users["broker"].email)
    visit(page, reverse("dashboard_broker"))
    visit(page, reverse("matching_queue"))
    visit(page, reverse("calendar_region") + f"?region={world.region.pk}")
    visit(page, reverse("matching_run_detail", args=[world.run.pk]))
    in_english(page, live_server)
    visit(page, reverse("dashboard_broker"))
    queue = visit(page, reverse("matching_queue"))
    assert "Students without a place" in queue
    visit(page, reverse("calendar_region") + f"?region={world.region.pk}")
