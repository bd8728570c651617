"""AVG art. 15: a student (and a parent of a child under 16) downloads their own data."""

import io
import json
import zipfile

from django.urls import reverse

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
)


def download(client, world, role):
    client.force_login(world.users[role])
    response = client.get(reverse("student_own_data", args=[world.student.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def test_the_student_downloads_every_part_and_nothing_of_another_student(client, world):
    files = download(client, world, "student")
    for part in PARTS:
        assert f"{part}.json" in files, part
    everything = "\n".join(files.values())
    assert json.loads(files["profile.json"])["first_name"] == "Sam"
    assert {r["id"] for r in json.loads(files["internships.json"])} == {world.internship.pk}
    assert json.loads(files["hours.json"]), "the student's hours are in it"
    assert json.loads(files["reactions.json"]), "the student's reactions are in it"
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
