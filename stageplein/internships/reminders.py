"""Reminders of the internship (docs/reminders.md): a contract still waiting for signatures (hours
only count once the contract is fully signed, so a forgotten signature silently costs a student
hours), and hours waiting for the supervisor's verification."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from stageplein.internships.models import Contract, HourEntry, Party
from stageplein.internships.services.common import guardians_of
from stageplein.internships.services.contract import provider_signers, school_signers
from stageplein.reminders.registry import Due, ReminderRule


def unsigned_contracts(now: datetime.datetime, days: int) -> Iterator[Due]:
    waiting = (
        Contract.objects.filter(
            superseded_at__isnull=True,
            fully_signed_at__isnull=True,
            created_at__lte=now - datetime.timedelta(days=days),
        )
        .exclude(internship__status__in=["cancelled", "completed"])
        .select_related("internship__student__user", "internship__student__mentor")
        .select_related("internship__provider", "internship__supervisor")
        .prefetch_related("signatures")
    )
    title = gettext("An internship contract is waiting for your signature")
    for contract in waiting:
        internship = contract.internship
        signed = {s.party for s in contract.signatures.all()}
        url = reverse("internship_contract", args=[internship.pk])
        for party in contract.required_parties:
            if party in signed:
                continue
            if party == Party.STUDENT:
                people = [internship.student.user]
            elif party == Party.PARENT:
                people = guardians_of(internship.student)
            elif party == Party.SCHOOL:
                people = school_signers(internship)
            else:
                people = provider_signers(internship)
            for user in people:
                yield Due(
                    recipient_id=user.pk, about=f"contract:{contract.pk}", title=title, url=url
                )


def unverified_hours(now: datetime.datetime, days: int):
    """Supervisors with hours waiting for verification for at least ``days`` days. One
    reminder per supervisor with the count: names of students stay on the platform."""
    waiting = (
        HourEntry.objects.filter(
            status=HourEntry.Status.SUBMITTED,
            created_at__lte=now - datetime.timedelta(days=days),
            internship__supervisor__isnull=False,
        )
        .values("internship__supervisor")
        .annotate(n=Count("pk"))
        .order_by("internship__supervisor")
    )
    home = reverse("home")
    for row in waiting:
        yield Due(
            recipient_id=row["internship__supervisor"],
            about="unverified-hours",
            title=ngettext(
                "%(n)d hour entry is waiting for your verification",
                "%(n)d hour entries are waiting for your verification",
                row["n"],
            )
            % {"n": row["n"]},
            url=home,
        )


RULES = [
    ReminderRule(
        key="contract_unsigned",
        label=_("Contract waiting for a signature"),
        help=_("Days: how long a contract may wait for a signature before a reminder."),
        find=unsigned_contracts,
        days=5,
        repeat_days=5,
    ),
    ReminderRule(
        key="unverified_hours",
        label=_("Supervisor with unverified hours"),
        help=_("Days: how long an hour entry waits before its supervisor is reminded."),
        find=unverified_hours,
        days=7,
        repeat_days=7,
    ),
]
