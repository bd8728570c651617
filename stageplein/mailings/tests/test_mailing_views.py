import pytest
from django.core import mail
from django.urls import reverse

from stageplein.mailings.models import Mailing, MailingRecipient
from stageplein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_coordinator_writes_checks_count_and_sends_to_parents_of_a_year_group(
    world, client_as, django_capture_on_commit_callbacks
):
    client = client_as("coordinator")
    response = client.post(
        reverse("mailing_create"),
        {
            "sender": f"school:{world.school.pk}",
            "audience": "parents_of_year",
            "year": "2",
            "subject": "Stagemarkt op 12 maart",
            "body": "Beste ouders,\n\nWelkom op de stagemarkt.",
        },
    )
    mailing = Mailing.objects.get(subject="Stagemarkt op 12 maart")
    assert response.url == reverse("mailing_detail", args=[mailing.pk])
    page = client.get(response.url).content.decode()
    assert "1 persoon" in page or "1 person" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mailing_send", args=[mailing.pk]))
    assert [m.to for m in mail.outbox] == [["ouder@thuis.test"]]
    assert "Welkom op de stagemarkt." in mail.outbox[0].body
    assert mail.outbox[0].subject == "Stagemarkt op 12 maart"
    mailing.refresh_from_db()
    assert (mailing.status, mailing.total, mailing.sent_count) == ("sent", 1, 1)
    record = MailingRecipient.objects.get(mailing=mailing)
    assert record.user == world.users["parent"] and record.status == "sent"
    assert Notification.objects.filter(recipient=world.users["parent"], kind="mailing").exists()
    page = client.get(reverse("mailing_detail", args=[mailing.pk])).content.decode()
    assert "Olga" in page  # the record of who received it


def test_sending_twice_sends_once(world, client_as, django_capture_on_commit_callbacks):
    mailing = world.mailing_draft
    client = client_as("broker")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mailing_send", args=[mailing.pk]))
        client.post(reverse("mailing_send", args=[mailing.pk]))
    assert [m.to for m in mail.outbox] == [["contact@delinde.test"]]


def test_a_student_without_email_receives_it_on_the_platform(
    world, client_as, django_capture_on_commit_callbacks
):
    student = world.classmate.user
    student.email = None
    student.save()
    client = client_as("coordinator")
    client.post(
        reverse("mailing_create"),
        {
            "sender": f"school:{world.school.pk}",
            "audience": "students_without_placement",
            "subject": "Zoek je nog een stage?",
            "body": "Kom naar het stagespreekuur.",
        },
    )
    mailing = Mailing.objects.get(subject="Zoek je nog een stage?")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mailing_send", args=[mailing.pk]))
    assert mail.outbox == []
    assert MailingRecipient.objects.get(mailing=mailing).status == "in_app"
    note = Notification.objects.get(recipient=student, kind="mailing")
    student_client = client_as(None)
    student_client.force_login(student)
    page = student_client.get(note.url).content.decode()
    assert "Kom naar het stagespreekuur." in page
    assert "Verstuurd aan" not in page and "Sent to" not in page  # no record for recipients


def test_a_coordinator_cannot_send_for_another_school(world, client_as):
    response = client_as("other_coordinator").post(
        reverse("mailing_create"),
        {
            "sender": f"school:{world.school.pk}",
            "audience": "parents_of_year",
            "subject": "x",
            "body": "y",
        },
    )
    assert response.status_code == 200
    assert not Mailing.objects.filter(subject="x").exists()


def test_the_recipients_are_listed_by_name_before_sending(world, client_as):
    client = client_as("coordinator")
    response = client.post(
        reverse("mailing_create"),
        {
            "sender": f"school:{world.school.pk}",
            "audience": "parents_of_year",
            "year": "2",
            "subject": "Wie krijgt dit?",
            "body": "Beste ouders.",
        },
    )
    page = client.get(response.url).content.decode()
    assert "Olga" in page  # the parent it will reach, by name, while still a draft
    assert not MailingRecipient.objects.filter(mailing__subject="Wie krijgt dit?").exists()


def test_a_subject_with_line_breaks_is_stored_and_sent_as_one_line(
    world, client_as, django_capture_on_commit_callbacks
):
    client = client_as("coordinator")
    client.post(
        reverse("mailing_create"),
        {
            "sender": f"school:{world.school.pk}",
            "audience": "parents_of_year",
            "year": "2",
            "subject": "Stagemarkt\r\nBcc: iedereen@example.test",
            "body": "Beste ouders,",
        },
    )
    mailing = Mailing.objects.get(body="Beste ouders,")
    assert mailing.subject == "Stagemarkt Bcc: iedereen@example.test"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mailing_send", args=[mailing.pk]))
    assert [m.subject for m in mail.outbox] == ["Stagemarkt Bcc: iedereen@example.test"]
