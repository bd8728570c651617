import pytest
from django.db import IntegrityError, transaction

from stageplein.accounts.access import get_scope
from stageplein.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_a_school_role_needs_a_school_and_nothing_else(world):
    user = world.users["national"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.COORDINATOR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=user, role=Role.COORDINATOR, school=world.school, provider=world.provider
        )


def test_only_supervisors_can_be_student_supervisors(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=world.users["national"],
            role=Role.MENTOR,
            school=world.school,
            is_student_supervisor=True,
        )


def test_a_person_may_hold_several_roles(world):
    mentor = world.users["mentor"]
    Membership.objects.create(user=mentor, role=Role.SUPERVISOR, provider=world.provider)
    assert get_scope(mentor).roles == [Role.MENTOR, Role.SUPERVISOR]
