"""The demo's clock. The story of a region (a placement published in spring, a reaction in
September, hours logged every week since) is played through the real services, each call at
the moment it happens in the story. The services read the time from Django as they always
do; the demo moves that clock, so no service needs a parameter for it.

Loading the demo sends no e-mail: the one-time links and notification mails the services
queue for the generated people go to a dummy mailer and task backend instead.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine
from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone


@contextmanager
def at(moment: datetime.datetime) -> Iterator[None]:
    """Run the block as if it were ``moment``; the clock stands still meanwhile."""
    with time_machine.travel(moment, tick=False):
        yield


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """``day`` at ``hour`` in the platform's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@contextmanager
def no_mail() -> Iterator[None]:
    queues = settings.TASKS["default"].get("QUEUES", ["default"])
    with override_settings(
        MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}},
        TASKS={
            "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": queues}
        },
    ):
        yield
