"""Privacy reminders (issue 13): a consent question nobody answered before an internship, and a
correction or removal request nearing its legal deadline."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from stageplein.notifications.models import Notification
from stageplein.reminders.services import reminders_run
from stageplein.students.models import ConsentPurpose, PrivacyRequest
from stageplein.students.services import (
    consent_withdraw,
    privacy_request_file,
    privacy_request_handle,
)
from tests.support.people import give_consent

pytestmark = pytest.mark.django_db


def reminded(user, rule: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=f"reminder:{rule}"))


def test_a_parent_who_has_not_answered_is_reminded_once_the_student_not(world):
    # Sam (14) is in an internship and nobody answered either consent question.
    assert reminders_run()["consent_unanswered"] == 1
    [notice] = reminded(world.users["parent"], "consent_unanswered")
    assert notice.url.endswith(f"/leerlingen/{world.student.pk}/toestemming/")
    assert world.student.user.first_name not in notice.title
    assert reminded(world.users["student"], "consent_unanswered") == []
    # Once only: not consenting is an answer too.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30), tick=False):
        assert reminders_run()["consent_unanswered"] == 0


def test_answered_questions_remind_nobody_a_withdrawal_is_an_answer(world):
    parent = world.users["parent"]
    give_consent(world.student, ConsentPurpose.PHOTOS, by=parent)
    give_consent(world.student, ConsentPurpose.SHARING, by=parent)
    consent_withdraw(actor=parent, student=world.student, purpose=ConsentPurpose.SHARING)
    assert reminders_run()["consent_unanswered"] == 0


def test_from_16_the_student_is_reminded(world):
    student = world.student
    student.date_of_birth = student.date_of_birth.replace(year=student.date_of_birth.year - 3)
    student.save(update_fields=["date_of_birth"])
    reminders_run()
    assert len(reminded(world.users["student"], "consent_unanswered")) == 1
    assert reminded(world.users["parent"], "consent_unanswered") == []


def test_coordinators_are_reminded_a_week_before_a_request_is_due_until_it_is_answered(world):
    request = privacy_request_file(
        actor=world.users["student"],
        student=world.student,
        kind=PrivacyRequest.Kind.CORRECTION,
        text="Mijn klas klopt niet",
        as_role="student",
    )
    coordinator = world.users["coordinator"]
    assert reminders_run()["privacy_request_due"] == 0  # a month to go
    week_before = timezone.now() + datetime.timedelta(days=24)
    with time_machine.travel(week_before, tick=False):
        assert reminders_run()["privacy_request_due"] == 1
    [notice] = reminded(coordinator, "privacy_request_due")
    assert notice.url.endswith(f"/privacyverzoeken/{request.pk}/")
    assert "Sam" not in notice.title
    assert reminded(world.users["other_coordinator"], "privacy_request_due") == []
    privacy_request_handle(
        actor=coordinator, privacy_request=request, status="done", answer="Klas aangepast"
    )
    with time_machine.travel(week_before + datetime.timedelta(days=3), tick=False):
        assert reminders_run()["privacy_request_due"] == 0
