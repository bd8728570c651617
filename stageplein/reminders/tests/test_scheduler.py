import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from stageplein.notifications.models import Notification
from stageplein.reminders.scheduler import tick

pytestmark = pytest.mark.django_db
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def at(day_offset: int, hour: int, minute: int = 0) -> datetime.datetime:
    base = datetime.date.today() + datetime.timedelta(days=day_offset)
    return datetime.datetime.combine(base, datetime.time(hour, minute), tzinfo=AMS)


def test_jobs_run_once_a_day_after_their_hour(world):
    with time_machine.travel(at(10, 2), tick=False):
        assert tick() == []
    with time_machine.travel(at(10, 6), tick=False):
        assert tick() == ["forget_uploads", "retention", "forget_exports", "waiting_list_offers"]
    with time_machine.travel(at(10, 7, 5), tick=False):
        assert tick() == ["digests"]
    with time_machine.travel(at(10, 8, 5), tick=False):
        assert tick() == ["placement_renewals"]
    with time_machine.travel(at(10, 9, 5), tick=False):
        assert tick() == ["reminders", "event_reminders"]
    with time_machine.travel(at(10, 15), tick=False):
        assert tick() == []
    with time_machine.travel(at(11, 9, 30), tick=False):
        assert tick() == [
            "forget_uploads",
            "retention",
            "forget_exports",
            "waiting_list_offers",
            "digests",
            "placement_renewals",
            "reminders",
            "event_reminders",
        ]


def test_cron_command_sends_the_due_reminders(world, capsys):
    with time_machine.travel(at(10, 9, 15), tick=False):
        call_command("run_scheduled")
    assert "reminders" in capsys.readouterr().out
    assert Notification.objects.filter(
        recipient=world.users["supervisor"], kind="reminder:unverified_hours"
    ).exists()


def test_worker_tick_queues_itself_once_on_the_database_backend(world, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    from django_tasks_db.models import DBTaskResult

    from stageplein.reminders.tasks import schedule_next

    call_command("run_scheduled", start=True)
    call_command("run_scheduled", start=True)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert schedule_next() is False  # a tick is already waiting


def test_a_failing_job_runs_again_at_the_next_tick_and_the_others_still_run(world, monkeypatch):
    from stageplein.reminders import scheduler

    calls = {"n": 0}

    def broken_digests(now):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("mail server down")
        return 0

    jobs = [
        scheduler.Job(j.key, j.hour, broken_digests if j.key == "digests" else j.run)
        for j in scheduler.JOBS
    ]
    monkeypatch.setattr(scheduler, "JOBS", jobs)
    with (
        time_machine.travel(at(10, 9, 5), tick=False),
        pytest.raises(scheduler.JobsFailed, match="digests"),
    ):
        tick()
    with time_machine.travel(at(10, 9, 20), tick=False):
        assert tick() == ["digests"]  # released, so tried again, and only it
    assert Notification.objects.filter(kind="reminder:unverified_hours").exists()


def test_the_worker_tick_queues_the_next_one_even_when_a_job_fails(world, settings, monkeypatch):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "email"]}
    }
    from django_tasks_db.models import DBTaskResult

    from stageplein.reminders import scheduler, tasks

    def boom(*, now=None):
        raise scheduler.JobsFailed("failed: reminders")

    monkeypatch.setattr(tasks, "tick", boom)
    with pytest.raises(scheduler.JobsFailed):
        tasks.scheduler_tick.func()
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_one_broken_reminder_rule_does_not_stop_the_others(world, monkeypatch):
    from stageplein.reminders import services
    from stageplein.reminders.registry import ReminderRule

    def broken(now, days):
        raise ValueError("bad rule")

    rules = {"broken": ReminderRule(key="broken", label="x", find=broken), **services.discover()}
    monkeypatch.setattr(services, "discover", lambda: rules)
    with (
        time_machine.travel(at(10, 9, 15), tick=False),
        pytest.raises(services.RulesFailed, match="broken"),
    ):
        services.reminders_run()
    assert Notification.objects.filter(
        recipient=world.users["supervisor"], kind="reminder:unverified_hours"
    ).exists()
