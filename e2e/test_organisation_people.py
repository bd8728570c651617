"""A broker adds a location to an organisation of the area and invites its contact person, who
chooses a password through the mailed one-time link (a second use does nothing) and signs in;
adding an organisation already on the platform offers the existing one. 360 px, axe on every
page (WCAG 2.0-2.2 A and AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import PHONE, mailed_link, sign_in
from e2e.test_school_staff import flash, person, visit
from stageplein.accounts.models import Membership, Role
from stageplein.organisations.models import Provider

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Stageplein-contact-2026!"  # noqa: S105 (a made-up test password)


def test_a_broker_adds_a_location_and_invites_a_contact_who_claims_the_account_once(
    browser, live_server, transactional_world
):
    world = transactional_world
    broker = person(browser, live_server, world.users["broker"].email)
    broker.goto(f"/stagebieders/{world.provider.pk}/")
    visit(broker)
    broker.get_by_role("link", name="Locatie toevoegen").click()
    visit(broker)
    broker.get_by_label("Naam van de locatie").fill("Dagbesteding De Linde")
    broker.get_by_label("Adres").fill("Lindelaan 4")
    broker.get_by_label("Postcode").fill("7202 CD")
    broker.get_by_role("button", name="Locatie toevoegen").click()
    flash(broker, "De locatie is toegevoegd")
    expect(broker.get_by_text("Dagbesteding De Linde")).to_be_visible()
    visit(broker)

    broker.get_by_role("link", name="Contactpersoon uitnodigen").click()
    visit(broker)
    broker.get_by_label("Voornaam").fill("Nadia")
    broker.get_by_label("Achternaam").fill("Nieuw")
    broker.get_by_label("E-mail").fill("nadia@zorg.test")
    broker.get_by_role("button", name="Uitnodiging versturen").click()
    flash(broker, "Uitgenodigd")
    visit(broker)

    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url)
    contact = context.new_page()
    link = mailed_link("nadia@zorg.test", "/uitnodiging-stagebieder/")
    contact.goto(link)
    visit(contact)
    contact.get_by_label(re.compile(r"^Nieuw wachtwoord:?$")).fill(NEW_PASSWORD)
    contact.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    contact.get_by_role("button", name="Wachtwoord instellen").click()
    expect(contact.get_by_text("Uw wachtwoord is ingesteld")).to_be_visible()
    visit(contact)
    # The link a second time: it no longer works and changes nothing.
    contact.goto(link)
    expect(contact.get_by_text("Deze link werkt niet meer")).to_be_visible()
    visit(contact)
    assert Membership.objects.filter(
        user__email="nadia@zorg.test", provider=world.provider, role=Role.PROVIDER_CONTACT
    ).exists()

    sign_in(contact, "nadia@zorg.test", NEW_PASSWORD)
    contact.wait_for_url(re.compile(r"/$"))
    visit(contact)


def test_adding_an_organisation_already_there_offers_it(browser, live_server, transactional_world):
    world = transactional_world
    Provider.objects.filter(pk=world.provider.pk).update(kvk_number="12345678")
    broker = person(browser, live_server, world.users["broker"].email)
    broker.goto("/stagebieders/toevoegen/")
    visit(broker)
    broker.get_by_label("Naam van de organisatie").fill("Een andere naam")
    broker.get_by_label("Soort").select_option("foundation")
    broker.get_by_label("Hoofdsector").select_option(world.provider.sector_id)
    broker.get_by_label("Adres").fill("Straat 1")
    broker.get_by_label("Postcode").fill("7201 AB")
    broker.get_by_label("KvK-nummer (niet verplicht)").fill("12345678")
    broker.get_by_role("button", name="Toevoegen").click()
    expect(broker.get_by_role("heading", name="Al op Stageplein")).to_be_visible()
    visit(broker)
    broker.get_by_role("link", name="Daar een contactpersoon uitnodigen").click()
    expect(broker.get_by_role("heading", name="Contactpersoon uitnodigen")).to_be_visible()
    assert not Provider.objects.filter(name="Een andere naam").exists()
