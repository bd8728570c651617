"""Issue 16's done-when for students without e-mail: a coordinator prints sign-in cards, a
student signs in with one on a phone, adds a passkey (Chromium's virtual authenticator) and
signs in again with it; a mentor runs a class sign-in. Every page passes axe."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth

from e2e.conftest import PHONE, assert_accessible, phone_for
from stageplein.signin import services
from stageplein.signin.codes import code_hash
from stageplein.signin.models import SigninCard
from tests.support.people import PASSWORD, make_student

pytestmark = pytest.mark.django_db(transaction=True)


def student_phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # A phone with a platform authenticator (fingerprint/PIN) that always says yes.
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return page


def test_printed_card_then_passkey_on_the_students_own_phone(
    browser, live_server, transactional_world, monkeypatch
):
    world = transactional_world
    noor = make_student(world.school, "1003", first_name="Noor", last_name="Zonder")
    noor.user.email = None
    noor.user.set_unusable_password()
    noor.user.save()
    drawn: list[str] = []
    real_new_code = services.new_code

    def remember(length: int) -> str:
        drawn.append(real_new_code(length))
        return drawn[-1]

    # The live server runs in this process: the test learns the codes printed on the cards.
    monkeypatch.setattr(services, "new_code", remember)

    coordinator = phone_for(browser, live_server, world.users["coordinator"].email)
    coordinator.goto(f"/scholen/{world.school.pk}/")
    coordinator.get_by_role("link", name="Inlogkaarten voor leerlingen zonder e-mail").click()
    coordinator.get_by_role("heading", name="Inlogkaarten").wait_for()
    assert_accessible(coordinator)
    with coordinator.expect_download() as download:
        coordinator.get_by_role("button", name="Kaarten afdrukken voor 2H1").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    card = SigninCard.objects.get(student=noor)
    [code] = [c for c in drawn if code_hash(c) == card.code_hash]

    phone = student_phone(browser, live_server)
    phone.goto(f"/inloggen/kaart/{code}/")  # what the QR code on the card opens
    assert_accessible(phone)
    phone.get_by_role("button", name="Nu inloggen").click()
    phone.get_by_role("heading", name="Welkom, Noor").wait_for()
    assert_accessible(phone)
    phone.get_by_role("link", name="Passkey toevoegen").click()
    phone.locator("#mfa_webauthn_add").wait_for()
    assert_accessible(phone)
    phone.locator("#id_passwordless").check()
    phone.locator("#mfa_webauthn_add").click()
    phone.wait_for_url(lambda url: "/2fa/" in url and "/add/" not in url)
    phone.wait_for_load_state()
    assert Authenticator.objects.filter(user=noor.user, type=Authenticator.Type.WEBAUTHN).exists()

    # Signed out (cookies gone); the card no longer works, the passkey does.
    phone.context.clear_cookies()
    phone.goto(f"/inloggen/kaart/{code}/")
    phone.get_by_role("button", name="Nu inloggen").click()
    phone.get_by_role("heading", name="Deze kaart is al gebruikt").wait_for()
    assert_accessible(phone)
    phone.goto("/accounts/login/")
    phone.get_by_role("button", name="Passkey gebruiken").click()
    phone.wait_for_url(f"{live_server.url}/")
    assert "Noor" in phone.content()
    coordinator.context.close()
    phone.context.close()


def test_mentor_runs_a_class_sign_in(browser, live_server, transactional_world):
    world = transactional_world
    mentor = phone_for(browser, live_server, world.users["mentor"].email)
    mentor.goto(f"/scholen/{world.school.pk}/klas-inloggen/")
    assert_accessible(mentor)
    mentor.get_by_label("Klas").select_option("2H1")
    mentor.get_by_role("button", name="Klascode tonen").click()
    code = mentor.locator(".signin-code").inner_text()
    assert_accessible(mentor)

    lotte = world.classmate
    phone = student_phone(browser, live_server)
    phone.goto("/inloggen/klas/")
    assert_accessible(phone)
    phone.get_by_label("Klascode").fill(code)
    phone.get_by_role("button", name="Volgende").click()
    phone.get_by_role("heading", name="Klas 2H1: wie ben jij?").wait_for()
    assert_accessible(phone)
    phone.get_by_label("Lotte J.").check()
    phone.get_by_label("Je geboortedatum").fill(lotte.date_of_birth.isoformat())
    phone.get_by_role("button", name="Inloggen").click()
    phone.get_by_role("heading", name="Welkom, Lotte").wait_for()

    # The mentor's screen refreshes itself and shows Lotte signed in.
    mentor.locator("#class-progress li", has_text="Lotte").filter(has_text="ingelogd").wait_for()
    # The screen keeps polling: close it before the database goes.
    mentor.context.close()
    phone.context.close()


def totp_now(secret: str) -> str:
    counter = next(iter(totp_auth.yield_hotp_counters_from_time()))
    return totp_auth.format_hotp_value(totp_auth.hotp_value(secret, counter))


def test_staff_set_up_an_authenticator_app_before_seeing_any_student_and_can_be_reset(
    browser, live_server, transactional_world, settings
):
    world = transactional_world
    # The grace period is over.
    settings.STAFF_MFA_GRACE_DAYS = 0
    settings.STAFF_MFA_SINCE = "2020-01-01"
    mentor = phone_for(browser, live_server, world.users["mentor"].email)
    mentor.goto(f"/leerlingen/{world.student.pk}/")
    mentor.wait_for_url(re.compile(r"/account/tweestaps/$"))
    assert world.student.user.last_name not in mentor.content()
    assert_accessible(mentor)
    mentor.get_by_role("link", name="Authenticator-app instellen").click()
    if "/reauthenticate/" in mentor.url:  # allauth asks for the password once more
        mentor.get_by_label("Wachtwoord").fill(PASSWORD)
        mentor.get_by_role("button", name="Bevestigen").click()
    secret = mentor.locator("#authenticator_secret").input_value()
    assert_accessible(mentor)
    mentor.get_by_label("Authenticator code").fill(totp_now(secret))
    mentor.get_by_role("button", name="Activeer").click()
    mentor.wait_for_url(lambda url: "/totp/activate/" not in url)
    mentor.goto(f"/leerlingen/{world.student.pk}/")
    mentor.get_by_role("heading", name=world.student.user.get_full_name()).wait_for()

    # The mentor lost their phone: the coordinator resets it on the team page.
    coordinator = phone_for(browser, live_server, world.users["coordinator"].email)
    assert "/account/tweestaps/" in coordinator.url  # the coordinator has none yet either
    Authenticator.objects.create(
        user=world.users["coordinator"], type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    coordinator.goto(f"/scholen/{world.school.pk}/team/")
    assert_accessible(coordinator)
    coordinator.get_by_role(
        "button", name="Inloggen in twee stappen herstellen: Mehmet Mentor"
    ).click()
    coordinator.get_by_text("is hersteld").wait_for()
    assert not Authenticator.objects.filter(user=world.users["mentor"]).exists()
    mentor.goto(f"/leerlingen/{world.student.pk}/")
    mentor.wait_for_url(re.compile(r"/account/tweestaps/$"))
    mentor.context.close()
    coordinator.context.close()
