"""The coordinator's web flow: upload, map columns, preview with problems, confirm, result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stageplein.imports.models import ImportMapping, StudentImport
from stageplein.imports.sample import to_csv
from stageplein.students.models import Student

pytestmark = pytest.mark.django_db


def upload(client, world, content, name="magister.csv"):
    return client.post(
        reverse("import_start"),
        {"school": world.school.pk, "file": SimpleUploadedFile(name, content)},
    )


def columns_post(student_import):
    return dict(student_import.columns)


def test_coordinator_uploads_maps_previews_and_imports(
    client_as, world, rows, django_capture_on_commit_callbacks
):
    client = client_as("coordinator")
    response = upload(client, world, to_csv(rows))
    imp = StudentImport.objects.get(school=world.school, filename="magister.csv")
    assert response.url == reverse("import_mapping", args=[imp.pk])
    page = client.get(response.url).content.decode()
    assert "Stamnr" in page and rows[0]["Stamnr"] in page  # headers with an example row
    response = client.post(reverse("import_mapping", args=[imp.pk]), columns_post(imp))
    assert response.url == reverse("import_preview", args=[imp.pk])
    page = client.get(response.url).content.decode()
    assert 'data-count="new">12<' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("import_preview", args=[imp.pk]), {"send_invitations": "on"})
    assert response.url == reverse("import_detail", args=[imp.pk])
    imp.refresh_from_db()
    assert imp.status == StudentImport.Status.DONE
    assert imp.content is None  # the uploaded file is not kept after the import
    assert Student.objects.filter(school=world.school, left_on__isnull=True).count() == 12
    assert 'data-count="new">12<' in client.get(response.url).content.decode()


def test_the_mapping_is_remembered_for_the_next_file(client_as, world, rows):
    client = client_as("coordinator")
    renamed = [{("Leerlingcode" if k == "Stamnr" else k): v for k, v in r.items()} for r in rows]
    upload(client, world, to_csv(renamed))
    imp = StudentImport.objects.latest("created_at")
    assert imp.columns["student_number"] == ""  # unknown header: the coordinator chooses
    client.post(
        reverse("import_mapping", args=[imp.pk]),
        {**columns_post(imp), "student_number": "Leerlingcode"},
    )
    assert ImportMapping.objects.get(school=world.school).columns["student_number"] == (
        "Leerlingcode"
    )
    upload(client, world, to_csv(renamed))
    assert StudentImport.objects.latest("created_at").columns["student_number"] == "Leerlingcode"


def test_rows_with_problems_block_the_import_and_are_listed(client_as, world, rows):
    rows[1]["Studie"] = "brugklas"
    rows[4]["Postcode"] = "12345"
    client = client_as("coordinator")
    upload(client, world, to_csv(rows))
    imp = StudentImport.objects.latest("created_at")
    client.post(reverse("import_mapping", args=[imp.pk]), columns_post(imp))
    page = client.get(reverse("import_preview", args=[imp.pk])).content.decode()
    assert "brugklas" in page and "12345" in page
    assert 'name="send_invitations"' not in page  # no confirm button
    client.post(reverse("import_preview", args=[imp.pk]), {"send_invitations": "on"})
    imp.refresh_from_db()
    assert imp.status == StudentImport.Status.CHECKED
    assert not Student.objects.filter(student_number=rows[0]["Stamnr"]).exists()


def test_an_unreadable_file_is_refused_at_upload(client_as, world):
    response = upload(client_as("coordinator"), world, b"")
    assert response.status_code == 200
    assert not StudentImport.objects.filter(filename="magister.csv").exists()


def test_a_missing_required_column_is_explained(client_as, world, rows):
    client = client_as("coordinator")
    upload(client, world, to_csv(rows))
    imp = StudentImport.objects.latest("created_at")
    response = client.post(
        reverse("import_mapping", args=[imp.pk]), {**columns_post(imp), "level": ""}
    )
    assert response.status_code == 200
    imp.refresh_from_db()
    assert imp.status == StudentImport.Status.UPLOADED


def test_a_coordinator_cannot_upload_for_another_school(client_as, world, rows):
    response = client_as("other_coordinator").post(
        reverse("import_start"),
        {"school": world.school.pk, "file": SimpleUploadedFile("x.csv", to_csv(rows))},
    )
    assert response.status_code == 200  # the form refuses the school it does not offer
    assert not StudentImport.objects.filter(filename="x.csv").exists()


def test_the_progress_partial_is_served_to_htmx(client_as, world):
    imp = world.student_import
    StudentImport.objects.filter(pk=imp.pk).update(
        status=StudentImport.Status.RUNNING, rows_done=1, rows_total=3
    )
    response = client_as("coordinator").get(
        reverse("import_detail", args=[imp.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="import-status"')
    assert 'hx-trigger="every 1s"' in html and "<progress" in html


def test_an_upload_never_imported_is_forgotten_after_a_week(world):
    import datetime

    from django.utils import timezone

    from stageplein.imports.services import uploads_forget

    imp = world.student_import
    assert uploads_forget(now=timezone.now() + datetime.timedelta(days=6)) == 0
    assert uploads_forget(now=timezone.now() + datetime.timedelta(days=8)) == 1
    imp.refresh_from_db()
    assert imp.content is None and imp.status == StudentImport.Status.FAILED
