"""The reminder registry. Each app that wants reminders puts a ``reminders.py`` next to its
models with ``RULES = [ReminderRule(...)]``; the scheduler finds them with
``autodiscover_modules`` (core/discovery.py). A rule only *finds* who should be reminded of
what; sending, repeating and the settings an admin can change (on/off, days, repeat interval)
are handled here, the same for every rule. See docs/reminders.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from stageplein.core.discovery import app_modules


@dataclass(frozen=True)
class Due:
    """One reminder to send. ``about`` identifies what it is about (e.g. "contract:17"), so
    that the same reminder is not repeated before the rule's repeat interval; ``title`` travels
    by e-mail and must not hold another person's personal data."""

    recipient_id: int
    about: str
    title: str
    url: str = ""


@dataclass(frozen=True)
class ReminderRule:
    key: str
    label: object  # lazy translation, shown in the admin
    # find(now, days) -> the reminders due; ``days`` is the rule's configurable N.
    find: Callable[[datetime.datetime, int], Iterable[Due]]
    days: int = 7
    repeat_days: int = 7  # 0: remind once
    help: object = ""
    enabled: bool = True
    options: dict = field(default_factory=dict)


def discover() -> dict[str, ReminderRule]:
    rules: dict[str, ReminderRule] = {}
    for found in app_modules("reminders"):
        for rule in getattr(found, "RULES", []):
            assert rule.key not in rules, f"reminder rule {rule.key} registered twice"
            rules[rule.key] = rule
    return rules
