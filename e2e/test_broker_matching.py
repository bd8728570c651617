"""The broker's matching on a 360 px phone: the queue, a round for the students ticked, the
review (table and map, map tiles unreachable), one proposal changed by hand, the confirmation;
then the provider finds the reactions the broker made. Every page passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import follow_menu, phone_for, visit_on_phone
from stageplein.applications.models import Application, Side, Status
from stageplein.matching.models import Proposal, Run
from stageplein.matching.selectors import seats_left_in_run
from tests.support.matching import offer, pupil, window_for

pytestmark = pytest.mark.django_db(transaction=True)


def person(browser, live_server, email: str) -> Page:
    return phone_for(browser, live_server, email, timeout=20_000)


def visit(page: Page) -> None:
    visit_on_phone(page)


def test_queue_round_review_change_confirm_and_the_provider_sees_the_reactions(
    browser, live_server, transactional_world
):
    world = transactional_world
    window_for(world.school)  # the year group's window in the annual calendar
    offer(world.provider, "Voorlezen aan bewoners", capacity=2, sector_id="zorg")
    offer(world.provider, "Tuinieren met bewoners", capacity=2, sector_id="natuur", pc4="7203")
    names = ["Anouk", "Bram", "Cas"]
    students = [
        pupil(world.school, f"90{k}", first_name=name, interests=("zorg", "natuur"))
        for k, name in enumerate(names)
    ]

    # 1. The queue: the students without a place, with their interests; tick three.
    broker = person(browser, live_server, world.users["broker"].email)
    follow_menu(broker, "Bemiddeling")
    broker.get_by_role("heading", name="Leerlingen zonder stageplaats").wait_for()
    expect(
        broker.get_by_text("Interesses: Zorg en welzijn, Natuur en milieu").first
    ).to_be_visible()
    visit(broker)
    for name in names:
        broker.get_by_label(f"{name} de Vries").check()
    broker.get_by_label("zoveel mogelijk leerlingen, elk zo goed mogelijk").check()
    broker.get_by_role("button", name="Verdeel plekken voor de aangevinkte leerlingen").click()

    # 2. The round's review: a table with reasons, and the map's markers without tiles.
    broker.get_by_role("heading", name=re.compile("Verdeelronde van")).wait_for()
    expect(broker.get_by_role("button", name="Bevestig de voorstellen")).to_be_visible()
    table = broker.get_by_role("region", name="Voorstellen")
    for name in names:
        expect(table.get_by_text(f"{name} de Vries")).to_be_visible()
    expect(table.get_by_text("1e interesse (Zorg en welzijn)").first).to_be_visible()
    expect(broker.locator("[data-placement-map] .leaflet-marker-icon").first).to_be_visible()
    visit(broker)
    run = Run.objects.exclude(pk=world.run.pk).get()
    assert run.status == Run.Status.PROPOSED and run.n_proposed == 3

    # 3. One proposal changed by hand: Cas goes to another of his options.
    cas = Proposal.objects.get(run=run, student=students[2])
    broker.get_by_role("link", name="Wijzigen van het voorstel voor Cas").click()
    broker.get_by_role("heading", name="Voorstel voor Cas de Vries").wait_for()
    visit(broker)
    options = broker.get_by_role("group", name="Kies een periode voor deze leerling")
    left = seats_left_in_run(cas, [c["period"] for c in cas.candidates])
    other = next(c for c in cas.candidates if c["period"] != cas.period_id and left[c["period"]])
    options.locator(f"#choice-{other['period']}").check()
    broker.get_by_role("button", name="Opslaan").click()
    expect(broker.locator(".message", has_text="Het voorstel is gewijzigd.")).to_be_visible()
    expect(broker.get_by_text("met de hand gewijzigd").first).to_be_visible()
    visit(broker)

    # 4. Confirm: the reactions are made on the students' behalf.
    broker.get_by_role("button", name="Bevestig de voorstellen").click()
    expect(broker.locator(".message", has_text="Bevestigd.")).to_be_visible()
    expect(broker.get_by_role("link", name="reactie gemaakt")).to_have_count(3)
    visit(broker)
    follow_menu(broker, "Bemiddeling")
    broker.get_by_role("link", name="Eerdere rondes").click()
    expect(broker.get_by_role("cell", name="bevestigd")).to_be_visible()
    visit(broker)
    made = Application.objects.filter(student__in=students, submitted_side=Side.BROKER)
    assert made.count() == 3 and {a.status for a in made} == {Status.SUBMITTED}
    assert made.get(student=students[2]).period_id == other["period"]

    # 5. The provider finds them in its reactions and its notifications.
    provider = person(browser, live_server, world.users["provider_contact"].email)
    provider.get_by_role("link", name="Meldingen").click()
    provider.get_by_role(
        "link", name="De stagemakelaar stuurde 3 leerlingen naar je stageplaatsen"
    ).click()
    provider.get_by_role("heading", name="Reacties").wait_for()
    for name in names:
        expect(provider.get_by_text(name, exact=False).first).to_be_visible()
    visit(provider)
    first = made.order_by("pk").first()
    assert first is not None
    provider.goto(f"/reacties/{first.pk}/")
    expect(provider.get_by_text("door de stagemakelaar, namens de leerling")).to_be_visible()
    expect(provider.get_by_text("Voorgesteld door de stagemakelaar")).to_be_visible()
    visit(provider)
    for page in (broker, provider):
        assert page.js_errors == []  # type: ignore[attr-defined]
