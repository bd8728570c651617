"""Issue 13's privacy pages in the browser, on a 360 px phone with axe (WCAG 2.x AA): a parent
gives and withdraws consent; the student downloads their data and asks for a correction; the
coordinator answers it; the student reads who read their data (also in English); the nightly
retention anonymises a student who left and the school's overview keeps its totals."""

import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.utils import timezone

from e2e.conftest import open_menu, phone_for, visit_on_phone
from stageplein.students.models import Consent, PrivacyRequest, Student

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_parent_gives_and_withdraws_photo_consent(browser, live_server, transactional_world):
    world = transactional_world
    page = phone_for(browser, live_server, world.users["parent"].email, block_tiles=False)
    # From the parent's home page, next to the child.
    page.get_by_role("link", name="Toestemming voor Sam").click()
    page.get_by_role("heading", name="Toestemming", level=1).wait_for()
    visit_on_phone(page)
    photos = page.locator("section", has=page.get_by_role("heading", name="Foto's in het logboek"))
    assert "niet gegeven" in photos.inner_text()
    photos.get_by_role("button", name="Ik geef toestemming").click()
    page.get_by_text("Je toestemming is vastgelegd.").wait_for()
    visit_on_phone(page)
    photos = page.locator("section", has=page.get_by_role("heading", name="Foto's in het logboek"))
    assert "door Olga de Vries" in photos.inner_text()
    assert Consent.objects.get(student=world.student, purpose="photos").in_force

    photos.get_by_role("button", name="Toestemming intrekken").click()
    page.get_by_text("Je toestemming is ingetrokken.").wait_for()
    photos = page.locator("section", has=page.get_by_role("heading", name="Foto's in het logboek"))
    photos.get_by_text("Geschiedenis").click()
    assert "ingetrokken door Olga de Vries" in photos.inner_text()
    visit_on_phone(page)
    assert page.js_errors == []  # type: ignore[attr-defined]


def test_the_student_downloads_their_data_and_asks_for_a_correction_the_coordinator_answers(
    browser, live_server, transactional_world
):
    world = transactional_world
    student = phone_for(browser, live_server, world.users["student"].email, block_tiles=False)
    student.goto(f"/leerlingen/{world.student.pk}/")
    visit_on_phone(student)
    with student.expect_download() as info:
        student.get_by_role("link", name=re.compile("Download alles")).click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert "profile.json" in archive.namelist()
    contract = f"documents/contract-{world.internship.pk}-v{world.contract.version}.pdf"
    assert archive.read(contract).startswith(b"%PDF")

    student.get_by_role("link", name="Vraag om gegevens te verbeteren of te verwijderen").click()
    student.get_by_role("heading", level=1, name=re.compile("verbeteren")).wait_for()
    visit_on_phone(student)
    student.get_by_label("gegevens verbeteren").check()
    student.get_by_label("Welke gegevens, en wat moet er veranderen?").fill(
        "Mijn klas is 2H2, niet 2H1."
    )
    student.get_by_role("button", name="Verzoek versturen").click()
    student.get_by_text("Je verzoek is naar de school gestuurd.").wait_for()
    assert "Mijn klas is 2H2" in student.inner_text("main")
    visit_on_phone(student)

    coordinator = phone_for(
        browser, live_server, world.users["coordinator"].email, block_tiles=False
    )
    coordinator.goto("/leerlingen/")
    coordinator.get_by_role("link", name="Verzoeken over gegevens").click()
    visit_on_phone(coordinator)
    coordinator.get_by_role("link", name="Sam de Vries").click()
    coordinator.get_by_role("heading", level=2, name="Het verzoek beantwoorden").wait_for()
    visit_on_phone(coordinator)
    coordinator.get_by_label("afgehandeld: de gegevens zijn verbeterd of verwijderd").check()
    coordinator.get_by_label("Antwoord aan de aanvrager").fill("De klas is aangepast.")
    coordinator.get_by_role("button", name="Antwoord vastleggen").click()
    coordinator.get_by_text("Het antwoord is vastgelegd en verstuurd.").wait_for()
    visit_on_phone(coordinator)
    assert PrivacyRequest.objects.get().status == "done"

    student.reload()
    assert "De klas is aangepast." in student.inner_text("main")
    assert student.js_errors == [] and coordinator.js_errors == []  # type: ignore[attr-defined]


def test_the_student_reads_who_read_their_data_in_dutch_and_english(
    browser, live_server, transactional_world
):
    world = transactional_world
    mentor = phone_for(browser, live_server, world.users["mentor"].email, block_tiles=False)
    mentor.goto(f"/leerlingen/{world.student.pk}/")  # a read by someone else

    student = phone_for(browser, live_server, world.users["student"].email, block_tiles=False)
    student.goto(f"/leerlingen/{world.student.pk}/")
    student.get_by_role("link", name="Wie de gegevens van deze leerling heeft bekeken").click()
    log = student.get_by_role("region", name="Inzagelog")
    assert "Mehmet Mentor" in log.inner_text() and "mentor" in log.inner_text()
    visit_on_phone(student)

    open_menu(student)
    student.get_by_role("button", name="English").click()
    student.get_by_role("heading", name="Who read this student's data").wait_for()
    assert "Mehmet Mentor" in student.get_by_role("region", name="Read log").inner_text()
    visit_on_phone(student)
    student.goto(f"/leerlingen/{world.student.pk}/toestemming/")
    student.get_by_role("heading", name="Consent", level=1).wait_for()
    assert "a parent or guardian gives or withdraws consent" in student.inner_text("main")
    visit_on_phone(student)


def test_retention_anonymises_a_student_who_left_and_the_overview_keeps_its_totals(
    browser, live_server, transactional_world, settings
):
    from stageplein.reminders.retention import retention_run

    settings.DASHBOARD_CACHE_SECONDS = 0
    world = transactional_world
    Student.objects.filter(pk=world.classmate.pk).update(
        left_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    coordinator = phone_for(
        browser, live_server, world.users["coordinator"].email, block_tiles=False
    )
    coordinator.goto("/overzicht/school/")
    coordinator.get_by_role("heading", name="Schooloverzicht", level=1).wait_for()
    before = coordinator.inner_text("main")

    assert retention_run()["students who left (anonymised)"] == 1

    coordinator.reload()
    coordinator.get_by_role("heading", name="Schooloverzicht", level=1).wait_for()
    assert coordinator.inner_text("main") == before
    visit_on_phone(coordinator)
    world.classmate.user.refresh_from_db()
    assert world.classmate.user.first_name == "" and world.classmate.user.email is None
