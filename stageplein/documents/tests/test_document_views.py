import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stageplein.documents.models import Document
from tests.support.documents import PDF

pytestmark = pytest.mark.django_db


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def post_document(client, library, name, content, **extra):
    return client.post(
        reverse("document_create"),
        {
            "library": library,
            "title": extra.get("title", "Handboek stagebieders"),
            "category": "handbook",
            "visibility": "all",
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_broker_uploads_a_handbook_and_a_new_version(world, client_as):
    client = client_as("broker")
    response = post_document(client, f"region:{world.region.pk}", "handboek.docx", docx())
    doc = Document.objects.get(title="Handboek stagebieders")
    assert response.url == reverse("document_detail", args=[doc.pk])
    client.post(
        reverse("document_version_create", args=[doc.pk]),
        {"file": SimpleUploadedFile("handboek-2026.pdf", PDF), "note": "Nieuwe regels zorg"},
    )
    assert list(doc.versions.values_list("number", "original_name")) == [
        (2, "handboek-2026.pdf"),
        (1, "handboek.docx"),
    ]
    page = client_as("provider_contact").get(response.url).content.decode()
    assert "Nieuwe regels zorg" in page and "Nieuwe versie uploaden" not in page


def test_download_serves_the_file_only_through_the_checked_view(world, client_as):
    version = world.version_region
    response = client_as("supervisor").get(reverse("document_download", args=[version.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    school_version = world.version_school
    assert (
        client_as("parent").get(reverse("document_download", args=[school_version.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ\x90\x00"),
        ("fake.pdf", b"<html>not a pdf</html>"),
        ("fake.docx", b"PK\x03\x04 not really a zip"),
        ("leeg.pdf", b""),
    ],
)
def test_files_of_the_wrong_type_or_empty_are_refused(world, client_as, name, content):
    response = post_document(client_as("coordinator"), f"school:{world.school.pk}", name, content)
    assert response.status_code == 200
    assert not Document.objects.filter(title="Handboek stagebieders").exists()


def test_a_file_that_is_too_big_is_refused(world, client_as, monkeypatch):
    from stageplein.documents import validation

    monkeypatch.setattr(validation, "MAX_BYTES", len(PDF) - 1)
    response = post_document(client_as("coordinator"), f"school:{world.school.pk}", "x.pdf", PDF)
    assert response.status_code == 200
    assert not Document.objects.filter(title="Handboek stagebieders").exists()


def test_a_coordinator_cannot_add_to_another_school_or_the_region(world, client_as):
    client = client_as("other_coordinator")
    post_document(client, f"school:{world.school.pk}", "x.pdf", PDF)
    post_document(client, f"region:{world.region.pk}", "x.pdf", PDF)
    assert not Document.objects.filter(title="Handboek stagebieders").exists()
