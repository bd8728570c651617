"""Mailings, documents and notification settings in the browser, at 360 px, with axe."""

import re

import pytest
from django.core import mail

from e2e.conftest import assert_accessible, follow_menu, sign_in
from tests.support.documents import PDF
from tests.support.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(page, world, role):
    sign_in(page, world.users[role].email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))


def test_broker_sends_a_newsletter_to_the_providers_of_the_area(page, transactional_world):
    signed_in(page, transactional_world, "broker")
    follow_menu(page, "Mailings")
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe mailing").click()
    assert_accessible(page)
    page.get_by_label("Aan").select_option(label="Contactpersonen van stagebieders in de regio")
    page.get_by_label("Onderwerp").fill("Nieuwsbrief voorjaar")
    page.get_by_label("Bericht").fill("Beste stagebieders,\n\nDe stagemarkt is op 12 maart.")
    page.get_by_role("button", name="Opslaan en ontvangers bekijken").click()
    page.get_by_text("Deze mailing bereikt 1 persoon.").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Nu versturen").click()
    page.get_by_role("region", name="Verstuurd aan").wait_for()
    assert "Petra Bieder" in page.get_by_role("region", name="Verstuurd aan").inner_text()
    assert_accessible(page)
    assert [m.to for m in mail.outbox] == [["contact@delinde.test"]]
    assert "De stagemarkt is op 12 maart." in mail.outbox[0].body


def test_broker_shares_a_handbook_that_a_provider_downloads(
    page, transactional_world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    signed_in(page, transactional_world, "broker")
    follow_menu(page, "Documenten")
    assert_accessible(page)
    page.get_by_role("link", name="Document toevoegen").click()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Handboek stagebieders")
    page.get_by_label("Soort").select_option("handbook")
    page.get_by_label("Bestand").set_input_files(
        files=[{"name": "handboek.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Uploaden").click()
    page.get_by_role("heading", name="Handboek stagebieders").wait_for()
    assert_accessible(page)

    page.context.clear_cookies()
    signed_in(page, transactional_world, "provider_contact")
    page.goto("/documenten/")
    page.get_by_role("link", name="Handboek stagebieders").click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Versie 1")).click()
    assert download.value.suggested_filename == "handboek.pdf"


def test_a_parent_chooses_a_daily_digest(page, transactional_world):
    signed_in(page, transactional_world, "parent")
    page.get_by_role("link", name="Meldingen").click()
    assert_accessible(page)
    page.get_by_role("link", name="E-mailinstellingen").click()
    page.get_by_label("één keer per dag, één e-mail met alles wat nieuw is").check()
    # The page also holds the push settings' form with its own "Opslaan".
    page.locator("form").filter(has_text="Hoe vaak wil je e-mail?").get_by_role(
        "button", name="Opslaan"
    ).click()
    page.get_by_text("Je e-mailinstellingen zijn opgeslagen.").wait_for()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
