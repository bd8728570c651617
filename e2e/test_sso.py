"""School single sign-on in the browser, against a real OpenID Connect provider started on
loopback (tests/oidc_provider): a student's first sign-in with the school account, and a
coordinator who links the school account and is then made to set up an authenticator app
before seeing any student. Dutch and English, on a 360 px phone, axe on every own page."""

import re

import pytest
from allauth.socialaccount.models import SocialAccount

from e2e.conftest import PHONE, assert_accessible, visit_on_phone
from e2e.test_signin import totp_now
from tests.support.oidc import configure_school
from tests.support.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "nl-NL": {
        "sign_in_with": "Inloggen met {}",
        "email": "E-mailadres",
        "password": "Wachtwoord",
        "sign_in": "Inloggen",
        "set_up": "Authenticator-app instellen",
        "confirm": "Bevestigen",
        "activate": "Activeer",
        "hello": "Hallo {}",
    },
    "en-GB": {
        "sign_in_with": "Sign in with {}",
        "email": "E-mail address",
        "password": "Password",
        "sign_in": "Sign in",
        "set_up": "Set up an authenticator app",
        "confirm": "Confirm",
        "activate": "Activate",
        "hello": "Hello {}",
    },
}


def phone(browser, live_server, locale: str):
    context = browser.new_context(viewport=PHONE, locale=locale, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def at_the_school(page, username: str) -> None:
    """The school's identity provider's own form (not ours: no axe here)."""
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill("school-pw")
    page.get_by_role("button", name="Aanmelden bij school").click()


@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_a_student_signs_in_with_the_school_account_on_a_phone(
    browser, live_server, transactional_world, oidc_provider, locale
):
    world = transactional_world
    words = WORDS[locale]
    provider_id = f"e2e-student-{locale}"
    configure_school(
        oidc_provider, [world.school], provider_id=provider_id, callback_root=live_server.url
    )
    lotte = world.classmate
    username = f"lotte-{locale}"
    oidc_provider.add_person(
        username,
        "school-pw",
        {
            "sub": f"entree-{username}",
            "brin": world.school.brin,
            "eduperson_affiliation": ["student"],
            "student_number": lotte.student_number,
        },
    )
    page = phone(browser, live_server, locale)
    page.goto("/accounts/login/")
    visit_on_phone(page)
    page.get_by_role("button", name=words["sign_in_with"].format(world.school.name)).click()
    at_the_school(page, username)
    page.get_by_role("heading", name=words["hello"].format(lotte.user.first_name)).wait_for()
    visit_on_phone(page)
    assert SocialAccount.objects.get(uid=f"entree-{username}").user_id == lotte.user_id

    # An unknown pupil of the same school gets a clear page and no account.
    oidc_provider.add_person(
        f"new-{locale}",
        "school-pw",
        {
            "sub": f"entree-new-{locale}",
            "brin": world.school.brin,
            "eduperson_affiliation": "student",
            "student_number": "000000",
        },
    )
    other = phone(browser, live_server, locale)
    other.goto("/accounts/login/")
    other.get_by_role("button", name=words["sign_in_with"].format(world.school.name)).click()
    at_the_school(other, f"new-{locale}")
    other.get_by_role("heading", level=1).wait_for()
    assert "/accounts/oidc/" in other.url
    visit_on_phone(other)
    assert not SocialAccount.objects.filter(uid=f"entree-new-{locale}").exists()
    page.context.close()
    other.context.close()


@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_a_coordinator_links_the_school_account_and_must_set_up_two_step_sign_in_first(
    browser, live_server, transactional_world, oidc_provider, settings, locale
):
    world = transactional_world
    words = WORDS[locale]
    settings.STAFF_MFA_GRACE_DAYS = 0  # the grace period is over
    settings.STAFF_MFA_SINCE = "2020-01-01"
    provider_id = f"e2e-staff-{locale}"
    configure_school(
        oidc_provider, [world.school], provider_id=provider_id, callback_root=live_server.url
    )
    coordinator = world.users["coordinator"]
    username = f"coordinator-{locale}"
    oidc_provider.add_person(
        username,
        "school-pw",
        {
            "sub": f"entree-{username}",
            "brin": world.school.brin,
            "eduperson_affiliation": ["employee"],
            "email": coordinator.email,
            "email_verified": True,
        },
    )
    page = phone(browser, live_server, locale)
    # Not linked yet: the school's word (even with the right e-mail) signs nobody in.
    page.goto("/accounts/login/")
    page.get_by_role("button", name=words["sign_in_with"].format(world.school.name)).click()
    at_the_school(page, username)
    page.get_by_role("heading", level=1).wait_for()
    assert "/accounts/oidc/" in page.url
    visit_on_phone(page)
    page.context.clear_cookies()  # signed out at the school's provider too

    # Linking: signed in with the password, on the school-account page.
    page.goto("/accounts/login/")
    page.get_by_label(words["email"]).fill(coordinator.email)
    page.get_by_label(words["password"]).fill(PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/account/tweestaps/$"))
    page.goto("/accounts/3rdparty/")
    visit_on_phone(page)
    page.get_by_role("button", name=world.school.name).click()
    at_the_school(page, username)
    page.wait_for_url(re.compile(r"/accounts/3rdparty/$"))
    assert SocialAccount.objects.get(uid=f"entree-{username}").user_id == coordinator.pk
    page.context.clear_cookies()

    # Signing in with the school account: made to set up an authenticator app first.
    page.goto("/accounts/login/")
    page.get_by_role("button", name=words["sign_in_with"].format(world.school.name)).click()
    at_the_school(page, username)
    page.wait_for_url(re.compile(r"/account/tweestaps/$"))
    page.goto(f"/leerlingen/{world.student.pk}/")
    page.wait_for_url(re.compile(r"/account/tweestaps/$"))
    assert world.student.user.last_name not in page.content()
    visit_on_phone(page)
    page.get_by_role("link", name=words["set_up"]).click()
    if "/reauthenticate/" in page.url:  # allauth asks for the password once more
        page.get_by_label(words["password"]).fill(PASSWORD)
        page.get_by_role("button", name=words["confirm"]).click()
    secret = page.locator("#authenticator_secret").input_value()
    assert_accessible(page)
    page.get_by_label("Authenticator code").fill(totp_now(secret))
    page.get_by_role("button", name=words["activate"]).click()
    page.wait_for_url(lambda url: "/totp/activate/" not in url)
    page.goto(f"/leerlingen/{world.student.pk}/")
    page.get_by_role("heading", name=world.student.user.get_full_name()).wait_for()
    visit_on_phone(page)
    page.context.close()
