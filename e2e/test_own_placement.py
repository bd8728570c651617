"""Issue 15's first route on 360 px phones, every page through axe: a student registers an
internship they found themselves at an organisation new to the platform; the mentor is told and
approves it; the contract is signed by the student, the parent and the new organisation's
supervisor through their mailed links, and the school; the supervisor chooses a password from
the thank-you page, signs in and confirms the student's hours on the platform; the hours reach
the norm and the certificate is there."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import PHONE, follow_menu, mailed_link, phone_for, sign_in, visit_on_phone
from stageplein.accounts.models import Membership, Role
from stageplein.internships.models import Certificate, HourEntry, Internship, OwnPlacement
from tests.support.people import student_near_the_norm

pytestmark = pytest.mark.django_db(transaction=True)

# The supervisor chooses their own password; not the test password.
NEW_PASSWORD = "Hockey-begeleider-2026!"  # noqa: S105 (a made-up test password)
SUPERVISOR = "tess@deberkel.test"


def person(browser, live_server, email: str) -> Page:
    return phone_for(browser, live_server, email, block_tiles=False)


def field(page: Page, label: str):
    """A form field by its label, which Django ends with a colon."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def stranger(browser, live_server) -> Page:
    """A phone nobody is signed in on: a parent or supervisor opening a mailed link."""
    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def fenna(transactional_world):
    """A vmbo student (norm 48 hours) with 40 hours already counting, a parent and a mentor."""
    return student_near_the_norm(
        transactional_world,
        "3002",
        first_name="Fenna",
        last_name="Bos",
        parent_email="ouder.bos@thuis.test",
        parent_name="Karin Bos",
    )


def test_a_student_registers_an_own_placement_that_ends_in_a_certificate(
    browser, live_server, transactional_world, fenna
):
    w = transactional_world
    today = timezone.localdate()

    # 1. The student registers the hockey club's youth training on her phone.
    student = person(browser, live_server, fenna.user.email)
    follow_menu(student, "Zelf geregelde stages")
    visit_on_phone(student)
    student.get_by_role("link", name="Zelf geregelde stage aanmelden").click()
    visit_on_phone(student)
    field(student, "Naam van een nieuwe organisatie").fill("Hockeyclub De Berkel")
    field(student, "Adres").fill("Sportpark 1, Zutphen")
    field(student, "Postcode").fill("7202 AB")
    field(student, "Sector").select_option(label=w.provider.sector.name)
    field(student, "E-mail van de organisatie").fill("info@deberkel.test")
    field(student, "Titel").fill("Jeugdtraining helpen")
    field(student, "Wat ik ga doen").fill("Pionnen zetten en oefeningen voordoen")
    field(student, "Begin").fill((today - datetime.timedelta(days=10)).isoformat())
    field(student, "Einde").fill((today + datetime.timedelta(days=30)).isoformat())
    field(student, "Geplande uren").fill("9")
    field(student, "Naam van de begeleider").fill("Tess Trainer")
    field(student, "E-mail van de begeleider").fill(SUPERVISOR)
    student.get_by_role("button", name="Naar de school sturen").click()
    expect(student.get_by_text("Aangemeld: de school gaat ernaar kijken.")).to_be_visible()
    visit_on_phone(student)
    own = OwnPlacement.objects.get(student=fenna)
    assert own.status == OwnPlacement.Status.SUBMITTED and own.internship_id is None

    # 2. The mentor finds it among their notifications and approves it.
    mentor = person(browser, live_server, w.users["mentor"].email)
    mentor.goto("/meldingen/")
    visit_on_phone(mentor)
    mentor.get_by_role("link", name=re.compile("zelf geregelde stage")).first.click()
    visit_on_phone(mentor)
    expect(mentor.get_by_role("heading", name="Jeugdtraining helpen")).to_be_visible()
    mentor.get_by_role("button", name="Goedkeuren: de stage begint").click()
    expect(mentor.get_by_text("Goedgekeurd: de stage en het contract staan klaar.")).to_be_visible()
    visit_on_phone(mentor)
    internship = Internship.objects.get(own_placement__student=fenna)
    assert internship.provider.name == "Hockeyclub De Berkel"

    # 3. The student is told, and signs the contract on the platform.
    student.goto("/meldingen/")
    told = student.get_by_text(re.compile("De school heeft de zelf geregelde stage goedgekeurd"))
    expect(told).to_be_visible()
    visit_on_phone(student)
    student.goto(f"/stages/{internship.pk}/contract/")
    visit_on_phone(student)
    student.get_by_label("Je volledige naam").fill("Fenna Bos")
    student.get_by_label("Ik heb het contract gelezen en ga ermee akkoord").check()
    student.get_by_role("button", name="Contract tekenen").click()
    expect(student.get_by_text("Je hebt het contract getekend.")).to_be_visible()

    # 4. The parent and the new organisation's supervisor sign through their mailed links. The
    # supervisor's thank-you page offers a password: she takes it.
    for email, name in (("ouder.bos@thuis.test", "Karin Bos"), (SUPERVISOR, "Tess Trainer")):
        signer = stranger(browser, live_server)
        signer.goto(mailed_link(email, "/contract/tekenen/"))
        visit_on_phone(signer)
        expect(signer.get_by_text("Pionnen zetten en oefeningen voordoen")).to_be_visible()
        signer.get_by_label("Je volledige naam").fill(name)
        signer.get_by_label("Ik heb het contract gelezen en ga ermee akkoord").check()
        signer.get_by_role("button", name="Contract tekenen").click()
        signer.get_by_role("heading", name="Bedankt voor het tekenen").wait_for()
        visit_on_phone(signer)
        choose = signer.get_by_role("link", name="Kies een wachtwoord")
        if email == "ouder.bos@thuis.test":
            expect(choose).to_have_count(0)  # the parent has an account with a password
            continue
        choose.click()
        visit_on_phone(signer)
        signer.get_by_label("E-mail").fill(SUPERVISOR)
        signer.get_by_role("button", name="Herstel mijn wachtwoord").click()
        visit_on_phone(signer)
        signer.goto(mailed_link(SUPERVISOR, "/accounts/password/reset/key/"))
        visit_on_phone(signer)
        signer.get_by_label(re.compile(r"^Nieuw wachtwoord:?$")).fill(NEW_PASSWORD)
        signer.get_by_label(re.compile(r"^Nieuw wachtwoord \(bevestigen\)")).fill(NEW_PASSWORD)
        signer.get_by_role("button", name="Wachtwoord wijzigen").click()
        visit_on_phone(signer)
        signer.context.close()

    # 5. The mentor signs for the school: the contract is in force.
    mentor.goto(f"/stages/{internship.pk}/contract/")
    mentor.get_by_label("Ik heb het contract gelezen en ga ermee akkoord").check()
    mentor.get_by_role("button", name="Contract tekenen").click()
    expect(mentor.get_by_text("door alle partijen getekend")).to_be_visible()
    visit_on_phone(mentor)

    # 6. The student logs three sessions of 3 hours.
    for days_ago, what in ((6, "Pionnen"), (4, "Dribbelen"), (2, "Passen")):
        student.goto(f"/stages/{internship.pk}/")
        student.get_by_role("link", name="Uren invoeren").click()
        student.get_by_label("Datum").fill((today - datetime.timedelta(days=days_ago)).isoformat())
        student.get_by_label("Uren").fill("3")
        student.get_by_label("Wat heb je gedaan?").fill(f"{what} met de jongste jeugd")
        student.get_by_role("button", name="Opslaan").click()
        expect(student.get_by_text("Je uren zijn opgeslagen.")).to_be_visible()
    visit_on_phone(student)

    # 7. The supervisor signs in with the password she chose and confirms all three.
    supervisor = stranger(browser, live_server)
    sign_in(supervisor, SUPERVISOR, NEW_PASSWORD)
    supervisor.wait_for_url(re.compile(r"/$"))
    assert Membership.objects.filter(
        user__email=SUPERVISOR, role=Role.PROVIDER_CONTACT, provider=internship.provider
    ).exists()
    follow_menu(supervisor, "Uren bevestigen")
    visit_on_phone(supervisor)
    for entry in HourEntry.objects.filter(internship=internship):
        row = supervisor.locator(f"#entry-{entry.pk}")
        row.get_by_role("button", name=re.compile("^Bevestigen")).click()
        expect(row.get_by_text("Bevestigd.")).to_be_visible()
    visit_on_phone(supervisor)

    # 8. 40 + 9 hours reach the vmbo norm of 48: the student sees her certificate.
    certificate = Certificate.objects.get(student=fenna, revoked_at__isnull=True)
    assert certificate.hours == Decimal(49)
    student.goto("/")
    expect(student.get_by_text("Certificaat van Fenna Bos")).to_be_visible()
    visit_on_phone(student)
