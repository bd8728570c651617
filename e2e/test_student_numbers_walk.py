"""Issue 14, the student's walk on a 360 px phone: the hours, progress, remaining hours and
certificate a student sees agree with what the coordinator sees on the student's page, with
the broker's overview and queue (a student who is busy or done is in neither "without a
place" list) and with the coordinator's export of the school's students. Two students: Noor is
busy (12,5 hours that count, 4 more waiting for the supervisor), Daan reached the norm and got
his certificate the moment he did. Every page passes axe (in Dutch)."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page

from e2e.conftest import phone_for, visit_on_phone
from stageplein.applications.mas_state import StudentStatus
from stageplein.internships.models import HourEntry, Internship
from stageplein.internships.progress import progress_of
from stageplein.internships.services.certificates import certificate_issue_if_due
from tests.support.progress import internship_with_hours, student_at

pytestmark = pytest.mark.django_db(transaction=True)

HAVO3 = {"year": 3, "level": "havo", "class_name": "3H1"}


def visit(page: Page, path: str) -> str:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    visit_on_phone(page)
    assert page.js_errors == [], page.js_errors  # type: ignore[attr-defined]
    return page.inner_text("main")


def nl(number) -> str:
    """Hours as the Dutch pages write them: 12,5 or 30."""
    number = Decimal(number)
    if number == number.to_integral_value():
        return str(int(number))
    return str(number.normalize()).replace(".", ",")


@pytest.fixture
def two_students(transactional_world):
    world = transactional_world
    noor = student_at(world.school, "7101", first_name="Noor", last_name="Bezig", **HAVO3)
    running = internship_with_hours(noor, world.provider, "12.5", status=Internship.Status.ACTIVE)
    HourEntry.objects.create(
        internship=running, date=running.end_date, hours=Decimal(4), description="Nog niet gezien"
    )
    daan = student_at(world.school, "7102", first_name="Daan", last_name="Klaar", **HAVO3)
    norm = progress_of(daan).norm
    internship_with_hours(daan, world.provider, str(Decimal(norm) + Decimal("1.5")))
    certificate = certificate_issue_if_due(student=daan)
    assert certificate is not None
    return world, noor, daan, certificate


def school_export(world) -> dict[str, list[str]]:
    """The coordinator's export of the school's students, by student number."""
    client = Client()
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("export_start"),
        {
            "table": "school_students",
            "format": "csv",
            "title": "Export",
            "p_school": world.school.pk,
        },
    )
    assert response.status_code == 200
    rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    return {row[1]: row for row in rows}


def test_what_a_student_sees_agrees_with_the_school_the_broker_and_the_export(
    browser, live_server, two_students
):
    world, noor, daan, certificate = two_students
    noor_progress, daan_progress = progress_of(noor), progress_of(daan)
    assert (noor_progress.done, noor_progress.reached) == (Decimal("12.5"), False)
    assert daan_progress.reached and certificate.hours == daan_progress.done
    noor_line = f"{nl(noor_progress.done)} van {noor_progress.norm} uur"
    daan_line = f"{nl(daan_progress.done)} van {daan_progress.norm} uur"

    # Noor, busy: what she has, what she still needs, no certificate yet.
    page = phone_for(browser, live_server, noor.user.email)
    home = visit(page, reverse("home"))
    assert noor_line in home
    assert f"Je hebt nog {nl(noor_progress.remaining)} uur nodig." in home
    mine = visit(page, reverse("internship_list"))
    assert noor_line in mine and "Mijn certificaat downloaden" not in mine
    page.context.close()

    # Daan, done: the norm reached, nothing left to do, his certificate for the same hours.
    page = phone_for(browser, live_server, daan.user.email)
    home = visit(page, reverse("home"))
    assert daan_line in home and "norm gehaald" in home
    assert "Je hebt de norm gehaald" in home and "nog" not in home.split(daan_line)[1][:40]
    mine = visit(page, reverse("internship_list"))
    assert daan_line in mine
    assert f"voor {nl(certificate.hours)} uur" in mine
    assert "Mijn certificaat downloaden" in mine
    check = visit(page, reverse("certificate_verify", args=[certificate.code]))
    assert "Dit certificaat is geldig" in check and nl(certificate.hours) in check
    page.context.close()

    # The coordinator: the same figures on each student's page.
    page = phone_for(browser, live_server, world.users["coordinator"].email)
    noor_page = visit(page, reverse("student_detail", args=[noor.pk]))
    assert noor_line in noor_page and "Nog geen geldig certificaat" in noor_page
    daan_page = visit(page, reverse("student_detail", args=[daan.pk]))
    assert daan_line in daan_page and f"voor {nl(certificate.hours)} uur" in daan_page
    page.context.close()

    # The export says the same: state, hours that count, norm.
    rows = school_export(world)
    with translation.override("nl"):
        busy, done = str(StudentStatus.IN_PROGRESS.label), str(StudentStatus.DONE.label)
    assert rows["7101"][5] == busy and rows["7102"][5] == done
    assert Decimal(rows["7101"][6].replace(",", ".")) == Decimal("12.5")
    assert Decimal(rows["7102"][6].replace(",", ".")) == daan_progress.done
    assert int(rows["7101"][7]) == noor_progress.norm == int(rows["7102"][7])

    # The broker: neither is a student without a place, in the overview or the queue.
    page = phone_for(browser, live_server, world.users["broker"].email)
    for path in (reverse("dashboard_broker"), reverse("matching_queue")):
        text = visit(page, path)
        assert not re.search(r"Noor Bezig|Daan Klaar", text), path
    page.context.close()
