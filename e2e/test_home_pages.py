"""Each role signs in and sees its own home page; every page passes axe with 0 violations."""

import re

import pytest
from django.core import mail

from e2e.conftest import assert_accessible, open_menu, sign_in
from tests.support.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# What each role's home page must show, from the world's own data.
EXPECT = {
    "student": "van 60 uur",
    "coordinator": "Open het schooloverzicht",
    "mentor": "Mijn mentorleerlingen",
    "provider_contact": "Lindelaan 4",
    "supervisor": "Leerlingen die je begeleidt",
    "broker": "Scholen in je werkgebied",
    "municipality": "Cijfers voor je gemeente",
    "national": "Cijfers per regio",
    "parent": "Mijn kinderen",
}


@pytest.mark.parametrize("role", list(EXPECT))
def test_role_signs_in_and_sees_an_accessible_home_page(page, transactional_world, role):
    user = transactional_world.users[role]
    sign_in(page, user.email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    assert EXPECT[role] in page.inner_text("main")
    assert_accessible(page)
    assert page.console_errors == []


def test_admin_signs_in_and_lands_in_the_administration(page, transactional_world):
    sign_in(page, transactional_world.users["admin"].email, PASSWORD)
    page.wait_for_url(re.compile(r"/admin/$"))


def test_parent_signs_in_with_an_emailed_link_without_a_password(page, transactional_world):
    page.goto("/inloggen/link/")
    assert_accessible(page)
    page.get_by_label("Je e-mailadres").fill("ouder@thuis.test")
    page.get_by_role("button", name="Stuur mij een link").click()
    page.get_by_role("heading", name="Kijk in je mailbox").wait_for()
    link = re.search(r"https?://\S+/inloggen/link/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Nu inloggen").click()
    page.get_by_role("heading", name="Mijn kinderen").wait_for()


def test_public_pages_are_accessible_on_a_phone(page, transactional_world):
    for path in ("/", "/over/", "/accounts/login/"):
        page.goto(path)
        assert_accessible(page)
        # Nothing may force horizontal scrolling at 360 px.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path


def test_language_switch_shows_the_english_interface(page, transactional_world):
    page.goto("/over/")
    open_menu(page)
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="About Stageplein").wait_for()
    assert_accessible(page)


def test_staff_finds_password_and_two_step_settings_on_the_account_page(page, transactional_world):
    sign_in(page, transactional_world.users["coordinator"].email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    open_menu(page)
    assert_accessible(page)  # the open menu too
    page.get_by_role("link", name="Mijn account").click()
    page.get_by_role("heading", name="Mijn rollen").wait_for()
    assert "Stagecoördinator · Baudartius College" in page.inner_text("main")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Tweestapsverificatie")).click()
    assert_accessible(page)
