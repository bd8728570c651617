"""Municipality officers and national viewers receive numbers, never a person (R-PLAN-3).

Every page such a person may open (taken from the access matrix, so a new page is checked
without anyone remembering to add it) and every table they may export, as CSV and as Excel,
is searched for the names, e-mail addresses, dates of birth, postcodes and student numbers of
the test world's students, parents and staff, plus a class of students with generated Dutch
names who have hours, internships and grades (so that they are in every figure)."""

import datetime
import io
import re

import pytest
from django.http import Http404
from django.test import Client
from faker import Faker

from stageplein.accounts.access import get_scope
from stageplein.accounts.models import User
from stageplein.core.schoolyear import current_school_year
from stageplein.exports.tables import registry
from stageplein.exports.writers import write_csv, write_xlsx
from stageplein.internships.models import StudentEvaluation
from stageplein.students.models import Guardianship, Student
from tests.support.people import make_student, make_user
from tests.support.progress import internship_with_hours, period_in, react, this_year
from tests.support.url_matrix import all_rows

pytestmark = pytest.mark.django_db
NUMBERS_ONLY = ("municipality", "national")


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture
def people(world):
    """A class of generated students (and their parents) who count in every figure."""
    fake = Faker("nl_NL")
    fake.seed_instance(6)
    period = period_in(world.placement, this_year())
    pc4s = ["7202", "7203", "7204", "7241", "7206"]
    for k in range(5):
        student = make_student(
            world.school,
            f"88{k:03d}",
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            class_name="3H9",
            year=3,
            pc4=pc4s[k],
            age=15,
        )
        parent = make_user(fake.email(), fake.first_name(), student.user.last_name)
        Guardianship.objects.create(student=student, guardian=parent)
        if k % 2:
            react(student, period)
        else:
            internship = internship_with_hours(student, world.provider, 10 * (k + 1))
            StudentEvaluation.objects.create(internship=internship, grade=6 + k)
    return world


def personal_data(viewer: User) -> list[re.Pattern]:
    """What must never appear: every other person's identifying details."""
    patterns = []
    for user in User.objects.exclude(pk=viewer.pk):
        full = user.get_full_name().strip()
        if full:
            patterns.append(re.compile(re.escape(full), re.IGNORECASE))
        if user.email:
            patterns.append(re.compile(re.escape(user.email), re.IGNORECASE))
    for s in Student.objects.all():
        born = s.date_of_birth
        for text in (
            born.isoformat(),
            born.strftime("%d-%m-%Y"),
            f"{born.day}-{born.month}-{born.year}",
        ):
            patterns.append(re.compile(re.escape(text)))
        patterns.append(re.compile(rf"(?<![\d.,]){s.home_postcode_id}(?![\d.,])"))
        patterns.append(re.compile(rf"(?<![\d.,]){s.student_number}(?![\d.,])"))
    return patterns


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def leaks(text: str, patterns: list[re.Pattern]) -> list[str]:
    return [p.pattern for p in patterns if p.search(text)]


def xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    cells = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, datetime.datetime | datetime.date):
                    cells.append(value.strftime("%Y-%m-%d"))
                elif value is not None:
                    cells.append(str(value))
    return "\n".join(cells)


@pytest.mark.parametrize("role", NUMBERS_ONLY)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_page_a_municipality_or_national_viewer_opens_shows_a_person(people, role, language):
    world = people
    viewer = world.users[role]
    client = Client()
    client.force_login(viewer)
    client.cookies["django_language"] = language
    patterns = personal_data(viewer)
    opened = []
    for name, row in sorted(all_rows().items()):
        if row.method != "GET" or row.expected(role) != 200:
            continue
        if row.expected("anonymous") == 200 and name != "home":
            continue  # public pages and secret links (a calendar feed): not the role's pages
        response = client.get(row.url(world), follow=True)
        assert response.status_code == 200, name
        found = leaks(body(response), patterns)
        assert found == [], f"{name} shows {found}"
        opened.append(name)
    # The pages this test is about were really opened.
    expected = {"home", f"dashboard_{role}", "funding_municipality"}
    assert expected <= set(opened), opened


@pytest.mark.parametrize("role", NUMBERS_ONLY)
def test_no_table_a_municipality_or_national_viewer_exports_holds_a_person(people, role):
    world = people
    viewer = world.users[role]
    scope = get_scope(viewer)
    patterns = personal_data(viewer)
    params = {
        "municipality": world.municipality.pk,
        "broker": str(world.broker.pk),
        "school": str(world.school.pk),
        "year": str(current_school_year()),
    }
    written = []
    for key, spec in sorted(registry().items()):
        if not spec.allowed(scope):
            continue
        for subject in ("municipality", "broker", None):
            p = {k: v for k, v in params.items() if subject is None or k in (subject, "year")}
            try:
                csv_text = write_csv(spec.build(scope, p)).decode("utf-8-sig")
                excel = xlsx_text(write_xlsx(spec.build(scope, p)))
            except Http404:
                continue
            assert leaks(csv_text, patterns) == [], f"{key} CSV ({subject})"
            assert leaks(excel, patterns) == [], f"{key} Excel ({subject})"
            written.append(key)
    assert {"funding_schools", "funding_providers"} <= set(written)
    if role == "municipality":
        assert {"municipality_status", "municipality_levels", "municipality_sectors"} <= set(
            written
        )
    else:
        assert {"national_regions", "national_pilots", "funding_regions"} <= set(written)


def test_the_check_finds_a_name_when_one_is_shown(people, client_as):
    """The negative control: the same search on a page that shows students by name."""
    world = people
    coordinator = world.users["coordinator"]
    page = client_as("coordinator").get(f"/overzicht/school/leerlingen/?school={world.school.pk}")
    assert leaks(page.content.decode(), personal_data(coordinator))
