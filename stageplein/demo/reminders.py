"""Demo: the demo supervisor has been reminded of the hours waiting for verification."""

from __future__ import annotations

from django.utils import timezone

from stageplein.accounts.models import User
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.internships.reminders import unverified_hours
from stageplein.notifications.models import Notification
from stageplein.reminders.models import ReminderSent


def build(builder, rng, context) -> None:
    supervisor = User.objects.filter(email=FIXED_ACCOUNTS["supervisor"]).first()
    if not context.fixed or supervisor is None:
        return
    now = timezone.now()
    for due in unverified_hours(now, 0):
        if due.recipient_id != supervisor.pk:
            continue
        # In-app only: loading the demo must not send e-mail.
        Notification.objects.create(
            recipient=supervisor,
            kind="reminder:unverified_hours",
            title=due.title,
            url=due.url,
            send_email=False,
        )
        ReminderSent.objects.create(
            rule="unverified_hours", recipient=supervisor, about=due.about, sent_at=now
        )
