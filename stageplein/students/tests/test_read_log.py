"""R-PRIV-1: who read a student's data is recorded and shown to the school, the student and
the parent."""

from django.urls import reverse

from stageplein.students.models import ReadLogEntry


def test_every_read_by_someone_else_is_recorded_with_who_what_and_role(client, world):
    student = world.student
    client.force_login(world.users["student"])
    client.get(reverse("student_detail", args=[student.pk]))
    client.get(reverse("internship_detail", args=[world.internship.pk]))
    assert not ReadLogEntry.objects.filter(student=student).exists()  # their own reads

    client.force_login(world.users["mentor"])
    client.get(reverse("student_detail", args=[student.pk]))
    client.force_login(world.users["provider_contact"])
    client.get(reverse("internship_detail", args=[world.internship.pk]))
    client.force_login(world.users["coordinator"])
    client.get(reverse("certificate_pdf", args=[world.certificate.pk]))

    entries = list(ReadLogEntry.objects.filter(student=student).order_by("at", "pk"))
    assert [(e.reader_id, e.role, e.kind) for e in entries] == [
        (world.users["mentor"].pk, "mentor", "page"),
        (world.users["provider_contact"].pk, "provider_contact", "page"),
        (world.users["coordinator"].pk, "coordinator", "file"),
    ]
    assert entries[0].what == reverse("student_detail", args=[student.pk])
    assert entries[0].reader_name == "Mehmet Mentor"


def test_the_coordinator_student_and_parent_see_who_read_the_data(client, world):
    client.force_login(world.users["mentor"])
    client.get(reverse("student_detail", args=[world.student.pk]))
    log = reverse("student_read_log", args=[world.student.pk])
    for role in ("coordinator", "student", "parent"):
        client.force_login(world.users[role])
        response = client.get(log)
        assert response.status_code == 200, role
        assert "Mehmet Mentor" in response.content.decode(), role
    client.force_login(world.users["other_coordinator"])
    assert client.get(log).status_code == 404
