"""Issue 15's routes on a 360 px phone, every page through axe: a student asks for help and
accepts the broker's proposal; a student joins a full period's waiting list and takes the
freed seat; a broker's stage market where an organisation stands and a student signs up (also
in English); an organisation signs up, is asked for a change and resubmits through the mailed
link before the broker approves it, then its first placement waits for the broker, who asks for
a change, and appears in the search once approved; a coordinator reacts for a student; a
coordinator invites a mentor who chooses a password, signs in and sees their students."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import (
    PHONE,
    follow_menu,
    mailed_link,
    open_menu,
    phone_for,
    sign_in,
    visit_on_phone,
)
from stageplein.accounts.models import User
from stageplein.applications.models import Application, Side, Status, WaitingListEntry
from stageplein.applications.services import application_withdraw
from stageplein.events.models import Event
from stageplein.mediation.models import MediationRequest
from stageplein.organisations.models import Provider
from tests.support.people import PASSWORD
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db(transaction=True)

# Not the test password: the invited mentor chooses their own.
NEW_PASSWORD = "Stageplein-mentor-2026!"  # noqa: S105 (a made-up test password)


def person(browser, live_server, email: str) -> Page:
    return phone_for(browser, live_server, email, block_tiles=False)


def test_student_asks_for_help_the_broker_proposes_the_student_accepts(
    browser, live_server, transactional_world
):
    world = transactional_world
    placement = make_placement(world.provider, title="Dierenweide helpen", pc4="7202")
    make_period(placement, capacity=2)

    student = person(browser, live_server, world.student.user.email)
    follow_menu(student, "Hulp bij zoeken")
    visit_on_phone(student)
    student.get_by_role("link", name="Hulp vragen").click()
    visit_on_phone(student)
    student.get_by_label("Wat zoekt de leerling?").fill("Iets met dieren, woensdagmiddag")
    student.get_by_role("button", name="Hulp vragen").click()
    # ul.messages: the hidden offline banner also speaks of sending.
    expect(student.locator("ul.messages .message", has_text="Verstuurd")).to_be_visible()
    visit_on_phone(student)
    req = MediationRequest.objects.get(student=world.student)

    broker = person(browser, live_server, world.users["broker"].email)
    broker.goto(f"/bemiddelingsverzoeken/{req.pk}/")
    visit_on_phone(broker)
    broker.get_by_label("Stageplaats en periode").select_option(
        label=broker.get_by_label("Stageplaats en periode")
        .locator("option", has_text="Dierenweide helpen")
        .first.inner_text()
    )
    broker.get_by_label("Waarom deze plek bij de leerling past").fill("Dichtbij en op woensdag")
    broker.get_by_role("button", name="Voorstellen").click()
    expect(broker.locator("ul.messages .message", has_text="Voorgesteld")).to_be_visible()
    visit_on_phone(broker)

    student.goto(f"/bemiddelingsverzoeken/{req.pk}/")
    expect(student.get_by_text("Dichtbij en op woensdag")).to_be_visible()
    visit_on_phone(student)
    student.get_by_role("button", name="Aannemen: stuur de reactie").click()
    expect(student.locator("ul.messages .message", has_text="Aangenomen")).to_be_visible()
    visit_on_phone(student)
    req.refresh_from_db()
    assert req.status == MediationRequest.Status.ACCEPTED
    assert req.application is not None and req.application.placement == placement


def test_student_joins_a_waiting_list_and_takes_the_freed_seat(
    browser, live_server, transactional_world
):
    world = transactional_world
    placement = make_placement(world.provider, title="Kinderboerderij", pc4="7202")
    period = make_period(placement, capacity=1)
    now = timezone.now()
    taken = Application.objects.create(
        student=world.classmate,
        placement=placement,
        period=period,
        motivation="Geiten",
        status=Status.ACCEPTED,
        submitted_at=now,
        accepted_at=now,
    )
    student = person(browser, live_server, world.student.user.email)
    student.goto(f"/stageplaatsen/{placement.pk}/")
    visit_on_phone(student)
    student.get_by_role("link", name="Op de wachtlijst").click()
    visit_on_phone(student)
    student.get_by_label("Waarom wil je dit doen?").fill("Ik wil graag met dieren werken.")
    student.get_by_role("button", name="Op de wachtlijst").click()
    expect(
        student.locator("ul.messages .message", has_text="Je staat op de wachtlijst")
    ).to_be_visible()
    visit_on_phone(student)

    application_withdraw(
        application=taken, by=world.users["mentor"], side=Side.SCHOOL, reason="Verhuisd"
    )
    assert WaitingListEntry.objects.get(student=world.student).status == "offered"
    student.reload()
    visit_on_phone(student)
    student.get_by_role("button", name="Plek aannemen").click()
    expect(student.locator("ul.messages .message", has_text="De plek is van jou")).to_be_visible()
    visit_on_phone(student)
    assert Application.objects.get(student=world.student, period=period).status == Status.ACCEPTED


def test_a_stage_market_with_an_organisation_standing_and_a_student_signing_up(
    browser, live_server, transactional_world
):
    world = transactional_world
    start = timezone.localtime() + datetime.timedelta(days=10)
    broker = person(browser, live_server, world.users["broker"].email)
    follow_menu(broker, "Evenementen")
    visit_on_phone(broker)
    broker.get_by_role("link", name="Nieuw evenement").click()
    visit_on_phone(broker)
    broker.get_by_label("Soort").select_option("market")
    broker.get_by_label("Titel").fill("Stagemarkt Zutphen")
    broker.get_by_label("Begint").fill(start.strftime("%Y-%m-%dT14:00"))
    broker.get_by_label("Eindigt").fill(start.strftime("%Y-%m-%dT17:00"))
    broker.get_by_label("Plaats:", exact=True).fill("Sporthal De Mars")
    broker.get_by_label("Voor leerlingen").check()
    broker.get_by_label("Voor stagebieders uit de regio").check()
    broker.get_by_role("button", name="Evenement aanmaken").click()
    expect(broker.locator("ul.messages .message", has_text="aangemaakt")).to_be_visible()
    visit_on_phone(broker)
    market = Event.objects.get(title="Stagemarkt Zutphen")

    provider = person(browser, live_server, world.users["provider_contact"].email)
    provider.goto(f"/evenementen/{market.pk}/")
    visit_on_phone(provider)
    provider.get_by_role("button", name="Wij staan op de markt").click()
    expect(provider.locator("ul.messages .message", has_text="aangemeld")).to_be_visible()

    student = person(browser, live_server, world.student.user.email)
    student.goto(f"/evenementen/{market.pk}/")
    expect(student.get_by_text(world.provider.name)).to_be_visible()
    visit_on_phone(student)
    student.get_by_role("button", name="Aanmelden").click()
    expect(student.locator("ul.messages .message", has_text="Je bent aangemeld")).to_be_visible()
    visit_on_phone(student)
    # The same page in English.
    open_menu(student)
    student.get_by_role("button", name="English").click()
    student.get_by_role("heading", name="Stagemarkt Zutphen").wait_for()
    expect(student.get_by_text("Organisations at the market")).to_be_visible()
    visit_on_phone(student)
    assert market.signups.count() == 2


def test_an_organisation_signs_up_the_broker_asks_for_a_change_then_approves(
    browser, live_server, transactional_world
):
    world = transactional_world
    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url)
    organisation = context.new_page()
    organisation.goto("/aanmelden-organisatie/")
    visit_on_phone(organisation)
    organisation.get_by_label("Naam van de organisatie").fill("Speeltuin De Hoven")
    organisation.get_by_label("Soort").select_option("association")
    organisation.get_by_label("Hoofdsector").select_option("sport")
    organisation.get_by_label("Adres").fill("Speeltuinweg 3")
    organisation.get_by_label("Postcode").fill("7201 AB")
    organisation.get_by_label("Contactpersoon:", exact=True).fill("Ria Speel")
    organisation.get_by_label("E-mail van de contactpersoon").fill("ria@dehoven.test")
    organisation.get_by_label("Waarom u MaS-plaatsen aanbiedt").fill("Zomerspelen voor de buurt.")
    organisation.get_by_role("button", name="Aanmelden").click()
    organisation.get_by_role("heading", name="Bedankt voor uw aanmelding").wait_for()
    visit_on_phone(organisation)
    organisation.goto(mailed_link("ria@dehoven.test", "/aanmelden-organisatie/bevestigen/"))
    organisation.get_by_role("button", name="Bevestigen").click()
    expect(organisation.get_by_text("uw e-mailadres is bevestigd")).to_be_visible()
    provider = Provider.objects.get(name="Speeltuin De Hoven")

    broker = person(browser, live_server, world.users["broker"].email)
    broker.goto("/stagebieders/beoordelen/")
    visit_on_phone(broker)
    broker.get_by_role("link", name="Speeltuin De Hoven").click()
    visit_on_phone(broker)
    broker.get_by_label("Reden, of wat er moet veranderen").fill("Wie begeleidt de leerlingen?")
    broker.get_by_role("button", name="Wijzigingen vragen").click()
    expect(broker.locator("ul.messages .message", has_text="Verstuurd")).to_be_visible()

    organisation.goto(mailed_link("ria@dehoven.test", "/aanmelden-organisatie/wijzigen/"))
    expect(organisation.get_by_text("Wie begeleidt de leerlingen?")).to_be_visible()
    visit_on_phone(organisation)
    organisation.get_by_label("Waarom u MaS-plaatsen aanbiedt").fill(
        "Twee vrijwilligers met een VOG begeleiden de leerlingen."
    )
    organisation.get_by_role("button", name="Verstuur de gewijzigde aanmelding").click()
    expect(organisation.get_by_text("uw wijzigingen zijn verstuurd")).to_be_visible()
    visit_on_phone(organisation)

    broker.goto("/stagebieders/beoordelen/")
    broker.get_by_role("link", name="Speeltuin De Hoven").click()
    expect(broker.get_by_text("Twee vrijwilligers met een VOG")).to_be_visible()
    visit_on_phone(broker)
    broker.get_by_role("button", name="Goedkeuren").click()
    expect(broker.locator("ul.messages .message", has_text="Goedgekeurd")).to_be_visible()

    # The organisation's first placement: published by its contact, it waits for the broker.
    # (Claiming the account by "Forgot your password?" is walked for the invited mentor.)
    contact = User.objects.get(email="ria@dehoven.test")
    contact.set_password(PASSWORD)
    contact.save()
    # An association needs six weeks' lead time (R-PLACE-6): the period starts after it.
    draft = make_placement(provider, title="Zomerspelen begeleiden", pc4="7201", status="draft")
    make_period(draft, weeks_ahead=8)
    ria = person(browser, live_server, "ria@dehoven.test")
    ria.goto(f"/stageplaatsen/{draft.pk}/")
    ria.get_by_role("button", name="Publiceren").click()
    expect(ria.locator("ul.messages .message", has_text="Het is je eerste")).to_be_visible()
    visit_on_phone(ria)
    student = person(browser, live_server, world.student.user.email)
    student.goto("/stageplaatsen/?q=Zomerspelen")
    expect(student.get_by_text("Geen stageplaatsen gevonden")).to_be_visible()

    broker.goto("/stagebieders/beoordelen/")
    visit_on_phone(broker)
    broker.get_by_role("link", name="Zomerspelen begeleiden").click()
    expect(broker.get_by_text("Een echte taak")).to_be_visible()
    visit_on_phone(broker)
    broker.get_by_label("Reden, of wat er moet veranderen").fill("Vanaf welke leeftijd?")
    broker.get_by_role("button", name="Wijzigingen vragen").click()
    expect(broker.locator("ul.messages .message", has_text="Verstuurd")).to_be_visible()

    ria.goto("/meldingen/")
    ria.get_by_role("link", name=re.compile("Zomerspelen begeleiden")).first.click()
    expect(ria.get_by_text("Vanaf welke leeftijd?")).to_be_visible()
    visit_on_phone(ria)
    ria.get_by_role("button", name="Opnieuw ter beoordeling sturen").click()
    expect(ria.locator("ul.messages .message", has_text="Verstuurd")).to_be_visible()
    visit_on_phone(ria)

    broker.goto("/stagebieders/beoordelen/")
    broker.get_by_role("link", name="Zomerspelen begeleiden").click()
    expect(broker.get_by_text("Eerder gevraagde wijzigingen")).to_be_visible()
    broker.get_by_role("button", name="Goedkeuren").click()
    expect(broker.locator("ul.messages .message", has_text="Goedgekeurd")).to_be_visible()

    student.goto("/stageplaatsen/?q=Zomerspelen")
    expect(student.get_by_role("link", name="Zomerspelen begeleiden")).to_be_visible()
    visit_on_phone(student)


def test_a_coordinator_reacts_for_a_student(browser, live_server, transactional_world):
    world = transactional_world
    placement = make_placement(world.provider, title="Wandelen met bewoners", pc4="7202")
    make_period(placement, capacity=2)
    coordinator = person(browser, live_server, world.users["coordinator"].email)
    coordinator.goto(f"/stageplaatsen/{placement.pk}/")
    visit_on_phone(coordinator)
    coordinator.get_by_role("link", name="Reageren namens een leerling").click()
    visit_on_phone(coordinator)
    coordinator.get_by_label("Leerling:", exact=True).select_option(str(world.classmate.pk))
    coordinator.get_by_label("Waarom deze stageplaats bij de leerling past").fill(
        "Lotte wandelt graag"
    )
    coordinator.get_by_role("button", name="Verstuur de reactie voor deze leerling").click()
    expect(
        coordinator.locator("ul.messages .message", has_text="De reactie is verstuurd")
    ).to_be_visible()
    visit_on_phone(coordinator)
    app = Application.objects.get(student=world.classmate, placement=placement)
    assert app.submitted_side == Side.SCHOOL

    student = person(browser, live_server, world.classmate.user.email)
    student.goto("/meldingen/")
    expect(student.get_by_text("Je school heeft voor jou gereageerd")).to_be_visible()
    visit_on_phone(student)


def test_a_coordinator_invites_a_mentor_who_signs_in_and_sees_their_students(
    browser, live_server, transactional_world
):
    world = transactional_world
    coordinator = person(browser, live_server, world.users["coordinator"].email)
    coordinator.goto(f"/scholen/{world.school.pk}/team/")
    visit_on_phone(coordinator)
    # Two forms on the page (invite, assign): each filled within its own form.
    invite = coordinator.locator("form", has=coordinator.get_by_role("button", name="Uitnodigen"))
    invite.get_by_label("Voornaam:", exact=True).fill("Noor")
    invite.get_by_label("Achternaam:", exact=True).fill("Nieuw")
    invite.get_by_label("E-mail:", exact=True).fill("noor.nieuw@school.test")
    invite.get_by_label("Rol:", exact=True).select_option("mentor")
    invite.get_by_role("button", name="Uitnodigen").click()
    expect(coordinator.locator("ul.messages .message", has_text="Uitgenodigd")).to_be_visible()
    visit_on_phone(coordinator)
    mentor_user = User.objects.get(email="noor.nieuw@school.test")
    assign = coordinator.locator("form", has=coordinator.get_by_role("button", name="Toewijzen"))
    assign.get_by_label("Klas:", exact=True).select_option(world.classmate.class_name)
    assign.get_by_label("Mentor:", exact=True).select_option(str(mentor_user.pk))
    assign.get_by_role("button", name="Toewijzen").click()
    expect(
        coordinator.locator("ul.messages .message", has_text="Mentor toegewezen aan")
    ).to_be_visible()
    visit_on_phone(coordinator)

    # The invitation says: choose a password with "Forgot your password?".
    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url)
    mentor = context.new_page()
    mentor.set_default_timeout(15_000)
    mentor.goto("/accounts/login/")
    mentor.get_by_role("link", name="Wachtwoord vergeten?").click()
    visit_on_phone(mentor)
    mentor.get_by_label("E-mail").fill("noor.nieuw@school.test")
    mentor.get_by_role("button", name="Herstel mijn wachtwoord").click()
    visit_on_phone(mentor)
    mentor.goto(mailed_link("noor.nieuw@school.test", "/accounts/password/reset/key/"))
    visit_on_phone(mentor)
    mentor.get_by_label(re.compile(r"^Nieuw wachtwoord:?$")).fill(NEW_PASSWORD)
    mentor.get_by_label(re.compile(r"^Nieuw wachtwoord \(bevestigen\)")).fill(NEW_PASSWORD)
    mentor.get_by_role("button", name="Wachtwoord wijzigen").click()
    visit_on_phone(mentor)
    sign_in(mentor, "noor.nieuw@school.test", NEW_PASSWORD)
    mentor.wait_for_url(re.compile(r"/$"))
    panel = mentor.locator("main")
    expect(panel.get_by_role("heading", name="Mijn mentorleerlingen")).to_be_visible()
    for student in (world.student, world.classmate):
        expect(panel.get_by_role("link", name=student.user.get_full_name())).to_be_visible()
    visit_on_phone(mentor)
