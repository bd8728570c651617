"""Staff management by the school (issue 15) on a 360 px phone, every page through axe (WCAG
2.0-2.2 A and AA): the student import's mentor column (an unknown mentor is a row error, then
the mentor sees exactly their students); a coordinator chooses a single student's mentor and
fills in the school profile whose contact the provider then sees; a coordinator deactivates a
mentor who leaves; a broker changes an event and the student signed up is told."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.conftest import AXE, phone_for, visit_on_phone
from stageplein.accounts.models import Membership, Role
from stageplein.core.schoolyear import current_school_year
from stageplein.events import services as event_services
from stageplein.events.models import Event
from stageplein.imports.sample import magister_rows, to_csv
from stageplein.students.models import Student
from tests.support.people import make_student, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def visit(page: Page) -> None:
    """visit_on_phone, plus axe's WCAG 2.2 rules (target size and the like)."""
    visit_on_phone(page)
    page.evaluate(AXE)
    violations = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag22aa']}});
            return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target)}));
        }"""
    )
    assert violations == [], json.dumps(violations, indent=2)


def person(browser, live_server, email: str) -> Page:
    return phone_for(browser, live_server, email, block_tiles=False)


def flash(page: Page, text: str) -> None:
    expect(page.locator("ul.messages .message", has_text=text)).to_be_visible()


def add_mentor(world, email: str, first: str, last: str, code: str = ""):
    user = make_user(email, first, last)
    Membership.objects.create(user=user, role=Role.MENTOR, school=world.school, staff_code=code)
    return user


def upload(page: Page, rows) -> None:
    page.goto("/import/")
    visit(page)
    page.get_by_label("Leerlingenlijst (CSV of Excel)").set_input_files(
        files={"name": "magister.csv", "mimeType": "text/csv", "buffer": to_csv(rows)}
    )
    page.get_by_role("button", name="Uploaden en kolommen kiezen").click()
    page.get_by_role("heading", name="Kies de kolommen").wait_for()
    visit(page)
    # The header "Mentor" maps itself.
    assert page.get_by_label("Mentor (e-mail of docentcode)").input_value() == "Mentor"
    page.get_by_role("button", name="Regels controleren").click()
    page.get_by_role("heading", name="Controleer voor het importeren").wait_for()
    visit(page)


def test_the_import_assigns_mentors_and_the_mentor_sees_exactly_those_students(
    browser, live_server, transactional_world
):
    world = transactional_world
    coach = add_mentor(world, "carla.coach@school.test", "Carla", "Coach", code="CCO")
    rows = magister_rows(6, school_year=current_school_year())
    for row, code in zip(rows, ["CCO", "carla.coach@school.test", "", "", "", ""], strict=True):
        row["Mentor"] = code
    rows[2]["Mentor"] = "onbekend@school.test"

    coordinator = person(browser, live_server, world.users["coordinator"].email)
    upload(coordinator, rows)
    problems = coordinator.locator("section[aria-labelledby^='problems-']")
    expect(problems).to_contain_text("onbekend@school.test")
    expect(problems).to_contain_text("nodig de mentor eerst uit op de teampagina")
    assert coordinator.get_by_role("button", name="Importeren").count() == 0

    rows[2]["Mentor"] = ""
    coordinator.get_by_role("link", name="Verbeterd bestand uploaden").click()
    upload(coordinator, rows)
    coordinator.get_by_text("Geen problemen gevonden.").wait_for()
    # The world's two students are not in this file: they leave, confirmed explicitly.
    coordinator.get_by_label(re.compile("2 leerlingen zijn van school")).check()
    coordinator.get_by_role("button", name="Importeren").click()
    coordinator.get_by_text("geïmporteerd", exact=True).wait_for()
    visit(coordinator)

    mine = list(Student.objects.filter(mentor=coach).select_related("user"))
    assert sorted(s.student_number for s in mine) == sorted(r["Stamnr"] for r in rows[:2])
    mentor = person(browser, live_server, coach.email)
    panel = mentor.locator("main")
    expect(panel.get_by_role("heading", name="Mijn mentorleerlingen")).to_be_visible()
    visit(mentor)
    mentor.goto("/leerlingen/")
    visit(mentor)
    links = mentor.locator("main table a[href^='/leerlingen/']")
    expect(links).to_have_count(2)
    shown = {link.get_attribute("href") for link in links.all()}
    assert shown == {f"/leerlingen/{s.pk}/" for s in mine}


def test_a_coordinator_chooses_one_students_mentor_and_fills_in_the_school_profile(
    browser, live_server, transactional_world
):
    world = transactional_world
    coach = add_mentor(world, "carla.coach@school.test", "Carla", "Coach")
    pupil = make_student(world.school, "1030", first_name="Ilse", class_name="3H2", mentor=None)
    coordinator = person(browser, live_server, world.users["coordinator"].email)
    coordinator.goto(f"/leerlingen/{pupil.pk}/")
    visit(coordinator)
    coordinator.get_by_role("link", name="Mentor wijzigen").click()
    visit(coordinator)
    coordinator.get_by_label("Mentor:", exact=True).select_option(str(coach.pk))
    coordinator.get_by_role("button", name="Mentor opslaan").click()
    flash(coordinator, "Carla Coach is nu de mentor")
    visit(coordinator)

    coordinator.goto(f"/scholen/{world.school.pk}/")
    coordinator.get_by_role("link", name=re.compile("^Schoolprofiel")).click()
    visit(coordinator)
    coordinator.get_by_label("Contactpersoon").fill("Carla Coördinator")
    coordinator.get_by_label("Telefoon").fill("0575 123 456")
    coordinator.get_by_label("E-mail").fill("stage@school.test")
    location = world.school.locations.get()
    levels = coordinator.get_by_role("group", name=f"Niveaus op {location.name}")
    levels.get_by_label("vmbo").uncheck()
    coordinator.get_by_role("button", name="Profiel opslaan").click()
    flash(coordinator, "Het schoolprofiel is opgeslagen")
    visit(coordinator)
    location.refresh_from_db()
    assert "vmbo" not in location.levels

    mentor = person(browser, live_server, coach.email)
    mentor.goto("/leerlingen/")
    expect(mentor.locator("main table a[href^='/leerlingen/']")).to_have_count(1)
    expect(mentor.get_by_role("link", name=re.compile("Ilse"))).to_be_visible()
    visit(mentor)

    provider = person(browser, live_server, world.users["provider_contact"].email)
    provider.goto(f"/stages/{world.internship.pk}/")
    expect(provider.get_by_text("Carla Coördinator")).to_be_visible()
    expect(provider.get_by_role("link", name="0575 123 456")).to_have_attribute(
        "href", "tel:0575123456"
    )
    visit(provider)


def test_a_coordinator_deactivates_a_mentor_who_leaves(browser, live_server, transactional_world):
    world = transactional_world
    mentor = world.users["mentor"]
    coordinator = person(browser, live_server, world.users["coordinator"].email)
    coordinator.goto(f"/scholen/{world.school.pk}/")
    coordinator.get_by_role("link", name="Team: medewerkers uitnodigen, mentoren toewijzen").click()
    visit(coordinator)
    coordinator.get_by_role("button", name=f"Deactiveren: {mentor.get_full_name()}").click()
    flash(coordinator, f"{mentor.get_full_name()} werkt hier niet meer")
    visit(coordinator)
    expect(
        coordinator.get_by_role("button", name=f"Deactiveren: {mentor.get_full_name()}")
    ).to_have_count(0)
    mentor.refresh_from_db()
    assert not mentor.is_active
    world.student.refresh_from_db()
    assert world.student.mentor is None


def test_a_broker_changes_an_event_and_the_student_signed_up_is_told(
    browser, live_server, transactional_world
):
    world = transactional_world
    start = timezone.localtime() + datetime.timedelta(days=10)
    event = Event.objects.create(
        kind="market",
        title="Stagemarkt Zutphen",
        starts_at=start.replace(hour=14, minute=0, second=0, microsecond=0),
        ends_at=start.replace(hour=17, minute=0, second=0, microsecond=0),
        place="Sporthal De Mars",
        region=world.region,
        broker=world.broker,
        for_students=True,
    )
    event_services.event_sign_up(event=event, user=world.student.user)

    broker = person(browser, live_server, world.users["broker"].email)
    broker.goto(f"/evenementen/{event.pk}/")
    visit(broker)
    broker.get_by_role("link", name="Evenement wijzigen").click()
    visit(broker)
    broker.get_by_label("Plaats:", exact=True).fill("Stadhuis, raadzaal")
    broker.get_by_label("Titel").fill("Stagemarkt Zutphen 2")
    broker.get_by_role("button", name="Wijzigingen opslaan").click()
    flash(broker, "Het evenement is gewijzigd")
    expect(broker.get_by_text("Stadhuis, raadzaal")).to_be_visible()
    visit(broker)
    event.refresh_from_db()
    assert (event.place, event.title) == ("Stadhuis, raadzaal", "Stagemarkt Zutphen 2")

    student = person(browser, live_server, world.student.user.email)
    student.goto("/meldingen/")
    expect(student.get_by_text("Andere tijd of plaats")).to_be_visible()
    visit(student)
