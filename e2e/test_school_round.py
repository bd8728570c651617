"""R-MATCH-8 in the browser: no broker serves the Eefde school's municipality, so its
coordinator (on a laptop) finds *Bemiddeling* in the menu, starts a round for the school's
unplaced students, reviews the proposals and confirms; a student of the school then has the
reaction, made by the school on their behalf. The coordinator of the broker's school has no
such menu item. Every page passes axe (WCAG 2.0, 2.1 and 2.2 A/AA)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import AXE, follow_menu, sign_in
from stageplein.applications.models import Application, Side, Status
from stageplein.matching.models import Run
from stageplein.placements.models import Placement
from tests.support.matching import offer, pupil, school_without_broker, window_for
from tests.support.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1280, "height": 900}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def laptop_for(browser, live_server, email: str) -> Page:
    """A signed-in laptop for one person; script and console errors in ``page.js_errors``."""
    context = browser.new_context(viewport=LAPTOP, locale="nl-NL", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.js_errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda msg: (
            page.js_errors.append(msg.text)  # type: ignore[attr-defined]
            if msg.type == "error" and "Failed to load resource" not in msg.text
            else None
        ),
    )
    # Map tiles unreachable, as on a machine without internet: the markers must still show.
    page.route(re.compile(r"https?://[^/]*tile[^/]*/.*"), lambda route: route.abort())
    sign_in(page, email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    return page


def visit(page: Page) -> None:
    """axe with the WCAG 2.2 rules as well as 2.0 and 2.1."""
    page.evaluate(AXE)
    violations = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""",
        WCAG,
    )
    assert violations == [], json.dumps(violations, indent=2)


def test_a_coordinator_without_a_broker_runs_a_round_and_the_student_has_the_reaction(
    browser, live_server, transactional_world
):
    world = transactional_world
    school, coordinator = school_without_broker(world)
    window_for(school)
    # The world's placements closed: the round has exactly this one to divide.
    Placement.objects.update(status=Placement.Status.CLOSED)
    offer(world.provider, "Voorlezen aan bewoners", capacity=2, sector_id="zorg")
    names = ["Ilse", "Joost"]
    students = [
        pupil(school, f"95{k}", first_name=name, pc4="7211", interests=("zorg",))
        for k, name in enumerate(names)
    ]
    # A student of the broker's school: the broker's, never in this school's queue.
    pupil(world.school, "9600", first_name="Karel", pc4="7211")

    # The coordinator of the broker's school has no round to run.
    other = laptop_for(browser, live_server, world.users["coordinator"].email)
    expect(other.locator("#site-menu").get_by_role("link", name="Bemiddeling")).to_have_count(0)

    # 1. The school's queue: its own students only, and why the school divides the places.
    page = laptop_for(browser, live_server, coordinator.email)
    follow_menu(page, "Bemiddeling")
    page.get_by_role("heading", name="Leerlingen zonder stageplaats").wait_for()
    why = "Geen stagemakelaar werkt in de gemeente van je school"
    expect(page.get_by_text(why)).to_be_visible()
    expect(page.get_by_text("Karel")).to_have_count(0)
    expect(page.get_by_role("link", name="Weging en afstanden")).to_have_count(0)
    visit(page)
    for name in names:
        page.get_by_label(f"{name} de Vries").check()
    page.get_by_label("zoveel mogelijk leerlingen, elk zo goed mogelijk").check()
    page.get_by_role("button", name="Verdeel plekken voor de aangevinkte leerlingen").click()

    # 2. The proposals, with their reasons.
    page.get_by_role("heading", name=re.compile("Verdeelronde van")).wait_for()
    expect(page.get_by_role("button", name="Bevestig de voorstellen")).to_be_visible()
    table = page.get_by_role("region", name="Voorstellen")
    for name in names:
        expect(table.get_by_text(f"{name} de Vries")).to_be_visible()
    expect(table.get_by_text("1e interesse (Zorg en welzijn)").first).to_be_visible()
    visit(page)
    run = Run.objects.get(school=school)
    assert run.broker is None and run.n_proposed == 2

    # 3. Confirm: the reactions are made by the school, on the students' behalf.
    page.get_by_role("button", name="Bevestig de voorstellen").click()
    expect(page.locator(".message", has_text="Bevestigd.")).to_be_visible()
    expect(page.get_by_role("link", name="reactie gemaakt")).to_have_count(2)
    visit(page)
    page.get_by_role("link", name="Eerdere rondes").click()
    expect(page.get_by_role("cell", name="bevestigd")).to_be_visible()
    visit(page)
    made = Application.objects.filter(student__in=students)
    assert made.count() == 2
    assert {(a.submitted_side, a.status) for a in made} == {(Side.SCHOOL, Status.SUBMITTED)}

    # 4. The student has the placement among their reactions, told by a notification.
    ilse = laptop_for(browser, live_server, students[0].user.email)
    ilse.get_by_role("link", name="Meldingen").click()
    ilse.get_by_role("link", name=re.compile("Je school vond “Voorlezen aan bewoners”")).click()
    expect(ilse.get_by_text("Voorlezen aan bewoners").first).to_be_visible()
    expect(ilse.get_by_text("Voorgesteld door de school")).to_be_visible()
    visit(ilse)
    for p in (page, ilse, other):
        assert p.js_errors == []  # type: ignore[attr-defined]
