"""Reminder: a placement that went stale and is still not renewed (R-PLACE-7). The daily
``placement_renewals`` job mails a one-time renewal link once; this rule keeps reminding the
provider's contacts on the platform until they renew or close it, because a stale placement is
hidden from students."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stageplein.placements.models import Placement
from stageplein.placements.services import provider_contacts
from stageplein.reminders.registry import Due, ReminderRule


def stale_placements(now: datetime.datetime, days: int) -> Iterator[Due]:
    waiting = Placement.objects.stale(now).filter(
        renewal_requested_at__lte=now - datetime.timedelta(days=days)
    )
    title = gettext("A placement of yours is hidden from students until you renew it")
    contacts: dict[int, list] = {}
    for placement in waiting.only("pk", "provider_id", "contact_id"):
        if placement.provider_id not in contacts:
            contacts[placement.provider_id] = provider_contacts(placement.provider_id)
        recipients = {u.pk for u in contacts[placement.provider_id]}
        if placement.contact_id:
            recipients.add(placement.contact_id)
        url = reverse("placement_detail", args=[placement.pk])
        for user_id in sorted(recipients):
            yield Due(recipient_id=user_id, about=f"placement:{placement.pk}", title=title, url=url)


RULES = [
    ReminderRule(
        key="stale_placement",
        label=_("Stale placement not renewed"),
        help=_(
            "Days: how long after the renewal link was sent a provider is reminded that its "
            "placement is still hidden from students."
        ),
        find=stale_placements,
        days=14,
        repeat_days=14,
    ),
]
