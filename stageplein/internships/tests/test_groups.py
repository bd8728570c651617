"""Group internships credit each participant present (R-HOURS-5); at school the school is the
provider (R-HOURS-6)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.internships.models import GroupActivity, GroupSession, HourEntry, Internship
from stageplein.internships.progress import progress_of
from stageplein.internships.services import (
    group_activity_create,
    group_session_record,
    group_session_verify,
    school_as_provider,
)
from stageplein.internships.tests.helpers import current
from tests.support.people import make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def musical(world):
    mentor = world.users["mentor"]
    extra = make_student(world.school, "1003", first_name="Noor", mentor=mentor)
    today = timezone.localdate()
    return group_activity_create(
        school=world.school,
        provider=school_as_provider(world.school),
        title="Kerstmusical",
        description="Decor bouwen",
        start_date=today - datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=20),
        planned_hours=10,
        by=mentor,
        students=[world.classmate, extra],
    )


def test_mentor_creates_a_group_with_a_whole_class(client_as, world):
    response = client_as("mentor").post(
        reverse("group_create"),
        {
            "title": "Sportdag basisschool",
            "description": "",
            "provider": school_as_provider(world.school).pk,
            "start_date": timezone.localdate().isoformat(),
            "end_date": timezone.localdate().isoformat(),
            "planned_hours": 5,
            "class_name": "2H1",
        },
    )
    assert response.status_code == 302
    activity = GroupActivity.objects.get(title="Sportdag basisschool")
    students = set(activity.internships.values_list("student_id", flat=True))
    assert students == {world.student.pk, world.classmate.pk}
    assert all(i.kind == Internship.Kind.AT_SCHOOL for i in activity.internships.all())
    assert all(i.contracts.count() == 1 for i in activity.internships.all())


def test_a_verified_group_session_credits_every_participant_present(world, musical, sign_all):

    internships = list(musical.internships.all())
    for internship in internships:
        sign_all(current(internship))
    present = internships[:1]
    group_session_record(
        activity=musical,
        by=world.users["mentor"],
        date=timezone.localdate(),
        hours=Decimal(3),
        description="Generale repetitie",
        participants=present,
        verify=True,
    )
    assert HourEntry.objects.filter(group_session__activity=musical).count() == 1
    assert progress_of(present[0].student).done == Decimal(3)
    assert progress_of(internships[1].student).done == 0


def test_confirming_a_group_session_twice_credits_once(world, musical):
    session = group_session_record(
        activity=musical,
        by=world.users["mentor"],
        date=timezone.localdate(),
        hours=Decimal(2),
        description="Opbouw",
        participants=list(musical.internships.all()),
    )
    assert group_session_verify(session=session, by=world.users["mentor"])
    assert not group_session_verify(session=session, by=world.users["coordinator"])
    assert HourEntry.objects.filter(group_session=session).count() == 2


def test_at_an_outside_provider_the_provider_confirms_the_session(client_as, world):
    activity = group_activity_create(
        school=world.school,
        provider=world.provider,
        title="Projectweek De Linde",
        description="",
        start_date=timezone.localdate() - datetime.timedelta(days=3),
        end_date=timezone.localdate() + datetime.timedelta(days=3),
        planned_hours=8,
        by=world.users["mentor"],
        students=[world.classmate],
    )
    client_as("mentor").post(
        reverse("group_session_add", args=[activity.pk]),
        {
            "date": timezone.localdate().isoformat(),
            "hours": "4",
            "description": "Wandelen met bewoners",
            "participants": [i.pk for i in activity.internships.all()],
        },
    )
    session = GroupSession.objects.get(activity=activity)
    assert session.status == GroupSession.Status.SUBMITTED
    assert (
        client_as("mentor").post(reverse("group_session_verify", args=[session.pk])).status_code
        == 403
    )
    client_as("supervisor").post(reverse("group_session_verify", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == GroupSession.Status.VERIFIED
    assert HourEntry.objects.get(group_session=session).internship.student == world.classmate


def test_the_school_signs_every_participants_contract_at_once(client_as, world, musical):
    client_as("mentor").post(
        reverse("group_sign", args=[musical.pk]), {"name": "Mehmet Mentor", "agree": "on"}
    )
    for internship in musical.internships.all():
        contract = internship.contracts.get()
        parties = set(contract.signatures.values_list("party", flat=True))
        assert parties == {"school", "provider"}  # at school, the school is the provider too


def test_an_internship_at_school_is_confirmed_by_the_school_itself(
    client_as, world, new_internship, log
):
    internship = new_internship(provider=school_as_provider(world.school), supervisor=None)
    assert internship.kind == Internship.Kind.AT_SCHOOL
    entry = log(internship, "2")
    assert (
        client_as("provider_contact").post(reverse("hours_verify", args=[entry.pk])).status_code
        == 404
    )
    client_as("mentor").post(reverse("hours_verify", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.VERIFIED and entry.verified_by == world.users["mentor"]
