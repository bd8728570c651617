"""R-PRIV-1 consent: a parent consents for a child under 16 (the student from 16), recorded with
who, when and the text version; what needs it is blocked until then; it can be withdrawn."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stageplein.internships.models import LogbookEntry
from stageplein.internships.services.defaults import suggested_guidance
from stageplein.students.models import Consent, ConsentPurpose
from tests.support.internships import PNG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def consent_url(world):
    return reverse("student_consent", args=[world.student.pk])


def post(client, world, purpose, action):
    return client.post(consent_url(world), {"purpose": purpose, "action": action})


def write_with_photo(client, world, text):
    photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    return client.post(
        reverse("logbook", args=[world.internship.pk]),
        {"date": timezone.localdate().isoformat(), "text": text, "photo": photo},
    )


def test_a_parent_gives_consent_recorded_with_who_when_and_text_version(client_as, world):
    response = post(client_as("parent"), world, "photos", "give")
    assert response.status_code == 302
    consent = Consent.objects.get(student=world.student, purpose="photos")
    assert consent.given_by == world.users["parent"]
    assert consent.given_by_name == "Olga de Vries"
    assert consent.given_as == "parent"
    assert consent.text_version == 1
    assert "logbook" in consent.text or "logboek" in consent.text
    assert consent.given_at <= timezone.now()
    page = client_as("coordinator").get(consent_url(world)).content.decode()
    assert "Olga de Vries" in page


def test_under_16_only_a_parent_gives_it_not_the_student_nor_the_school(client_as, world):
    for role in ("student", "coordinator", "mentor"):
        assert post(client_as(role), world, "photos", "give").status_code == 403, role
    assert not Consent.objects.exists()
    page = client_as("student").get(consent_url(world)).content.decode()
    assert "I give consent" not in page and "Ik geef toestemming" not in page


def test_from_16_the_student_gives_it_and_the_parent_no_longer(client_as, world):
    student = world.student
    student.date_of_birth = timezone.localdate().replace(year=timezone.localdate().year - 17)
    student.save(update_fields=["date_of_birth"])
    assert post(client_as("parent"), world, "photos", "give").status_code == 403
    assert post(client_as("student"), world, "photos", "give").status_code == 302
    assert Consent.objects.get(student=student).given_as == "student"


def test_no_logbook_photo_until_consent_then_it_is_kept(client_as, world):
    student_client = client_as("student")
    page = student_client.get(reverse("logbook", args=[world.internship.pk])).content.decode()
    assert 'name="photo"' not in page
    write_with_photo(student_client, world, "Zonder toestemming")
    assert not LogbookEntry.objects.get(text="Zonder toestemming").photo

    post(client_as("parent"), world, "photos", "give")
    page = student_client.get(reverse("logbook", args=[world.internship.pk])).content.decode()
    assert 'name="photo"' in page
    write_with_photo(student_client, world, "Met toestemming")
    assert LogbookEntry.objects.get(text="Met toestemming").photo


def test_withdrawing_photo_consent_removes_the_photos_and_keeps_the_history(
    client_as, world, django_capture_on_commit_callbacks
):
    post(client_as("parent"), world, "photos", "give")
    write_with_photo(client_as("student"), world, "Met foto")
    entry = LogbookEntry.objects.get(text="Met foto")
    storage, name = entry.photo.storage, str(entry.photo.name)
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        assert post(client_as("parent"), world, "photos", "withdraw").status_code == 302

    entry.refresh_from_db()
    assert not entry.photo and entry.text == "Met foto"
    assert not storage.exists(name)
    withdrawn = Consent.objects.get(student=world.student)
    assert withdrawn.withdrawn_by == world.users["parent"] and withdrawn.withdrawn_at
    # Given again: a new record, the withdrawn one stays as history.
    post(client_as("parent"), world, "photos", "give")
    assert Consent.objects.filter(student=world.student).count() == 2
    page = client_as("parent").get(consent_url(world)).content.decode()
    assert page.count("Olga de Vries") >= 3  # in force, and given + withdrawn in the history


def test_guidance_needs_go_to_the_organisation_only_with_sharing_consent(client_as, world):
    student = world.student
    student.guidance_needs = "Vaste begeleider, korte opdrachten"
    student.save(update_fields=["guidance_needs"])
    assert suggested_guidance(student, "individual")["guidance_notes"] == ""
    post(client_as("parent"), world, ConsentPurpose.SHARING, "give")
    notes = suggested_guidance(student, "individual")["guidance_notes"]
    assert notes == "Vaste begeleider, korte opdrachten"


def test_outsiders_do_not_see_consent(client_as, world):
    assert client_as("other_coordinator").get(consent_url(world)).status_code == 404
    assert client_as("provider_contact").get(consent_url(world)).status_code == 403
