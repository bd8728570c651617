"""Exporting a dashboard table: at once when small, in the background with progress when
large; always in the requester's scope, and only for the requester to download."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from stageplein.exports.models import Export
from stageplein.exports.services import export_run, exports_forget
from tests.support.progress import student_at

pytestmark = pytest.mark.django_db


def post_export(client, table: str, fmt: str = "xlsx", **params):
    data = {"table": table, "format": fmt, "title": "Export"}
    data.update({f"p_{k}": v for k, v in params.items()})
    return client.post(reverse("export_start"), data)


def sheet_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def names_in(content: bytes) -> set[str]:
    return {row[0] for row in sheet_rows(content)[1:]}


def test_a_small_table_downloads_at_once_as_excel_or_csv(client_as, world):
    client = client_as("coordinator")
    response = post_export(client, "school_classes", school=world.school.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="leerlingen-per-klas')
    assert "no-store" in response["Cache-Control"]
    rows = sheet_rows(response.content)
    assert rows[0][:2] == ["Klas", "Leerlingen"]  # the Dutch interface, Dutch headers
    assert rows[1][:2] == ["2H1", 2]
    csv = post_export(client, "school_classes", "csv", school=world.school.pk)
    assert csv.content.startswith(b"\xef\xbb\xbf")
    assert b";" in csv.content.splitlines()[0]


def test_an_export_of_one_school_holds_none_of_another_schools_students(client_as, world):
    ours = post_export(client_as("coordinator"), "school_students", school=world.school.pk)
    names = names_in(ours.content)
    assert world.student.user.get_full_name() in names
    assert world.other_student.user.get_full_name() not in names
    theirs = post_export(
        client_as("other_coordinator"), "school_students", school=world.other_school.pk
    )
    assert names_in(theirs.content) == {world.other_student.user.get_full_name()}
    # Asking for the other school's list with its number: not found, nothing written.
    refused = post_export(client_as("other_coordinator"), "school_students", school=world.school.pk)
    assert refused.status_code == 404


def test_a_role_without_the_table_is_refused(client_as, world):
    assert (
        post_export(client_as("mentor"), "school_classes", school=world.school.pk).status_code
        == 403
    )
    assert post_export(client_as("coordinator"), "no_such_table").status_code == 404
    assert post_export(client_as("coordinator"), "school_classes", "pdf").status_code == 404


@pytest.fixture
def large(settings, world):
    settings.EXPORT_INLINE_MAX_ROWS = 2
    for k in range(3):
        student_at(world.school, f"90{k}")
    return world


def test_a_large_export_runs_in_the_background_and_offers_the_file_when_ready(
    client_as, large, django_capture_on_commit_callbacks
):
    world = large
    client = client_as("coordinator")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = post_export(client, "school_students", school=world.school.pk)
    export = Export.objects.filter(table="school_students").get()
    assert response.url == reverse("export_detail", args=[export.pk])
    assert (export.status, export.rows_total) == (Export.Status.QUEUED, 5)
    # While it waits the page polls itself for the progress.
    waiting = client.get(response.url).content.decode()
    assert "<progress" in waiting and 'hx-trigger="every 1s"' in waiting
    assert reverse("export_download", args=[export.pk]) not in waiting

    for callback in queued:  # the worker takes the task
        callback()
    export.refresh_from_db()
    assert (export.status, export.rows_done) == (Export.Status.DONE, 5)
    ready = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in ready  # done: the polling stops
    assert reverse("export_download", args=[export.pk]) in ready
    download = client.get(reverse("export_download", args=[export.pk]))
    assert download.status_code == 200
    assert world.classmate.user.get_full_name() in names_in(download.content)
    assert world.other_student.user.get_full_name() not in names_in(download.content)


def test_only_the_person_who_asked_can_download_the_file(
    client_as, large, django_capture_on_commit_callbacks
):
    world = large
    with django_capture_on_commit_callbacks(execute=True):
        post_export(client_as("coordinator"), "school_students", "csv", school=world.school.pk)
    export = Export.objects.filter(table="school_students").get()
    url = reverse("export_download", args=[export.pk])
    assert client_as("coordinator").get(url).status_code == 200
    for role in ("other_coordinator", "mentor", "admin", "broker"):
        assert client_as(role).get(url).status_code == 404, role
    assert "media" not in url


def test_the_file_is_built_again_in_the_requesters_scope_when_the_worker_writes_it(
    client_as, large, django_capture_on_commit_callbacks
):
    """A coordinator who lost the school between asking and writing gets nothing of it."""
    world = large
    with django_capture_on_commit_callbacks(execute=False) as queued:
        post_export(client_as("coordinator"), "school_students", school=world.school.pk)
    world.users["coordinator"].memberships.all().delete()
    for callback in queued:
        callback()  # the task fails (visible in the admin's task results)
    assert Export.objects.filter(table="school_students").get().status == Export.Status.FAILED
    assert Export.objects.filter(table="school_students").get().content is None


def test_an_export_is_written_once_however_often_the_task_runs(
    client_as, large, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_export(client_as("coordinator"), "school_students", school=large.school.pk)
    export = Export.objects.filter(table="school_students").get()
    assert export_run(export_id=export.pk) is None


def test_exports_are_deleted_after_a_week(world):
    old = Export.objects.create(
        requested_by=world.users["coordinator"], table="school_classes", format="csv", title="x"
    )
    Export.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    recent = world.export
    assert exports_forget() == 1
    assert list(Export.objects.all()) == [recent]


def test_my_exports_lists_only_my_own(client_as, world):
    mine = client_as("coordinator").get(reverse("export_list")).content.decode()
    assert "Leerlingen per klas" in mine
    theirs = client_as("broker").get(reverse("export_list")).content.decode()
    assert "Leerlingen per klas" not in theirs
