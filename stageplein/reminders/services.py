"""Run the registered reminder rules: find who is due, skip what was sent too recently, send
through notify() (in-app, and e-mail at once or in the digest as each person chose)."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from stageplein.accounts.models import User
from stageplein.notifications.services import notify
from stageplein.reminders.models import ReminderSent, ReminderSetting
from stageplein.reminders.registry import ReminderRule, discover

logger = logging.getLogger(__name__)


def setting_for(rule: ReminderRule) -> ReminderSetting:
    setting, _created = ReminderSetting.objects.get_or_create(
        rule=rule.key,
        defaults={"enabled": rule.enabled, "days": rule.days, "repeat_days": rule.repeat_days},
    )
    return setting


def reminders_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send the reminders that are due; returns the number sent per rule."""
    now = now or timezone.now()
    sent: dict[str, int] = {}
    failed = []
    for rule in discover().values():
        setting = setting_for(rule)
        if not setting.enabled:
            continue
        try:
            sent[rule.key] = _run_rule(rule, setting, now)
        except Exception:
            # One broken rule must not keep the others' reminders from going out.
            logger.exception("reminder rule %s failed", rule.key)
            failed.append(rule.key)
    if failed:
        raise RulesFailed(f"reminder rules failed: {', '.join(failed)}; sent: {sent}")
    return sent


class RulesFailed(Exception):
    pass


@transaction.atomic
def _run_rule(rule: ReminderRule, setting: ReminderSetting, now: datetime.datetime) -> int:
    due = list(rule.find(now, setting.days))
    if not due:
        return 0
    recent = ReminderSent.objects.filter(
        rule=rule.key, recipient_id__in={d.recipient_id for d in due}
    )
    if setting.repeat_days:
        recent = recent.filter(sent_at__gt=now - datetime.timedelta(days=setting.repeat_days))
    already = set(recent.values_list("recipient_id", "about"))
    users = User.objects.in_bulk({d.recipient_id for d in due})
    records = []
    for d in due:
        user = users.get(d.recipient_id)
        if (d.recipient_id, d.about) in already or user is None or not user.is_active:
            continue
        already.add((d.recipient_id, d.about))
        notify(user, kind=f"reminder:{rule.key}", title=d.title, url=d.url)
        records.append(
            ReminderSent(rule=rule.key, recipient_id=d.recipient_id, about=d.about, sent_at=now)
        )
    ReminderSent.objects.bulk_create(records)
    return len(records)
