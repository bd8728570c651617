"""The public side on a 360 px phone, and axe on every page issue 19 added: an anonymous
visitor finds a placement by postcode, opens it and its organisation, and is asked to sign in
only to react; the statements, the offline page, the organisation's profile editor and the
push settings pass axe in Dutch and English."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible, open_menu, sign_in
from tests.support.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_an_anonymous_visitor_finds_a_placement_by_postcode_and_signs_in_only_to_react(
    page: Page, transactional_world
):
    w = transactional_world
    page.route(re.compile(r"https?://[^/]*tile[^/]*/.*"), lambda route: route.abort())
    page.goto("/vacaturebank/")
    check(page)
    page.get_by_label("Afstand vanaf postcode").fill("7202 AB")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#results .result").first).to_contain_text("minder dan 1 km")
    check(page)
    page.get_by_role("link", name=w.placement.title).first.click()
    expect(page.get_by_role("heading", name=w.placement.title)).to_be_visible()
    assert "accounts/login" not in page.url  # looking needs no account
    check(page)
    page.get_by_role("link", name=w.provider.name).first.click()
    expect(page.get_by_role("heading", name=w.provider.name)).to_be_visible()
    check(page)
    page.go_back()
    page.get_by_role("link", name="Reageren").click()
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    expect(page.get_by_label("Wachtwoord")).to_be_visible()
    check(page)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_new_public_pages_pass_axe(page: Page, live_server, transactional_world, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for path in ("/privacy/", "/toegankelijkheid/", "/offline/", f"/vacaturebank/?lang={language}"):
        page.goto(path)
        check(page)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_profile_editor_and_push_settings_pass_axe(page: Page, transactional_world, language):
    w = transactional_world
    sign_in(page, w.users["provider_contact"].email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    if language == "en":
        open_menu(page)
        page.get_by_role("button", name="English").click()
    page.goto(f"/stagebieders/{w.provider.pk}/profiel/")
    check(page)
    page.locator("textarea[name=learning]").fill("Samenwerken")
    page.locator("button[value=preview]").click()
    expect(page.locator(".preview")).to_contain_text("Samenwerken")
    check(page)
    page.goto("/meldingen/instellingen/")
    check(page)
