"""Every page that shows a student's data to someone else is in the read log (R-PRIV-1).

The pages come from the role × URL matrix, so a new page is checked without anyone
remembering to add it: each page every role but the student may open (200) is requested, and
when it shows one of the world's students the read log must have gained an entry for that
student. Two rules:

- a page about one student (its URL names the student or one of their records: a reaction,
  a proposal, a mediation request, an internship...) that shows the student's name is logged;
- a page that shows what only a student's own pages hold (date of birth, guidance needs,
  hobbies, motivation, hour descriptions, logbook, concerns) is logged, whatever kind it is.

Lists that show many students' names, class and status are not logged row by row (LISTS
below, each with its reason): the detail pages they link to and every export of them are.
"""

import pytest
from django.test import Client

from stageplein.students.models import ReadLogEntry, Student
from tests.support.url_matrix import ROLES, all_rows

pytestmark = pytest.mark.django_db

# Lists: names, class and status of many students, each linking to pages that are logged;
# exports of them are logged per student (exports/tests/test_export_read_log.py).
LISTS = {
    "application_create_for_student",  # the school's students to react for, name and class
    "application_list",
    "class_signin_screen",  # the names to pick from on the classroom screen
    "dashboard_school",
    "dashboard_students",
    "dashboard_unplaced",
    "funding_students",
    "group_detail",  # the participants of a group activity
    "home",  # a mentor's mentees
    "internship_list",
    "matching_queue",  # the unplaced students: name, class, window, days waiting
    "matching_run_detail",  # the round's proposals, one line a student
    "mediation_create",  # the students the school may ask for
    "mediation_list",
    "own_placement_list",
    "privacy_request_list",
    "student_list",
}
# Not a read of the student's data by a signed-in person.
NOT_READS = {
    "student_read_log",  # shows who looked, not the student's data; opening it is not logged
    "certificate_verify",  # public, by the certificate's code that its holder hands out
    "api_certificate",  # the same check through the API
    "calendar_feed",  # the student's own private calendar link, for their calendar app
}
# What only a student's own pages show.
SECRETS = ("Houdt van paardrijden-7731", "Extra uitleg nodig-5519")


def names(student: Student) -> tuple[str, ...]:
    user = student.user
    return (user.get_full_name(), f"{user.last_name}, {user.first_name}")


def secrets_of(world, student: Student) -> tuple[str, ...]:
    if student.pk != world.student.pk:
        return ()
    return (
        *SECRETS,
        student.date_of_birth.strftime("%d-%m-%Y"),
        world.application.motivation,
        "Geholpen bij de activiteitenmiddag",  # hour descriptions
        world.logbook_entry.text,
        world.concern.note,
    )


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_every_page_showing_a_student_to_someone_else_logs_the_read(world):
    hobbies, needs = SECRETS
    Student.objects.filter(pk=world.student.pk).update(hobbies=hobbies, guidance_needs=needs)
    students = [world.student, world.classmate, world.other_student]
    rows = all_rows()
    assert rows.keys() >= LISTS | NOT_READS, "a listed page no longer exists"
    missing, checked = [], 0
    for name, row in sorted(rows.items()):
        if row.method != "GET" or name in NOT_READS:
            continue
        for role in ROLES:
            if role in ("anonymous", "student") or row.expect.get(role, row.default) != 200:
                continue
            client = Client()
            client.force_login(world.users[role])
            before = {s.pk: ReadLogEntry.objects.filter(student=s).count() for s in students}
            response = client.get(row.url(world), row.data(world) if row.data else {})
            if response.status_code != 200:
                continue
            text = body(response)
            checked += 1
            for student in students:
                logged = ReadLogEntry.objects.filter(student=student).count() > before[student.pk]
                shown_secret = [s for s in secrets_of(world, student) if s in text]
                named = any(n in text for n in names(student))
                if logged:
                    continue
                if shown_secret:
                    missing.append(f"{name} as {role}: shows {shown_secret[0]!r}, not logged")
                elif named and name not in LISTS:
                    missing.append(f"{name} as {role}: names {student}, not logged")
    assert checked > 100
    assert missing == [], "\n".join(missing)


def test_a_read_log_entry_names_the_reader_the_role_and_the_page(client_as, world):
    from django.urls import reverse

    url = reverse("application_detail", args=[world.application.pk])
    client_as("provider_contact").get(url)
    entry = ReadLogEntry.objects.get(student=world.student)
    assert entry.reader == world.users["provider_contact"]
    assert (entry.role, entry.what) == ("provider_contact", url)
