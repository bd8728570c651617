"""AVG art. 15: a student (and a parent of a child under 16) downloads their own data."""

import io
import json
import zipfile

from django.urls import reverse

from stageplein.students.models import ReadLogEntry

PARTS = (
    "profile",
    "reactions",
    "internships",
    "hours",
    "reports",
    "evaluations",
    "certificates",
    "notifications",
    "notification_settings",
    "push_devices",
    "read_log",
    "consents",
    "concerns",
)


def download(client, world, role):
    client.force_login(world.users[role])
    response = client.get(reverse("student_own_data", args=[world.student.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {
        name: archive.read(name).decode() for name in archive.namelist() if name.endswith(".json")
    }


def test_the_student_downloads_every_part_and_nothing_of_another_student(client, world):
    files = download(client, world, "student")
    for part in PARTS:
        assert f"{part}.json" in files, part
    everything = "\n".join(files.values())
    assert json.loads(files["profile.json"])["first_name"] == "Sam"
    assert {r["id"] for r in json.loads(files["internships.json"])} == {world.internship.pk}
    assert json.loads(files["hours.json"]), "the student's hours are in it"
    assert json.loads(files["reactions.json"]), "the student's reactions are in it"
    concerns = json.loads(files["concerns.json"])
    assert [(c["kind"], c["note"]) for c in concerns] == [("late", world.concern.note)]
    for other in (world.classmate, world.other_student):
        assert other.user.first_name not in everything  # Lotte, Daan
    for name in ("reactions.json", "internships.json", "certificates.json"):
        assert {r["student"] for r in json.loads(files[name])} == {world.student.pk}, name


def test_a_parent_downloads_for_a_child_under_16_but_not_from_16(client, world):
    assert "profile.json" in download(client, world, "parent")
    student = world.student
    student.date_of_birth = student.date_of_birth.replace(year=student.date_of_birth.year - 3)
    student.save(update_fields=["date_of_birth"])
    response = client.get(reverse("student_own_data", args=[student.pk]))
    assert response.status_code == 403


def test_a_parents_download_is_in_the_read_log_the_students_own_is_not(client, world):
    download(client, world, "student")
    assert not ReadLogEntry.objects.filter(student=world.student).exists()
    download(client, world, "parent")
    [entry] = ReadLogEntry.objects.filter(student=world.student)
    assert (entry.reader, entry.role, entry.kind) == (world.users["parent"], "parent", "file")


def test_the_zip_holds_the_contract_and_certificate_as_pdf_and_the_uploaded_files(client, world):
    client.force_login(world.users["student"])
    response = client.get(reverse("student_own_data", args=[world.student.pk]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    contract = f"documents/contract-{world.internship.pk}-v{world.contract.version}.pdf"
    certificate = f"documents/certificate-{world.certificate.pk}.pdf"
    for pdf in (contract, certificate):
        assert archive.read(pdf).startswith(b"%PDF"), pdf
    photo = f"documents/logbook-{world.logbook_entry.pk}-world.png"
    assert archive.read(photo) == world.logbook_entry.photo.open("rb").read()
    report = f"documents/report-{world.report.pk}-verslag.pdf"
    assert archive.read(report) == world.report.file.open("rb").read()
