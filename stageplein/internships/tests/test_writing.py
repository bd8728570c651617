"""Logbook, reflection on learning goals and the final report, approved by the mentor."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stageplein.internships.models import LogbookEntry, Report
from stageplein.internships.tests.helpers import text
from stageplein.students.models import ConsentPurpose
from tests.support.internships import PNG
from tests.support.people import give_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo_consent(world):
    """The parent of the world's student (14) has consented to photos in the logbook."""
    give_consent(world.student, ConsentPurpose.PHOTOS, by=world.users["parent"])


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_student_writes_a_logbook_entry_with_a_photo_only_the_involved_see(
    client_as, client, world, photo_consent
):
    photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    response = client_as("student").post(
        reverse("logbook", args=[world.internship.pk]),
        {"date": timezone.localdate().isoformat(), "text": "Vandaag gekookt", "photo": photo},
    )
    assert response.status_code == 302
    entry = LogbookEntry.objects.get(text="Vandaag gekookt")
    url = reverse("logbook_photo", args=[entry.pk])
    assert client_as("mentor").get(url).status_code == 200
    assert client_as("other_coordinator").get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_a_photo_that_is_not_an_image_is_refused(client_as, world, photo_consent):
    fake = SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    client_as("student").post(
        reverse("logbook", args=[world.internship.pk]),
        {"date": timezone.localdate().isoformat(), "text": "Nep", "photo": fake},
    )
    assert not LogbookEntry.objects.filter(text="Nep").exists()


def test_supervisor_adds_a_note_to_the_logbook(client_as, world):
    client_as("supervisor").post(
        reverse("logbook", args=[world.internship.pk]),
        {"date": timezone.localdate().isoformat(), "text": "Goed geholpen"},
    )
    assert LogbookEntry.objects.get(text="Goed geholpen").author == world.users["supervisor"]


def test_report_upload_checks_type_and_size(client_as, world, settings):
    url = reverse("report_page", args=[world.internship.pk, "final"])
    client = client_as("student")
    renamed = SimpleUploadedFile("verslag.docx", b"%PDF-1.4 pdf pretending", content_type="x")
    client.post(url, {"file": renamed})
    assert not Report.objects.filter(internship=world.internship, kind="final", version=2).exists()
    big = SimpleUploadedFile("verslag.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="x")
    client.post(url, {"file": big})
    good = SimpleUploadedFile("verslag.docx", docx(), content_type="x")
    Report.objects.filter(internship=world.internship).delete()
    assert client.post(url, {"file": good}).status_code == 302
    report = Report.objects.get(internship=world.internship, kind="final")
    assert report.file_name == "verslag.docx"
    served = client_as("mentor").get(reverse("report_file", args=[report.pk]))
    assert served.status_code == 200
    assert served["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in served["Content-Disposition"]
    assert client_as("supervisor").get(reverse("report_file", args=[report.pk])).status_code == 403


def test_mentor_sends_back_with_comments_and_the_history_stays(client_as, world):
    Report.objects.filter(internship=world.internship).delete()
    url = reverse("report_page", args=[world.internship.pk, "final"])
    student, mentor = client_as("student"), client_as("mentor")
    student.post(url, {"text": "Mijn eerste versie"})
    first = Report.objects.get(internship=world.internship, kind="final")
    mentor.post(reverse("report_review", args=[first.pk]), {"decision": "return", "comment": ""})
    first.refresh_from_db()
    assert first.status == Report.Status.SUBMITTED  # sending back needs a comment
    mentor.post(
        reverse("report_review", args=[first.pk]),
        {"decision": "return", "comment": "Schrijf meer over wat je leerde"},
    )
    student.post(url, {"text": "Mijn tweede versie"})
    second = Report.objects.get(internship=world.internship, kind="final", version=2)
    mentor.post(
        reverse("report_review", args=[second.pk]), {"decision": "approve", "comment": "Mooi"}
    )
    page = text(student.get(url))
    assert "Schrijf meer over wat je leerde" in page and "Mijn eerste versie" in page
    assert [r.status for r in Report.objects.filter(kind="final").order_by("version")] == [
        "returned",
        "approved",
    ]


def test_the_reflection_needs_learning_goals_first(client_as, world):
    url = reverse("report_page", args=[world.internship.pk, "reflection"])
    client = client_as("student")
    client.post(url, {"text": "Ik heb veel geleerd"})
    assert not Report.objects.filter(kind="reflection").exists()
    client.post(reverse("learning_goals", args=[world.internship.pk]), {"learning_goals": "Durven"})
    client.post(url, {"text": "Ik heb veel geleerd"})
    assert Report.objects.filter(kind="reflection").exists()


def test_the_logbook_is_handed_in_and_approved_as_a_whole(client_as, world):
    client_as("student").post(reverse("report_page", args=[world.internship.pk, "logbook"]), {})
    report = Report.objects.get(kind="logbook")
    client_as("mentor").post(reverse("report_review", args=[report.pk]), {"decision": "approve"})
    report.refresh_from_db()
    assert report.status == Report.Status.APPROVED


def test_report_page_title_is_only_the_report_and_internship_name(client_as, world):
    Report.objects.filter(internship=world.internship).delete()
    Report.objects.create(
        internship=world.internship,
        kind="final",
        version=1,
        text="Mijn verslag",
        status=Report.Status.SUBMITTED,
        submitted_by=world.users["student"],
    )
    response = client_as("mentor").get(reverse("report_page", args=[world.internship.pk, "final"]))
    page = response.content.decode()
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "csrfmiddlewaretoken" not in title
    assert "<form" not in title
    assert world.internship.title in title
    assert page.count('name="decision"') >= 1


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header declares ``width`` × ``height`` pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def test_a_photo_that_declares_a_huge_picture_is_refused_with_a_message(
    client_as, world, photo_consent
):
    bomb = SimpleUploadedFile("foto.png", png_declaring(30000, 30000), content_type="image/png")
    response = client_as("student").post(
        reverse("logbook", args=[world.internship.pk]),
        {"date": timezone.localdate().isoformat(), "text": "Bom", "photo": bomb},
    )
    assert response.status_code == 200
    assert "megapixel" in response.content.decode()
    assert not LogbookEntry.objects.filter(text="Bom").exists()
