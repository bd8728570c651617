"""The import itself: idempotent, updates by school + student number, leavers marked, and all
or nothing."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from stageplein.accounts.models import User
from stageplein.imports import fields as F
from stageplein.imports.parsing import parse_file
from stageplein.imports.sample import to_csv
from stageplein.imports.services import import_rows
from stageplein.students.models import Guardianship, Student

pytestmark = pytest.mark.django_db


def run(world, rows, **kwargs):
    parsed = parse_file(to_csv(rows))
    columns = F.suggest_columns(parsed.headers)
    return import_rows(school=world.school, parsed=parsed, columns=columns, **kwargs)


def snapshot(school):
    return list(
        Student.objects.filter(school=school)
        .order_by("student_number")
        .values_list(
            "student_number",
            "user__first_name",
            "user__last_name",
            "user__email",
            "level",
            "year",
            "class_name",
            "date_of_birth",
            "home_postcode_id",
            "cohort",
            "left_on",
        )
    )


def test_first_import_adds_every_student_with_our_fields(world, rows):
    result = run(world, rows)
    assert result.applied, result.errors
    assert result.counts["new"] == 12
    s = Student.objects.get(school=world.school, student_number=rows[0]["Stamnr"])
    infix = rows[0]["Tussenv"]
    assert s.user.last_name == f"{infix} {rows[0]['Achternaam']}".strip()
    assert s.user.first_name == rows[0]["Roepnaam"]
    assert s.user.email == rows[0]["E-mail"]
    assert s.date_of_birth.strftime("%d-%m-%Y") == rows[0]["Geb.datum"]
    assert s.home_postcode_id == rows[0]["Postcode"][:4]  # only the four digits are kept
    assert (
        s.level
        == {"vmbo-kb": "vmbo", "havo": "havo", "atheneum": "vwo"}[rows[0]["Studie"].split(" ")[0]]
    )


def test_importing_the_same_file_twice_changes_nothing(
    world, rows, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(world, rows)
    before = snapshot(world.school)
    users_before = User.objects.count()
    links_before = Guardianship.objects.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = run(world, rows)
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 12, "returned": 0}
    assert again.leavers == []
    assert snapshot(world.school) == before
    assert User.objects.count() == users_before
    assert Guardianship.objects.count() == links_before
    assert mail.outbox == []  # nobody is invited twice


def test_newer_file_updates_adds_and_marks_leavers_without_deleting(world, rows):
    run(world, rows)
    gone = rows.pop(0)
    rows[0]["Klas"] = "3Z9"
    rows.append({**rows[1], "Stamnr": "399999", "E-mail": "", "E-mail ouder/verzorger": ""})
    result = run(world, rows)
    assert result.counts == {"new": 1, "updated": 1, "unchanged": 10, "returned": 0}
    left = Student.objects.get(school=world.school, student_number=gone["Stamnr"])
    assert left.left_on == timezone.localdate()
    assert Student.objects.get(student_number=rows[0]["Stamnr"]).class_name == "3Z9"
    newcomer = Student.objects.get(student_number="399999")
    assert newcomer.user.email is None  # students may come without an e-mail address


def test_world_students_missing_from_the_file_are_marked_as_left(world, rows):
    result = run(world, rows)
    assert sorted(result.leavers) == sorted([world.student.pk, world.classmate.pk])
    world.student.refresh_from_db()
    assert world.student.left_on is not None
    assert world.student.internships.exists()  # history stays
    world.other_student.refresh_from_db()
    assert world.other_student.left_on is None  # another school's student is untouched


def test_a_student_who_comes_back_is_no_longer_marked_as_left(world, rows):
    run(world, rows)
    run(world, rows[1:])
    result = run(world, rows)
    assert result.counts["returned"] == 1
    assert Student.objects.get(student_number=rows[0]["Stamnr"]).left_on is None


def test_one_bad_row_means_nothing_is_imported(world, rows):
    rows[5]["Studie"] = "brugklas"
    before = snapshot(world.school)
    result = run(world, rows)
    assert not result.applied
    assert [(line, number) for line, number, _m in result.errors] == [(7, rows[5]["Stamnr"])]
    assert "brugklas" in result.errors[0][2]
    assert snapshot(world.school) == before


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("Geb.datum", "31-02-2012", "datum"),
        ("Geb.datum", "01-01-1970", "past niet"),
        ("Postcode", "72011", "postcode"),
        ("Postcode", "0000 AA", "postcode"),
        ("Leerjaar", "9", "leerjaar"),
        ("E-mail", "geen-adres", "e-mailadres"),
        ("Roepnaam", "", "voornaam"),
        ("Stamnr", "", "leerlingnummer"),
    ],
)
def test_bad_cells_are_reported_per_row(world, rows, column, value, fragment):
    rows[2][column] = value
    result = run(world, rows, dry_run=True)
    assert [e[0] for e in result.errors] == [4]
    assert fragment in result.errors[0][2].lower()


def test_a_duplicate_student_number_is_reported_on_both_lines(world, rows):
    rows[7]["Stamnr"] = rows[3]["Stamnr"]
    result = run(world, rows)
    assert [e[0] for e in result.errors] == [5, 9]
    assert "regel 5" in result.errors[1][2]


def test_an_email_of_another_account_is_refused(world, rows):
    rows[0]["E-mail"] = world.users["coordinator"].email
    result = run(world, rows)
    assert not result.applied
    assert "ander account" in result.errors[0][2]


def test_new_students_and_parents_receive_a_one_time_sign_in_link(
    world, rows, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(world, rows[:2])
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [rows[0]["E-mail"], rows[1]["E-mail"]]
        + [rows[0]["E-mail ouder/verzorger"], rows[1]["E-mail ouder/verzorger"]]
    )
    assert "/inloggen/link/" in mail.outbox[0].body
    assert rows[0]["Roepnaam"] not in mail.outbox[0].body  # no personal data in the mail
    parent = User.objects.get(email=rows[0]["E-mail ouder/verzorger"])
    assert Guardianship.objects.filter(
        guardian=parent, student__student_number=rows[0]["Stamnr"]
    ).exists()


def test_siblings_share_one_parent_account(world, rows):
    rows[1]["E-mail ouder/verzorger"] = rows[0]["E-mail ouder/verzorger"]
    run(world, rows[:2])
    parent = User.objects.get(email=rows[0]["E-mail ouder/verzorger"])
    assert parent.guardianships.count() == 2


def test_dry_run_writes_nothing(world, rows):
    result = run(world, rows, dry_run=True)
    assert result.counts["new"] == 12 and not result.applied
    assert not Student.objects.filter(student_number=rows[0]["Stamnr"]).exists()


def test_cohort_follows_the_year_group_for_new_students(world, rows):
    run(world, rows)
    s = Student.objects.get(student_number=rows[0]["Stamnr"])
    from stageplein.core.schoolyear import current_school_year

    assert s.cohort == current_school_year() - (int(rows[0]["Leerjaar"]) - 1)
    assert (timezone.localdate() - s.date_of_birth) > datetime.timedelta(days=365 * 10)


def test_a_failed_import_tells_the_coordinator_in_words_not_in_code():
    from django.utils import translation

    from stageplein.imports.models import StudentImport

    with translation.override("en"):
        assert "Upload it again" in StudentImport(error="expired").error_message
        internal = StudentImport(error="internal: OperationalError('server closed')")
        assert "OperationalError" not in internal.error_message
        assert "our side" in internal.error_message
        assert StudentImport(error="The file is empty.").error_message == "The file is empty."
