"""Issue 15's new pages in English on a 360 px phone, every page through axe (WCAG 2.0-2.2 A
and AA): the broker reads the reviewers' list with a waiting first placement, opens the
placement's review page and the merge page of an organisation; a student opens the own
placement form. The language is switched the way a person does it, through the menu."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import open_menu
from e2e.test_school_staff import person, visit
from stageplein.placements.models import PlacementReview
from tests.support.placements import contact_of, publish_new, signed_up_provider

pytestmark = pytest.mark.django_db(transaction=True)


def in_english(page: Page) -> None:
    open_menu(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_review_merge_and_own_placement_pages_in_english_on_a_phone(
    browser, live_server, transactional_world
):
    world = transactional_world
    provider = signed_up_provider(approved_by=world.users["broker"])
    placement = publish_new(provider, "Zomerspelen begeleiden", contact_of(provider))
    assert placement.review == PlacementReview.WAITING

    broker = person(browser, live_server, world.users["broker"].email)
    in_english(broker)
    broker.goto("/stagebieders/beoordelen/")
    expect(broker.get_by_role("heading", name="Organisations to review", level=1)).to_be_visible()
    expect(broker.get_by_role("heading", name="First placements to review")).to_be_visible()
    visit(broker)
    broker.get_by_role("link", name="Zomerspelen begeleiden").click()
    expect(broker.get_by_role("heading", name="Zomerspelen begeleiden", level=1)).to_be_visible()
    expect(broker.get_by_role("heading", name="Check")).to_be_visible()
    visit(broker)

    broker.goto(f"/stagebieders/{provider.pk}/samenvoegen/")
    expect(
        broker.get_by_role("heading", name="Merge a duplicate organisation", level=1)
    ).to_be_visible()
    visit(broker)

    student = person(browser, live_server, world.users["student"].email)
    in_english(student)
    student.goto("/zelf-geregeld/nieuw/")
    expect(
        student.get_by_role("heading", name="Register an own placement", level=1)
    ).to_be_visible()
    visit(student)
