"""R-PRIV-1: a file that names students (xlsx, csv) is in each named student's read log, as an
export by the person who got it; the student sees it on their read-log page."""

import pytest
from django.urls import reverse

from stageplein.students.models import ReadLogEntry
from tests.support.progress import student_at

pytestmark = pytest.mark.django_db


def post_export(client, table: str, fmt: str = "xlsx", **params):
    data = {"table": table, "format": fmt, "title": "Export"}
    data.update({f"p_{k}": v for k, v in params.items()})
    return client.post(reverse("export_start"), data)


def exports_of(student):
    return list(ReadLogEntry.objects.filter(student=student, kind=ReadLogEntry.Kind.EXPORT))


def test_an_export_of_a_student_list_is_in_each_students_read_log(client_as, world):
    response = post_export(
        client_as("coordinator"), "school_students", "csv", school=world.school.pk
    )
    assert response.status_code == 200
    for student in (world.student, world.classmate):
        [entry] = exports_of(student)
        assert entry.reader == world.users["coordinator"]
        assert (entry.role, entry.kind) == ("coordinator", "export")
        assert entry.what.endswith("(csv)")
    assert not exports_of(world.other_student)  # another school's student is not in the file

    page = client_as("student").get(reverse("student_read_log", args=[world.student.pk]))
    text = page.content.decode()
    assert world.users["coordinator"].get_full_name() in text
    assert "(csv)" in text


def test_a_background_export_is_logged_when_written(
    client_as, world, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 1
    extra = student_at(world.school, "9301")
    with django_capture_on_commit_callbacks(execute=True):
        post_export(client_as("coordinator"), "school_students", school=world.school.pk)
    assert [e.what for e in exports_of(extra)] == [exports_of(world.student)[0].what]
    assert exports_of(extra)[0].what.endswith("(xlsx)")


def test_an_export_of_counts_per_class_names_nobody_and_logs_nothing(client_as, world):
    post_export(client_as("coordinator"), "school_classes", school=world.school.pk)
    assert not ReadLogEntry.objects.filter(kind=ReadLogEntry.Kind.EXPORT).exists()


def test_the_broker_list_of_students_without_a_place_is_logged_as_broker(client_as, world):
    post_export(client_as("broker"), "broker_unplaced", "csv")
    logged = ReadLogEntry.objects.filter(kind=ReadLogEntry.Kind.EXPORT)
    assert logged.exists()
    assert set(logged.values_list("role", flat=True)) == {"broker"}
