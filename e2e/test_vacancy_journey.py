"""The vacancy bank end to end on a 360 px phone: a provider publishes a placement, a student
finds it and reacts, the provider accepts, the mentor approves. Every page passes axe."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import follow_menu, phone_for, visit_on_phone
from stageplein.applications.models import Application, Status
from stageplein.internships.models import Internship
from stageplein.placements.models import Placement

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Taarten bakken met bewoners"


def person(browser, live_server, email: str) -> Page:
    return phone_for(browser, live_server, email)


def visit(page: Page) -> None:
    visit_on_phone(page)


def test_publish_find_react_accept_approve_on_a_phone(browser, live_server, transactional_world):
    world = transactional_world
    start = timezone.localdate() + datetime.timedelta(weeks=3)

    # 1. The provider writes the placement and publishes it.
    provider = person(browser, live_server, world.users["provider_contact"].email)
    follow_menu(provider, "Mijn stageplaatsen")
    visit(provider)
    provider.get_by_role("link", name="Nieuwe stageplaats").click()
    provider.get_by_role("heading", name="Nieuwe stageplaats").wait_for()
    visit(provider)
    provider.get_by_label("Titel").fill(TITLE)
    provider.get_by_label("Wat je gaat doen").fill("Samen met bewoners taarten bakken en opeten.")
    provider.get_by_label("Een leerling mag:", exact=True).fill("Helpen in de keuken.")
    provider.get_by_label("Begeleiding").fill("De activiteitenbegeleider is er altijd bij.")
    provider.get_by_label("Adres").fill("Lindelaan 4")
    provider.get_by_label("Postcode").fill("7202")
    period = provider.get_by_role("group", name="Periode 1")
    period.get_by_label("Eerste dag").fill(start.isoformat())
    period.get_by_label("Laatste dag").fill((start + datetime.timedelta(weeks=6)).isoformat())
    period.get_by_label("Uren:", exact=True).fill("12")
    period.get_by_label("Plaatsen:", exact=True).fill("2")
    provider.get_by_role("button", name="Opslaan als concept").click()
    expect(provider.locator(".message", has_text="Opgeslagen als concept")).to_be_visible()
    visit(provider)
    provider.get_by_role("button", name="Publiceren").click()
    expect(provider.locator(".message", has_text="De stageplaats is gepubliceerd")).to_be_visible()
    visit(provider)
    assert Placement.objects.get(title=TITLE).status == Placement.Status.PUBLISHED

    # 2. The student finds it on a phone (list and map) and reacts.
    student = person(browser, live_server, world.student.user.email)
    follow_menu(student, "Stageplaatsen")
    student.get_by_role("heading", name="Zoek een stageplaats").wait_for()
    expect(student.locator("[data-placement-map] .leaflet-marker-icon").first).to_be_visible()
    visit(student)
    student.get_by_label("Wat vind je leuk om te doen?").fill("taarten")
    result = student.get_by_role("link", name=TITLE)
    result.wait_for()
    expect(student.get_by_text("1 stageplaats gevonden")).to_be_visible()
    expect(student.locator("[data-placement-map] .leaflet-marker-icon")).to_have_count(1)
    visit(student)
    result.click()
    student.get_by_role("heading", name=TITLE).wait_for()
    expect(student.get_by_text("Contact loopt via Stageplein")).to_be_visible()
    assert world.provider.phone not in student.content()
    visit(student)
    student.get_by_role("link", name="Reageren").click()
    visit(student)
    student.get_by_label("Waarom wil je dit doen?").fill("Ik bak thuis elke zaterdag taart.")
    student.get_by_role("button", name="Verstuur mijn reactie").click()
    expect(student.locator(".message", has_text="Je reactie is verstuurd")).to_be_visible()
    expect(student.get_by_text("wacht op de stagebieder")).to_be_visible()
    visit(student)

    # 3. The provider accepts (seeing a first name, not the student's full name).
    follow_menu(provider, "Reacties")
    provider.get_by_role("heading", name="Reacties").wait_for()
    visit(provider)
    provider.get_by_role("link", name=TITLE).click()
    expect(provider.get_by_text("Ik bak thuis elke zaterdag taart.")).to_be_visible()
    visit(provider)
    provider.get_by_role("button", name="Aannemen").click()
    expect(provider.locator(".message", has_text="Aangenomen. Nu keurt de school")).to_be_visible()
    visit(provider)

    # 4. The mentor approves; only now does the internship start.
    mentor = person(browser, live_server, world.users["mentor"].email)
    mentor.get_by_role("link", name="Meldingen").click()
    mentor.get_by_role("link", name=re.compile("wacht op je goedkeuring")).click()
    mentor.get_by_role("heading", name=f"Reactie op “{TITLE}”").wait_for()
    visit(mentor)
    mentor.get_by_role("button", name="Keur deze match goed").click()
    expect(mentor.locator(".message", has_text="Goedgekeurd: de stage is geregeld")).to_be_visible()
    visit(mentor)

    app = Application.objects.get(placement__title=TITLE)
    assert app.status == Status.APPROVED
    assert Internship.objects.filter(pk=app.internship_id, student=world.student).exists()

    # 5. The student now sees how to reach the provider.
    student.reload()
    expect(student.get_by_text("goedgekeurd door de school").first).to_be_visible()
    expect(student.get_by_text(world.provider.phone)).to_be_visible()
    visit(student)
    for page in (provider, student, mentor):
        assert page.js_errors == []  # type: ignore[attr-defined]
