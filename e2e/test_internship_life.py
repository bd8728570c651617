"""The whole life of one internship, in Chromium at 360 px, with axe on every page: contract
signed by all four parties (parent and provider through their e-mailed links), three sessions
logged and confirmed (one by the e-mail link, one on the platform, one by QR code), logbook and
report approved, both evaluations in, certificate issued and checked at its public URL."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible, follow_menu, mailed_link, sign_in
from stageplein.internships.models import (
    Certificate,
    HourEntry,
    Party,
    Report,
    Signature,
)
from stageplein.internships.selectors import current_contract
from stageplein.internships.services import internship_create
from tests.support.people import PASSWORD, student_near_the_norm

pytestmark = pytest.mark.django_db(transaction=True)


def check(page: Page) -> None:
    """Every page: 0 axe violations, and nothing wider than the phone."""
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def as_person(page: Page, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))


@pytest.fixture
def jesse(transactional_world):
    """A vmbo student (norm 48 hours), 14 years old, with 40 hours already counting."""
    return student_near_the_norm(
        transactional_world,
        "3001",
        first_name="Jesse",
        last_name="Kok",
        parent_email="ouder.kok@thuis.test",
        parent_name="Anouk Kok",
    )


def test_the_whole_life_of_one_internship(page: Page, transactional_world, jesse):
    w = transactional_world
    internship = internship_create(
        student=jesse,
        provider=w.provider,
        title="Spelletjesmiddag in De Linde",
        start_date=timezone.localdate() - datetime.timedelta(days=14),
        end_date=timezone.localdate() + datetime.timedelta(days=30),
        planned_hours=9,
        supervisor=w.users["supervisor"],
        tasks="Spelletjes doen met bewoners",
    )
    detail = f"/stages/{internship.pk}/"

    # 1. The student signs on the platform.
    as_person(page, jesse.user.email)
    check(page)
    expect(page.get_by_text("1 stagecontract om te tekenen")).to_be_visible()
    page.get_by_role("link", name="Spelletjesmiddag in De Linde").first.click()
    check(page)
    page.get_by_role("link", name="Contract bekijken").click()
    check(page)
    page.get_by_label("Je volledige naam").fill("Jesse Kok")
    page.get_by_label("Ik heb het contract gelezen en ga ermee akkoord").check()
    page.get_by_role("button", name="Contract tekenen").click()
    expect(page.get_by_text("Je hebt het contract getekend.")).to_be_visible()
    check(page)

    # 2. The parent and the provider sign through the links in their e-mail, without an account.
    page.context.clear_cookies()
    for email, name in (("ouder.kok@thuis.test", "Anouk Kok"), ("contact@delinde.test", "Petra")):
        page.goto(mailed_link(email, "/contract/tekenen/"))
        check(page)
        expect(page.get_by_text("Spelletjes doen met bewoners")).to_be_visible()
        page.get_by_label("Je volledige naam").fill(name)
        page.get_by_label("Ik heb het contract gelezen en ga ermee akkoord").check()
        page.get_by_role("button", name="Contract tekenen").click()
        page.get_by_role("heading", name="Bedankt voor het tekenen").wait_for()
        check(page)

    # 3. The mentor signs for the school: the contract is in force.
    as_person(page, w.users["mentor"].email)
    page.goto(detail + "contract/")
    check(page)
    page.get_by_label("Ik heb het contract gelezen en ga ermee akkoord").check()
    page.get_by_role("button", name="Contract tekenen").click()
    expect(page.get_by_text("door alle partijen getekend")).to_be_visible()
    check(page)
    signatures = Signature.objects.filter(contract__internship=internship)
    assert {(s.party, s.method) for s in signatures} == {
        (Party.STUDENT, "platform"),
        (Party.PARENT, "link"),
        (Party.PROVIDER, "link"),
        (Party.SCHOOL, "platform"),
    }

    # 4. The student logs three sessions of 3 hours.
    as_person(page, jesse.user.email)
    for days_ago, what in ((6, "Sjoelen"), (4, "Bingo"), (2, "Kaarten")):
        page.goto(detail)
        page.get_by_role("link", name="Uren invoeren").click()
        check(page)
        day = timezone.localdate() - datetime.timedelta(days=days_ago)
        page.get_by_label("Datum").fill(day.isoformat())
        page.get_by_label("Uren").fill("3")
        page.get_by_label("Wat heb je gedaan?").fill(f"{what} met bewoners")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text("Je uren zijn opgeslagen.")).to_be_visible()
        expect(page.get_by_role("img", name="QR-code om deze uren te bevestigen")).to_be_visible()
        check(page)
    entries = {e.description.split()[0]: e for e in HourEntry.objects.filter(internship=internship)}

    # 5a. The first by the e-mail link, without signing in.
    page.context.clear_cookies()
    page.goto(mailed_link("begeleider@delinde.test", "/uren/bevestigen/"))
    check(page)
    page.get_by_role("button", name="Deze uren bevestigen").click()
    page.get_by_role("heading", name="De uren zijn bevestigd").wait_for()
    check(page)
    confirmed = {
        e.description.split()[0]
        for e in HourEntry.objects.filter(status="verified", internship=internship)
    }
    assert len(confirmed) == 1

    # 5b. The next on the platform, from the list of hours to confirm (htmx).
    as_person(page, w.users["supervisor"].email)
    follow_menu(page, "Uren bevestigen")
    check(page)
    waiting = [k for k in entries if k not in confirmed]
    row = page.locator(f"#entry-{entries[waiting[0]].pk}")
    row.get_by_role("button", name=re.compile("^Bevestigen")).click()
    expect(row.get_by_text("Bevestigd.")).to_be_visible()
    check(page)

    # 5c. The last by scanning the QR code on the student's phone (the code opens this page).
    page.goto(f"/uren/{entries[waiting[1]].pk}/scan/")
    check(page)
    page.get_by_role("button", name="Deze uren bevestigen").click()
    page.get_by_role("heading", name="De uren zijn bevestigd").wait_for()
    check(page)
    methods = set(HourEntry.objects.filter(internship=internship).values_list("method", flat=True))
    assert methods == {"link", "platform", "qr"}

    # 6. Logbook and final report, handed in by the student.
    as_person(page, jesse.user.email)
    page.goto(detail + "logboek/")
    check(page)
    page.get_by_label("Datum").fill((timezone.localdate() - datetime.timedelta(days=2)).isoformat())
    page.get_by_label("Wat gebeurde er, en wat heb je geleerd?").fill(
        "Ik durf nu zelf te beginnen."
    )
    page.get_by_role("button", name="Bericht opslaan").click()
    expect(page.get_by_text("Je logboekbericht is opgeslagen.")).to_be_visible()
    check(page)
    page.get_by_role("link", name=re.compile("Lever het logboek in")).click()
    check(page)
    page.get_by_role("button", name="Inleveren ter goedkeuring").click()
    expect(page.get_by_text("Ingeleverd: je mentor heeft een melding gekregen.")).to_be_visible()
    page.goto(detail + "verslag/final/")
    check(page)
    page.get_by_label("Je tekst").fill("Mijn stage bij De Linde was leuk en leerzaam.")
    page.get_by_role("button", name="Inleveren ter goedkeuring").click()
    expect(page.get_by_text("Ingeleverd: je mentor heeft een melding gekregen.")).to_be_visible()
    check(page)

    # 7. The mentor approves both.
    as_person(page, w.users["mentor"].email)
    expect(page.get_by_text("om goed te keuren")).to_be_visible()
    for kind in ("logbook", "final"):
        page.goto(detail + f"verslag/{kind}/")
        check(page)
        page.get_by_label("Goedkeuren").check()
        page.get_by_role("button", name="Beoordeling opslaan").click()
        expect(page.get_by_text("Je beoordeling is opgeslagen")).to_be_visible()
        check(page)
    assert set(Report.objects.filter(internship=internship).values_list("status", flat=True)) == {
        "approved"
    }

    # 8. Both evaluations.
    as_person(page, jesse.user.email)
    page.goto(detail)
    page.get_by_role("link", name="Geef je stage een cijfer").click()
    check(page)
    page.get_by_label("Jouw cijfer voor deze stage").select_option("8")
    page.get_by_label("Wat was goed, en wat kan beter?").fill("Leuke bewoners!")
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_text("Bedankt voor je evaluatie.")).to_be_visible()
    check(page)
    as_person(page, w.users["provider_contact"].email)
    page.goto(detail)
    check(page)
    page.get_by_role("link", name="De leerling beoordelen").click()
    check(page)
    page.get_by_role("group", name="Aanwezigheid").get_by_label("goed").check()
    page.get_by_role("group", name="Inzet").get_by_label("goed").check()
    page.get_by_label("Wat ging goed").fill("Vrolijk en op tijd")
    page.get_by_role("button", name="Naar de school sturen").click()
    expect(page.get_by_text("Bedankt: de school heeft je beoordeling ontvangen.")).to_be_visible()
    check(page)

    # 9. 40 + 9 hours reach the vmbo norm of 48: the certificate is there, checked in public.
    certificate = Certificate.objects.get(student=jesse, revoked_at__isnull=True)
    assert certificate.hours == Decimal(49)
    as_person(page, jesse.user.email)
    expect(page.get_by_text("Certificaat van Jesse Kok")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Certificaat van Jesse Kok")).click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.context.clear_cookies()
    page.goto(f"/certificaat/{certificate.code}/")
    check(page)
    main = page.inner_text("main")
    assert "Dit certificaat is geldig." in main
    assert "Jesse Kok" in main and w.school.name in main and "49" in main
    assert jesse.class_name not in main and w.provider.name not in main
    assert current_contract(internship).fully_signed_at is not None


def test_the_other_internship_pages_are_accessible_on_a_phone(page: Page, transactional_world):
    """Pages the life above does not pass through, each with axe and at 360 px."""
    w = transactional_world
    pk = w.internship.pk
    visits = {
        "mentor": [
            "/stages/",
            f"/stages/{pk}/begeleiding/",
            f"/stages/{pk}/contract/wijzigen/",
            f"/stages/{pk}/verslag/reflection/",
            "/groepsstages/",
            "/groepsstages/nieuw/",
        ],
        "coordinator": [
            "/stages/contractsjabloon/",
            "/stages/evaluaties/",
            f"/leerlingen/{w.student.pk}/",
        ],
        "provider_contact": [
            f"/stages/{pk}/melding/",
            f"/stages/{pk}/beoordeling/",
            "/stages/evaluaties/",
        ],
        "student": [f"/stages/{pk}/evaluatie/", f"/stages/{pk}/verslag/final/"],
    }
    for role, paths in visits.items():
        as_person(page, w.users[role].email)
        for path in paths:
            page.goto(path)
            check(page)
    # A group internship, made on the page, with its participants and session form.
    as_person(page, w.users["mentor"].email)
    page.goto("/groepsstages/nieuw/")
    page.get_by_label("Titel").fill("Sportdag")
    page.get_by_label("Begin").fill(timezone.localdate().isoformat())
    page.get_by_label("Einde").fill(timezone.localdate().isoformat())
    page.get_by_label("Geplande uren per deelnemer").fill("4")
    page.get_by_label("Een hele klas toevoegen").select_option("2H1")
    page.get_by_role("button", name="Groepsstage aanmaken").click()
    page.get_by_role("heading", name="Sportdag").wait_for()
    expect(page.get_by_text("2 deelnemers")).to_be_visible()
    check(page)
