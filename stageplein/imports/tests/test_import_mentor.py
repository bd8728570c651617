"""The student import's optional mentor column (by e-mail or staff code): the mentor's "my
students" then shows exactly those students; an unknown mentor is a clear row error."""

import pytest
from django.test import Client
from django.urls import reverse

from stageplein.accounts.models import Membership, Role
from stageplein.imports import fields as F
from stageplein.imports.parsing import parse_file
from stageplein.imports.sample import to_csv
from stageplein.imports.services import import_rows
from stageplein.students.models import Student
from tests.support.people import make_user

pytestmark = pytest.mark.django_db


def run(world, rows):
    parsed = parse_file(to_csv(rows))
    columns = F.suggest_columns(parsed.headers)
    return import_rows(school=world.school, parsed=parsed, columns=columns, invite=False)


@pytest.fixture
def coach(world):
    user = make_user("coach@school.test", "Carla", "Coach")
    Membership.objects.create(user=user, role=Role.MENTOR, school=world.school, staff_code="CCO")
    return user


def test_the_mentor_column_finds_mentors_by_e_mail_and_by_staff_code(world, rows, coach):
    rows[0]["Mentor"] = "Mentor@School.test"  # the world's mentor, in another case
    rows[1]["Mentor"] = "cco"
    rows[2]["Mentor"] = "coach@school.test"
    for row in rows[3:]:
        row["Mentor"] = ""
    result = run(world, rows)
    assert result.applied, result.errors
    by_number = {s.student_number: s for s in Student.objects.filter(school=world.school)}
    assert by_number[rows[0]["Stamnr"]].mentor == world.users["mentor"]
    assert {by_number[rows[1]["Stamnr"]].mentor, by_number[rows[2]["Stamnr"]].mentor} == {coach}
    assert by_number[rows[3]["Stamnr"]].mentor is None

    client = Client()
    client.force_login(coach)
    page = client.get(reverse("student_list")).content.decode()
    mine = Student.objects.filter(mentor=coach)
    assert mine.count() == 2
    for student in Student.objects.filter(school=world.school, left_on__isnull=True):
        link = f'href="{reverse("student_detail", args=[student.pk])}"'
        assert (link in page) == (student.mentor_id == coach.pk), student


def test_an_unknown_mentor_is_a_row_error_and_nothing_is_imported(world, rows, coach):
    for row in rows:
        row["Mentor"] = "CCO"
    rows[4]["Mentor"] = "nobody@school.test"
    result = run(world, rows)
    assert not result.applied
    assert [(line, number) for line, number, _msg in result.errors] == [(6, rows[4]["Stamnr"])]
    message = result.errors[0][2]
    assert "nobody@school.test" in message
    assert result.problem_kinds == {"mentor": 1}
    assert not Student.objects.filter(mentor=coach).exists()


def test_a_coordinator_or_another_schools_mentor_is_not_a_mentor_here(world, rows):
    rows[0]["Mentor"] = world.users["coordinator"].email
    rows[1]["Mentor"] = world.users["other_coordinator"].email
    result = run(world, rows[:2])
    assert {kind for row in result.rows for kind in row.kinds} == {"mentor"}
    assert len(result.errors) == 2


def test_an_empty_mentor_cell_keeps_the_mentor_and_a_new_one_is_an_update(world, rows, coach):
    rows[0]["Mentor"] = "CCO"
    assert run(world, rows).applied
    rows[0]["Mentor"] = ""
    again = run(world, rows)
    assert again.counts["unchanged"] == 12
    student = Student.objects.get(school=world.school, student_number=rows[0]["Stamnr"])
    assert student.mentor == coach
    rows[0]["Mentor"] = world.users["mentor"].email
    changed = run(world, rows)
    assert changed.counts["updated"] == 1
    assert changed.rows[0].changes == ["mentor_id"]
    student.refresh_from_db()
    assert student.mentor == world.users["mentor"]
