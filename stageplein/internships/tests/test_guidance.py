"""Guidance per internship (R-INT-5) and what an mbo/hbo student supervisor may do (R-ROLE-3)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.accounts.models import Membership, Role
from stageplein.internships.models import GuidanceBy, HourEntry, LogbookEntry
from stageplein.internships.services import suggested_guidance
from stageplein.internships.tests.helpers import current
from tests.support.people import make_student, make_user

pytestmark = pytest.mark.django_db


def test_praktijkonderwijs_gets_a_teacher_present_and_first_years_go_in_pairs(world):
    pro = make_student(world.school, "1201", level="pro", year=2)
    first_year = make_student(world.school, "1202", level="havo", year=1)
    assert suggested_guidance(pro, "individual")["guidance_teacher_present"]
    assert suggested_guidance(pro, "individual")["guidance_by"] == GuidanceBy.MENTOR
    assert suggested_guidance(first_year, "individual")["guidance_in_pairs"]
    assert not suggested_guidance(world.student, "individual")["guidance_teacher_present"]


def test_the_guidance_is_part_of_the_contract_and_a_change_is_signed_again(
    client_as, world, new_internship
):
    internship = new_internship()
    response = client_as("mentor").post(
        reverse("internship_guidance", args=[internship.pk]),
        {"teacher_present": "on", "in_pairs": "on", "notes": "", "given_by": "student_supervisor"},
    )
    assert response.status_code == 302
    contract = current(internship)
    assert contract.version == 2
    assert "mbo" in contract.guidance or "student" in contract.guidance


@pytest.fixture
def student_supervisor(world):
    user = make_user("stagiair@delinde.test", "Stijn", "Stagiair")
    Membership.objects.create(
        user=user, role=Role.SUPERVISOR, provider=world.provider, is_student_supervisor=True
    )
    return user


def test_a_student_supervisor_registers_hours_and_notes(client, world, student_supervisor):
    client.force_login(student_supervisor)
    response = client.post(
        reverse("hours_submit", args=[world.internship.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "hours": "2",
            "description": "Samen gekookt",
            "submission_key": "6f1f8a4e-8a38-4c8b-9c1a-0d6f3e1d2a11",
        },
    )
    assert response.status_code == 302
    assert HourEntry.objects.get(description="Samen gekookt").verified_by == student_supervisor
    client.post(
        reverse("logbook", args=[world.internship.pk]),
        {"date": timezone.localdate().isoformat(), "text": "Ging goed vandaag"},
    )
    assert LogbookEntry.objects.filter(author=student_supervisor).exists()


def test_a_student_supervisor_does_not_do_the_final_evaluation_or_sign(
    client, world, student_supervisor
):
    client.force_login(student_supervisor)
    assert client.get(reverse("evaluation_provider", args=[world.internship.pk])).status_code == 403
    response = client.post(
        reverse("internship_contract_sign", args=[world.internship.pk]),
        {"party": "provider", "name": "Stijn", "agree": "on"},
    )
    assert response.status_code == 403
