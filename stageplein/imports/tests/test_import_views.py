"""The coordinator's web flow: upload, map columns, preview with problems, confirm, result."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

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
    # The world's two students are not in the file: all of the school would leave.
    assert "confirm_leavers" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("import_preview", args=[imp.pk]),
            {"send_invitations": "on", "confirm_leavers": "on"},
        )
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
    assert imp.status == StudentImport.Status.REJECTED  # not "waiting for confirmation"
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


def _checked(client, world, rows):
    upload(client, world, to_csv(rows))
    imp = StudentImport.objects.latest("created_at")
    client.post(reverse("import_mapping", args=[imp.pk]), columns_post(imp))
    return imp


def _imported(client, world, rows, django_capture_on_commit_callbacks):
    imp = _checked(client, world, rows)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_preview", args=[imp.pk]), {"confirm_leavers": "on"})
    imp.refresh_from_db()
    assert imp.status == StudentImport.Status.DONE


def test_the_check_page_shows_new_students_and_each_change_before_and_after(
    client_as, world, rows, django_capture_on_commit_callbacks
):
    client = client_as("coordinator")
    _imported(client, world, rows, django_capture_on_commit_callbacks)
    old_name = rows[0]["Roepnaam"]
    rows[0]["Roepnaam"] = "Zoë-Nieuw"
    extra = {**rows[1], "Stamnr": "990001", "Roepnaam": "Nieuwkomer", "E-mail": ""}
    extra["E-mail ouder/verzorger"] = ""
    imp = _checked(client, world, [*rows, extra])
    page = client.get(reverse("import_preview", args=[imp.pk])).content.decode()
    assert f"{old_name} → <strong>Zoë-Nieuw</strong>" in page
    assert "Nieuwkomer" in page
    assert Student.objects.get(student_number=rows[0]["Stamnr"]).user.first_name == old_name


def test_many_leavers_need_an_extra_confirmation_and_are_listed_by_name(
    client_as, world, rows, django_capture_on_commit_callbacks
):
    client = client_as("coordinator")
    _imported(client, world, rows, django_capture_on_commit_callbacks)
    imp = _checked(client, world, rows[:8])  # 4 of 12 would leave: a third
    page = client.get(reverse("import_preview", args=[imp.pk])).content.decode()
    leaver = Student.objects.get(student_number=rows[11]["Stamnr"])
    assert leaver.user.get_full_name() in page
    client.post(reverse("import_preview", args=[imp.pk]), {"send_invitations": "on"})
    imp.refresh_from_db()
    assert imp.status == StudentImport.Status.CHECKED  # nothing queued without the extra tick
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_preview", args=[imp.pk]), {"confirm_leavers": "on"})
    leaver.refresh_from_db()
    assert leaver.left_on is not None


def test_problems_are_grouped_by_kind_with_counts_in_the_readers_language(client_as, world, rows):
    for i in (1, 2, 3):
        rows[i]["Postcode"] = "12345"
    rows[5]["Studie"] = "brugklas"
    client = client_as("coordinator")
    imp = _checked(client, world, rows)
    client.cookies["django_language"] = "en"
    with translation.override("nl"):  # the page switches to English; the test stays Dutch
        page = client.get(reverse("import_preview", args=[imp.pk]))
        start = client.get(reverse("import_start")).content.decode()
    html = page.content.decode()
    groups = page.context["preview"].problems
    assert [(g.kind, g.count) for g in groups] == [("home_postcode_id", 3), ("level", 1)]
    assert "is not a Dutch postcode" in html and "geen Nederlandse postcode" not in html
    assert "rejected" in start
