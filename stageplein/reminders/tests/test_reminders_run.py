"""Reminders fire on a frozen clock: after N days, not again before the repeat interval."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from stageplein.notifications.models import Notification
from stageplein.reminders.models import ReminderSent, ReminderSetting
from stageplein.reminders.services import reminders_run

pytestmark = pytest.mark.django_db


def reminders_for(user):
    return Notification.objects.filter(recipient=user, kind="reminder:unverified_hours")


def test_supervisor_is_reminded_of_hours_waiting_longer_than_n_days(
    world, django_capture_on_commit_callbacks
):
    supervisor = world.users["supervisor"]
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(days=6), tick=False):
        assert reminders_run()["unverified_hours"] == 0
    with (
        time_machine.travel(start + datetime.timedelta(days=7, minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_run()["unverified_hours"] == 1
    [n] = reminders_for(supervisor)
    assert n.title == "1 urenregel wacht op je controle"
    assert world.student.user.first_name not in n.title  # no minor's name in an e-mail
    assert mail.outbox[-1].to == [supervisor.email]


def test_a_reminder_is_not_repeated_before_the_interval_but_is_after(world):
    start = timezone.now()
    for day, expected in ((8, 1), (9, 0), (14, 0), (15, 1), (16, 0)):
        with time_machine.travel(start + datetime.timedelta(days=day), tick=False):
            assert reminders_run()["unverified_hours"] == expected, day
    assert reminders_for(world.users["supervisor"]).count() == 2
    assert ReminderSent.objects.filter(rule="unverified_hours").count() == 2


def test_the_admin_can_switch_a_rule_off_or_change_n(world):
    reminders_run()  # creates the setting with the rule's defaults
    setting = ReminderSetting.objects.get(rule="unverified_hours")
    assert (setting.days, setting.repeat_days) == (7, 7)
    setting.days = 2
    setting.save()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3), tick=False):
        assert reminders_run()["unverified_hours"] == 1
        setting.enabled = False
        setting.save()
        ReminderSent.objects.all().delete()
        assert "unverified_hours" not in reminders_run()


def test_verified_hours_trigger_no_reminder(world):
    world.internship.hours.update(status="verified", verified_at=timezone.now())
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30), tick=False):
        assert reminders_run()["unverified_hours"] == 0
