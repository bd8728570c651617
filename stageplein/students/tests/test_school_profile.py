"""A coordinator keeps the school's profile (contact for providers, the school's own rules,
levels per location) and chooses a single student's mentor; providers see the school's
contact where they deal with its students."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stageplein.accounts.models import Membership, Role
from stageplein.applications.models import Application
from stageplein.students.services import StaffError, mentor_assign_students
from tests.support.people import make_student, make_user

pytestmark = pytest.mark.django_db


def profile_form(world, **extra):
    location = world.school.locations.get()
    return {
        "contact_name": "Carla Coördinator",
        "contact_phone": "0575 123 456",
        "contact_email": "Stage@School.test",
        "own_placements_allowed": "on",
        "own_placement_min_hours": "0",
        "requires_parent_signature_until_age": "16",
        f"location_{location.pk}": ["havo", "vwo"],
        **extra,
    }


def test_a_coordinator_fills_in_the_profile_and_a_provider_sees_the_contact(client_as, world):
    response = client_as("coordinator").post(
        reverse("school_profile", args=[world.school.pk]), profile_form(world)
    )
    assert response.status_code == 302
    world.school.refresh_from_db()
    assert world.school.contact_email == "stage@school.test"
    assert world.school.locations.get().levels == ["havo", "vwo"]

    provider = client_as("provider_contact")
    internship = provider.get(reverse("internship_detail", args=[world.internship.pk]))
    assert "Carla Coördinator" in internship.content.decode()
    assert 'href="tel:0575123456"' in internship.content.decode()
    # A reaction of a student the provider has an internship with shows the contact; of a
    # student it does not know yet, not even the school (the privacy rules before approval).
    known = provider.get(reverse("application_detail", args=[world.application.pk]))
    assert "stage@school.test" in known.content.decode()
    app = Application.objects.create(
        student=world.classmate,
        placement=world.placement,
        period=world.period,
        motivation="Graag",
        submitted_at=timezone.now(),
    )
    waiting = provider.get(reverse("application_detail", args=[app.pk]))
    assert waiting.status_code == 200
    assert "Carla Coördinator" not in waiting.content.decode()


def test_a_location_offers_only_levels_of_the_school(client_as, world):
    world.school.levels = ["havo", "vwo"]
    world.school.save()
    location = world.school.locations.get()
    response = client_as("coordinator").post(
        reverse("school_profile", args=[world.school.pk]),
        profile_form(world, **{f"location_{location.pk}": ["vmbo"]}),
    )
    assert response.status_code == 200  # vmbo is not a choice
    location.refresh_from_db()
    assert "vmbo" in location.levels  # unchanged


def test_a_coordinator_chooses_a_single_students_mentor_and_the_mentor_sees_only_them(
    client_as, world
):
    coach = make_user("coach@school.test", "Carla", "Coach")
    Membership.objects.create(user=coach, role=Role.MENTOR, school=world.school)
    pupil = make_student(world.school, "1020", first_name="Ilse", class_name="3H2", mentor=None)
    make_student(world.school, "1021", first_name="Ivo", class_name="3H2", mentor=None)
    coordinator = client_as("coordinator")
    response = coordinator.post(
        reverse("student_mentor", args=[pupil.pk]), {"mentor": str(coach.pk)}
    )
    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.mentor == coach
    client = Client()
    client.force_login(coach)
    page = client.get(reverse("student_list")).content.decode()
    assert "Ilse" in page and "Ivo" not in page and "Sam" not in page
    assert client.get(reverse("student_detail", args=[pupil.pk])).status_code == 200

    # The coordinator takes the mentor away again.
    coordinator.post(reverse("student_mentor", args=[pupil.pk]), {"mentor": ""})
    pupil.refresh_from_db()
    assert pupil.mentor is None


def test_only_a_mentor_of_the_school_and_only_its_students(world):
    by = world.users["coordinator"]
    with pytest.raises(StaffError):
        mentor_assign_students(school=world.school, students=[world.student], mentor=by, by=by)
    with pytest.raises(StaffError):
        mentor_assign_students(
            school=world.other_school,
            students=[world.student],
            mentor=None,
            by=world.users["other_coordinator"],
        )
    # The form offers only the school's mentors: a coordinator's pk is refused.
    client = Client()
    client.force_login(by)
    response = client.post(
        reverse("student_mentor", args=[world.student.pk]), {"mentor": str(by.pk)}
    )
    assert response.status_code == 200
    world.student.refresh_from_db()
    assert world.student.mentor == world.users["mentor"]


def test_the_staff_code_is_kept_and_unique_within_the_school(client_as, world):
    url = reverse("school_staff", args=[world.school.pk])
    coordinator = client_as("coordinator")
    data = {
        "action": "invite",
        "invite-first_name": "Nina",
        "invite-last_name": "Nieuw",
        "invite-email": "nina@school.test",
        "invite-role": "mentor",
        "invite-staff_code": "nni",
    }
    assert coordinator.post(url, data).status_code == 302
    assert Membership.objects.get(user__email="nina@school.test").staff_code == "NNI"
    again = coordinator.post(url, {**data, "invite-email": "noor@school.test"})
    assert again.status_code == 200
    assert "NNI" in again.content.decode()
    assert not Membership.objects.filter(user__email="noor@school.test").exists()
