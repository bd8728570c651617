"""The certificate: issued when the norm is reached, checked at a public URL, revocable."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.internships.models import Certificate
from stageplein.internships.services import hour_entry_submit, hour_entry_verify
from stageplein.internships.tests.helpers import current, pdf_bytes, text
from tests.support.people import make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def nearly_done(world, new_internship, sign_all):
    """A vmbo student (norm 48) with 45 counting hours."""
    student = make_student(
        world.school, "1401", first_name="Jesse", level="vmbo", mentor=world.users["mentor"]
    )
    internship = new_internship(student=student, planned_hours=60)
    sign_all(current(internship))
    for _ in range(5):
        entry, _ = hour_entry_submit(
            internship=internship,
            by=student.user,
            date=timezone.localdate() - datetime.timedelta(days=3),
            hours=Decimal(9),
            description="Training gegeven",
            submission_key=uuid.uuid4(),
        )
        hour_entry_verify(entry=entry, by=world.users["supervisor"], method="platform")
    return internship


def confirm(world, internship, hours):
    entry, _ = hour_entry_submit(
        internship=internship,
        by=internship.student.user,
        date=timezone.localdate(),
        hours=Decimal(hours),
        description="Toernooi",
        submission_key=uuid.uuid4(),
    )
    hour_entry_verify(entry=entry, by=world.users["supervisor"], method="platform")


def test_the_certificate_is_issued_when_the_norm_is_reached(world, nearly_done):
    student = nearly_done.student
    assert not Certificate.objects.filter(student=student).exists()
    confirm(world, nearly_done, "3")
    certificate = Certificate.objects.get(student=student)
    assert certificate.hours == Decimal(48)
    assert certificate.school_name == world.school.name
    confirm(world, nearly_done, "2")  # extra hours are kept, no second certificate
    assert Certificate.objects.filter(student=student).count() == 1


def test_the_public_page_shows_only_name_school_hours_and_date(client, world, nearly_done):
    confirm(world, nearly_done, "3")
    certificate = Certificate.objects.get(student=nearly_done.student)
    response = client.get(reverse("certificate_verify", args=[certificate.code]))
    assert response.status_code == 200
    body = text(response)
    assert certificate.student_name in body and world.school.name in body and "48" in body
    student = nearly_done.student
    for private in (student.class_name, student.student_number, str(student.date_of_birth.year)):
        assert private not in body
    assert world.provider.name not in body


def test_a_revoked_certificate_is_shown_as_invalid_and_not_reissued_by_itself(
    client, client_as, world, nearly_done
):
    confirm(world, nearly_done, "3")
    certificate = Certificate.objects.get(student=nearly_done.student)
    client_as("coordinator").post(
        reverse("certificate_revoke", args=[certificate.pk]), {"reason": "Uren onjuist"}
    )
    body = text(client.get(reverse("certificate_verify", args=[certificate.code])))
    assert "revoked" in body or "ingetrokken" in body
    confirm(world, nearly_done, "1")
    assert not Certificate.objects.filter(student=nearly_done.student, revoked_at__isnull=True)
    client_as("mentor").post(reverse("certificate_issue", args=[nearly_done.student.pk]))
    assert Certificate.objects.filter(student=nearly_done.student, revoked_at__isnull=True).exists()


def test_the_certificate_pdf_carries_the_verification_link(client_as, world, nearly_done):
    confirm(world, nearly_done, "3")
    certificate = Certificate.objects.get(student=nearly_done.student)
    response = client_as("mentor").get(reverse("certificate_pdf", args=[certificate.pk]))
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    # The link annotation holds the public URL (the QR code encodes the same URL).
    assert f"/certificaat/{certificate.code}/".encode() in pdf_bytes(response.content)
    assert (
        client_as("supervisor").get(reverse("certificate_pdf", args=[certificate.pk])).status_code
        == 404
    )
