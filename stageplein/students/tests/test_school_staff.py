"""A coordinator invites mentors and coordinators by e-mail and assigns a mentor to a class;
the mentor then sees those students."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from stageplein.accounts.models import Membership, Role
from tests.support.people import make_student

pytestmark = pytest.mark.django_db


def test_a_coordinator_invites_a_mentor_assigns_a_class_and_the_mentor_sees_the_students(
    client_as, world, django_capture_on_commit_callbacks
):
    pupil = make_student(world.school, "1010", first_name="Ilse", class_name="3H2", mentor=None)
    coordinator = client_as("coordinator")
    url = reverse("school_staff", args=[world.school.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            url,
            {
                "action": "invite",
                "invite-first_name": "Nina",
                "invite-last_name": "Nieuw",
                "invite-email": "nina@school.test",
                "invite-role": "mentor",
            },
        )
    assert response.status_code == 302
    assert mail.outbox and mail.outbox[-1].to == ["nina@school.test"]
    membership = Membership.objects.get(user__email="nina@school.test", role=Role.MENTOR)
    nina = membership.user
    assert not nina.has_usable_password()

    coordinator.post(
        url, {"action": "assign", "assign-class_name": "3H2", "assign-mentor": str(nina.pk)}
    )
    pupil.refresh_from_db()
    assert pupil.mentor == nina
    client = Client()
    client.force_login(nina)
    page = client.get(reverse("student_list")).content.decode()
    assert "Ilse" in page


def test_inviting_the_same_person_twice_says_so(client_as, world):
    coordinator = client_as("coordinator")
    url = reverse("school_staff", args=[world.school.pk])
    data = {
        "action": "invite",
        "invite-first_name": "Mehmet",
        "invite-last_name": "Mentor",
        "invite-email": world.users["mentor"].email,
        "invite-role": "mentor",
    }
    response = coordinator.post(url, data)
    assert response.status_code == 200
    assert "already" in response.content.decode() or "al " in response.content.decode()


def test_only_a_mentor_of_the_school_can_be_assigned(client_as, world):
    make_student(world.school, "1011", first_name="Bo", class_name="3H2", mentor=None)
    coordinator = client_as("coordinator")
    response = coordinator.post(
        reverse("school_staff", args=[world.school.pk]),
        {
            "action": "assign",
            "assign-class_name": "3H2",
            "assign-mentor": str(world.users["coordinator"].pk),
        },
    )
    assert response.status_code == 200


def test_a_coordinator_deactivates_a_mentor_who_leaves(client_as, world):
    mentor = world.users["mentor"]
    assert world.student.mentor == mentor
    url = reverse("school_staff", args=[world.school.pk])
    coordinator = client_as("coordinator")
    response = coordinator.post(url, {"action": "deactivate", "user": str(mentor.pk)})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=mentor, school=world.school).exists()
    world.student.refresh_from_db()
    mentor.refresh_from_db()
    assert world.student.mentor is None
    assert not mentor.is_active  # no role left anywhere: cannot sign in any more
    # Not yourself, and nobody of another school.
    me = world.users["coordinator"]
    coordinator.post(url, {"action": "deactivate", "user": str(me.pk)})
    assert Membership.objects.filter(user=me, school=world.school).exists()
    outsider = world.users["other_coordinator"]
    assert (
        coordinator.post(url, {"action": "deactivate", "user": str(outsider.pk)}).status_code == 404
    )
    assert coordinator.post(url, {"action": "deactivate", "user": "x"}).status_code == 404
