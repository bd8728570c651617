"""A student whose internship window comes up without a reaction is reminded, and nobody else."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from stageplein.applications.services import application_submit
from stageplein.core.schoolyear import current_school_year
from stageplein.notifications.models import Notification
from stageplein.planning.models import InternshipWindow
from stageplein.reminders.services import reminders_run
from tests.support.people import make_student

pytestmark = pytest.mark.django_db
KIND = "reminder:no_reaction_before_window"


def reminded(student) -> int:
    return Notification.objects.filter(recipient=student.user, kind=KIND).count()


@pytest.fixture
def group(world):
    """Year 4 havo of the world's school (no window of its own in the test world): two
    students, one of whom has reacted."""
    waiting = make_student(world.school, "3101", first_name="Noor", year=4, class_name="4H1")
    reacted = make_student(world.school, "3102", first_name="Finn", year=4, class_name="4H1")
    application_submit(student=reacted, period=world.period, motivation="Ik help graag mensen.")
    return waiting, reacted


def window(world, starts_in_days: int) -> InternshipWindow:
    start = timezone.localdate() + datetime.timedelta(days=starts_in_days)
    return InternshipWindow.objects.create(
        school=world.school,
        school_year=current_school_year(),
        year=4,
        level="havo",
        starts_on=start,
        ends_on=start + datetime.timedelta(weeks=3),
        hours_per_student=30,
    )


def test_a_student_without_a_reaction_is_reminded_four_weeks_before_the_window(world, group):
    waiting, reacted = group
    window(world, starts_in_days=40)
    reminders_run()
    assert reminded(waiting) == 0  # still more than 28 days away
    with time_machine.travel(timezone.now() + datetime.timedelta(days=13), tick=False):
        reminders_run()
    assert reminded(waiting) == 1
    assert reminded(reacted) == 0
    notice = Notification.objects.get(recipient=waiting.user, kind=KIND)
    assert "Noor" not in notice.title  # titles travel by e-mail
    assert notice.url == "/stageplaatsen/"


def test_the_reminder_repeats_weekly_not_daily(world, group):
    waiting, _ = group
    window(world, starts_in_days=10)
    reminders_run()
    now = timezone.now()
    with time_machine.travel(now + datetime.timedelta(days=1), tick=False):
        reminders_run()
    assert reminded(waiting) == 1
    with time_machine.travel(now + datetime.timedelta(days=8), tick=False):
        reminders_run()
    assert reminded(waiting) == 2


def test_no_reminder_for_other_groups_or_after_the_window(world, group):
    waiting, _ = group
    other_year = window(world, starts_in_days=10)
    other_year.year = 5
    other_year.save()
    reminders_run()
    assert reminded(waiting) == 0
    window(world, starts_in_days=-30)  # started 30 days ago, ended 9 days ago
    reminders_run()
    assert reminded(waiting) == 0
