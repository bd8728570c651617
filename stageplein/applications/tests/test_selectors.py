"""What the dashboards and the matching engine build on: reaction status per student and the
students without a place."""

import pytest

from stageplein.accounts.access import get_scope
from stageplein.applications.models import Application, Status
from stageplein.applications.selectors import (
    ReactionStatus,
    reaction_statuses,
    students_without_place,
)
from stageplein.internships.models import Internship

pytestmark = pytest.mark.django_db


def test_each_student_has_a_reaction_status(world, accepted):
    ids = [world.student.pk, world.classmate.pk]
    assert reaction_statuses(ids) == {
        world.student.pk: ReactionStatus.MATCHED,
        world.classmate.pk: ReactionStatus.NONE,
    }
    Application.objects.filter(pk=accepted.pk).update(
        status=Status.APPROVED, approved_at=accepted.accepted_at
    )
    assert reaction_statuses(ids)[world.student.pk] == ReactionStatus.APPROVED
    Application.objects.filter(student=world.student).update(
        status=Status.DECLINED, decline_reason="x"
    )
    assert reaction_statuses(ids)[world.student.pk] == ReactionStatus.NONE


def test_students_without_a_place_in_the_coordinators_scope(world, accepted):
    scope = get_scope(world.users["coordinator"])
    Internship.objects.filter(student=world.student).delete()
    assert set(students_without_place(scope)) == {world.classmate}
    Application.objects.filter(pk=accepted.pk).update(
        status=Status.WITHDRAWN, withdraw_reason="x", withdrawn_side="student"
    )
    assert set(students_without_place(scope)) == {world.student, world.classmate}
    other = get_scope(world.users["other_coordinator"])
    assert set(students_without_place(other)) == {world.other_student}
