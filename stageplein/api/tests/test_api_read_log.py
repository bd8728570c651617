"""Every API answer that hands a student's data to someone else is in the read log (R-PRIV-1,
issue 13), like every page (students/tests/test_read_log_sweep.py).

The walk takes every URL of the API (stageplein/api/urls.py), so a new endpoint is checked
without anyone remembering to add it: it must be walked (a row in url_matrix.py) or named in
NOT_WALKED with its reason. Each GET is asked by every kind of caller: a system of each kind of
organisation and a personal access token of every role but the student. When the answer names
one of the world's students (a ``student`` id, a student number, a name) the read log must
have gained exactly one entry for that student, of kind "via API", under the caller's name.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from stageplein.api import urls as api_urls
from stageplein.api.tests.url_matrix import ROWS
from stageplein.students.models import ReadLogEntry, Student

pytestmark = pytest.mark.django_db

# Endpoints the walk does not ask with GET, each with why; the writes that answer with a
# student are checked one by one below.
NOT_WALKED = {
    "api_oauth_token": "hands out tokens, no data",
    "api_students_bulk": "a write; answers with counts only",
    "api_student_leave": "a write; answers with the student (test below)",
    "api_hour_entries": "a write; answers with the hour entry (test below)",
    "api_webhooks": "the caller's own subscriptions: URLs and event kinds",
    "api_webhook": "the caller's own subscription",
    "api_webhook_deliveries": "delivery attempts: event id, status code, the receiver's answer",
    "api_webhook_test": "a write; sends a test event without personal data",
    "api_webhook_replay": "a write; re-sends a delivery",
}
# Asked, but not a read by someone of the student's data.
NOT_READS = {
    # Public, by the certificate's code that its holder hands out (as the web page).
    "api_certificate",
}
SYSTEMS = ("school", "other_school", "broker", "municipality")


def walked_rows() -> dict[str, Any]:
    names = {p.name for p in api_urls.urlpatterns if isinstance(p, URLPattern) and p.name}
    assert names - ROWS.keys() - NOT_WALKED.keys() == set(), (
        "an endpoint is neither walked nor listed"
    )
    assert NOT_WALKED.keys() <= names, "a listed endpoint no longer exists"
    return {n: ROWS[n] for n in sorted(names - NOT_WALKED.keys() - NOT_READS)}


def dicts(data: Any):
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from dicts(value)
    elif isinstance(data, list):
        for value in data:
            yield from dicts(value)


def named(data: Any, text: str, student: Student) -> bool:
    """The answer holds this student: their id as ``student``, their number (at their
    school), their name, or the student itself (a dict with their number and id)."""
    user = student.user
    if user.get_full_name() in text:
        return True
    for d in dicts(data):
        if d.get("student") == student.pk:
            return True
        if d.get("student_number") == student.student_number and d.get("school") in (
            student.school.brin,
            None,
        ):
            return True
        if (d.get("first_name"), d.get("last_name")) == (user.first_name, user.last_name):
            return True
    return False


def test_every_api_answer_naming_a_student_logs_one_read_per_student(world, system, personal):
    students = [world.student, world.classmate, world.other_student]
    callers = {f"system {o}": system(o) for o in SYSTEMS}
    callers |= {f"token {r}": personal(r) for r in world.ROLES if r != "student"}
    missing, checked, named_count = [], 0, 0
    for name, row in walked_rows().items():
        if row.method != "GET":
            continue
        url = row.url(world)
        for who, client in callers.items():
            before = {s.pk: s.read_log.count() for s in students}
            response = client.get(url)
            if response.status_code != 200:
                continue
            checked += 1
            text = response.content.decode()
            data = json.loads(text) if "json" in response["Content-Type"] else {}
            for student in students:
                new = list(student.read_log.order_by("pk")[before[student.pk] :])
                if not named(data, text, student):
                    continue
                named_count += 1
                if len(new) != 1:
                    missing.append(f"{name} by {who}: names {student}, {len(new)} log entries")
                elif (new[0].kind, new[0].what) != (ReadLogEntry.Kind.API, url):
                    missing.append(f"{name} by {who}: logged as {new[0].kind} {new[0].what}")
    assert checked > 40 and named_count > 20, (checked, named_count)
    assert missing == [], "\n".join(missing)


def test_a_system_is_logged_under_its_name_and_a_token_as_its_owner(world, system, personal):
    url = reverse("api_student", args=[world.student.pk])
    assert system("school").get(url).status_code == 200
    assert personal("mentor").get(url).status_code == 200
    by_system, by_token = world.student.read_log.order_by("pk")
    assert (by_system.reader, by_system.reader_name) == (None, "school system")
    assert (by_system.role, by_system.kind) == ("coordinator", "api")
    assert by_token.reader == world.users["mentor"]
    assert (by_token.role, by_token.kind) == ("mentor", "api")


def test_the_student_reading_their_own_data_is_not_logged(world, personal):
    response = personal("student").get(reverse("api_internship", args=[world.internship.pk]))
    assert response.status_code == 200
    assert not world.student.read_log.exists()


def test_a_list_is_logged_with_one_insert_whatever_its_size(world, system):
    client = system("school")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("api_students"))
    assert response.status_code == 200
    returned = {row["id"] for row in response.json()["results"]}
    assert len(returned) >= 2
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "students_readlogentry"')]
    assert len(inserts) == 1
    logged = ReadLogEntry.objects.filter(kind="api").values_list("student_id", flat=True)
    assert sorted(logged) == sorted(returned)


def test_an_unchanged_list_answered_304_is_not_logged_again(world, system):
    client = system("school")
    first = client.get(reverse("api_students"))
    count = ReadLogEntry.objects.count()
    again = client.get(reverse("api_students"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert ReadLogEntry.objects.count() == count


def test_writes_that_answer_with_a_student_are_logged(world, system):
    client = system("school")
    response = client.post(reverse("api_student_leave", args=[world.student.pk]), {}, format="json")
    assert response.status_code == 200, response.content
    entry = world.student.read_log.get()
    assert (entry.kind, entry.reader_name) == ("api", "school system")


def test_the_read_log_page_shows_reads_via_the_api(world, system, client_as):
    system("school").get(reverse("api_student", args=[world.student.pk]))
    page = client_as("coordinator").get(reverse("student_read_log", args=[world.student.pk]))
    text = page.content.decode()
    assert "school system" in text
    assert "via de API" in text  # Dutch is the default language
