import pytest
from auditlog.models import LogEntry

from stageplein.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_granting_a_role_is_recorded_in_the_audit_log(world):
    membership = Membership.objects.create(
        user=world.users["national"], role=Role.MENTOR, school=world.school
    )
    entry = LogEntry.objects.get_for_object(membership).get()
    assert entry.action == LogEntry.Action.CREATE


def test_changing_a_students_class_is_recorded(world):
    world.student.class_name = "3H2"
    world.student.save()
    entry = LogEntry.objects.get_for_object(world.student).latest("timestamp")
    assert entry.changes_dict["class_name"] == ["2H1", "3H2"]


def test_guidance_needs_are_logged_as_a_change_but_not_their_content(world):
    world.student.guidance_needs = "ADHD, heeft prikkelarme plek nodig"
    world.student.save()
    entry = LogEntry.objects.get_for_object(world.student).latest("timestamp")
    _old, new = entry.changes_dict["guidance_needs"]
    assert new.startswith("sha256:")
    assert "ADHD" not in str(entry.changes)


def test_granting_superuser_is_recorded(world):
    user = world.users["coordinator"]
    user.is_superuser = True
    user.save()
    entry = LogEntry.objects.get_for_object(user).latest("timestamp")
    assert entry.changes_dict["is_superuser"] == ["False", "True"]
