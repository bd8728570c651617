"""Issue 7's done-when: a coordinator uploads a Magister-style CSV with some bad rows, maps the
headers, sees the errors, fixes the file and imports; uploading the same file again changes
nothing. Every page passes axe."""

import re

import pytest

from e2e.conftest import assert_accessible, sign_in
from stageplein.core.schoolyear import current_school_year
from stageplein.imports.sample import magister_rows, to_csv
from stageplein.students.models import Student
from tests.support.people import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def school_file(rows) -> bytes:
    # The school's system calls the student number "Leerlingcode": the coordinator maps it.
    return to_csv(
        [{("Leerlingcode" if k == "Stamnr" else k): v for k, v in r.items()} for r in rows]
    )


def upload(page, content: bytes) -> None:
    page.goto("/import/")
    page.get_by_role("heading", name="Leerlingen importeren").wait_for()
    assert_accessible(page)
    page.get_by_label("Leerlingenlijst (CSV of Excel)").set_input_files(
        files=[{"name": "magister.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Uploaden en kolommen kiezen").click()
    page.get_by_role("heading", name="Kies de kolommen").wait_for()
    assert_accessible(page)


def snapshot(school):
    return list(
        Student.objects.filter(school=school)
        .order_by("student_number")
        .values_list("student_number", "user__first_name", "class_name", "level", "left_on")
    )


def test_coordinator_maps_sees_errors_fixes_and_imports_and_reimport_changes_nothing(
    page, transactional_world
):
    world = transactional_world
    rows = magister_rows(12, school_year=current_school_year())
    good = [dict(r) for r in rows]
    rows[3]["Studie"] = "brugklas"
    rows[6]["Geb.datum"] = "31-02-2012"
    rows[9]["Stamnr"] = rows[8]["Stamnr"]

    sign_in(page, world.users["coordinator"].email, PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    upload(page, school_file(rows))
    field = page.get_by_label("Leerlingnummer (stamnummer)")
    assert field.input_value() == ""  # an unknown header: the coordinator chooses
    field.select_option("Leerlingcode")
    page.get_by_role("button", name="Regels controleren").click()

    page.get_by_role("heading", name="Controleer voor het importeren").wait_for()
    assert_accessible(page)
    # Problems are grouped by kind, one table each.
    problems = "\n".join(page.locator("section[aria-labelledby^='problems-']").all_inner_texts())
    assert "brugklas" in problems and "31-02-2012" in problems and "regel 10" in problems
    assert page.get_by_role("button", name="Importeren").count() == 0
    assert snapshot(world.school) == [
        (s.student_number, s.user.first_name, s.class_name, s.level, None)
        for s in (world.student, world.classmate)
    ]

    page.get_by_role("link", name="Verbeterd bestand uploaden").click()
    upload(page, school_file(good))
    # The mapping is remembered for this school.
    assert page.get_by_label("Leerlingnummer (stamnummer)").input_value() == "Leerlingcode"
    page.get_by_role("button", name="Regels controleren").click()
    page.get_by_text("Geen problemen gevonden.").wait_for()
    assert page.locator('[data-count="new"]').inner_text() == "12"
    assert page.locator('[data-count="left"]').inner_text() == "2"  # the world's two students
    assert_accessible(page)
    # Both current students would leave (over 10 % of the school): confirmed explicitly.
    page.get_by_label(re.compile("2 leerlingen zijn van school")).check()
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("geïmporteerd", exact=True).wait_for()
    assert_accessible(page)
    assert Student.objects.filter(school=world.school, left_on__isnull=True).count() == 12
    after_first = snapshot(world.school)

    upload(page, school_file(good))
    page.get_by_role("button", name="Regels controleren").click()
    page.get_by_text("Geen problemen gevonden.").wait_for()
    assert page.locator('[data-count="new"]').inner_text() == "0"
    assert page.locator('[data-count="unchanged"]').inner_text() == "12"
    assert page.locator('[data-count="left"]').inner_text() == "0"
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("geïmporteerd", exact=True).wait_for()
    assert snapshot(world.school) == after_first
    assert page.console_errors == []
