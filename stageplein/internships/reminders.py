"""Reminders of the internship (docs/reminders.md): a contract still waiting for signatures (hours
only count once the contract is fully signed, so a forgotten signature silently costs a student
hours), and hours waiting for the supervisor's verification."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Count
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import Membership, Role
from stageplein.internships.models import Contract, HourEntry, Internship, Party
from stageplein.internships.services.common import guardians_of
from stageplein.internships.services.contract import provider_signers, school_signers
from stageplein.reminders.registry import Due, ReminderRule
from stageplein.students.consent import TEXTS, consent_from_parent
from stageplein.students.models import Consent, PrivacyRequest, Student


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


# -- privacy (issue 13) ---------------------------------------------------------------------------
# The students app sits below reminders (docs/architecture.md), so the privacy rules live here:
# the consents are asked for the internship (logbook photos, guidance shared with the
# organisation), and the school staff who answer privacy requests are reminded with them.


def consent_unanswered(now: datetime.datetime, days: int) -> Iterator[Due]:
    """Whoever decides (a parent below 16, else the student) has not answered a consent
    question while an internship starts within ``days`` days or is under way. Only questions
    never answered: a refusal or a withdrawal is an answer and is not asked again."""
    today = timezone.localtime(now).date()
    students = (
        Student.objects.filter(
            left_on__isnull=True,
            internships__status__in=[Internship.Status.PLANNED, Internship.Status.ACTIVE],
            internships__start_date__lte=today + datetime.timedelta(days=days),
        )
        .select_related("user")
        .distinct()
    )
    answered: dict[int, set[str]] = {}
    for student_id, purpose in Consent.objects.filter(student__in=students).values_list(
        "student_id", "purpose"
    ):
        answered.setdefault(student_id, set()).add(purpose)
    title = gettext("A question about consent for an internship is waiting for your answer")
    for student in students:
        if set(TEXTS) <= answered.get(student.pk, set()):
            continue
        who = guardians_of(student) if consent_from_parent(student) else [student.user]
        url = reverse("student_consent", args=[student.pk])
        for user in who:
            yield Due(recipient_id=user.pk, about=f"consent:{student.pk}", title=title, url=url)


def privacy_request_due(now: datetime.datetime, days: int) -> Iterator[Due]:
    """The school's coordinators, while a correction or removal request is open and its legal
    deadline (one month, AVG art. 12(3)) is ``days`` days away or past."""
    today = timezone.localtime(now).date()
    waiting = PrivacyRequest.objects.filter(
        status=PrivacyRequest.Status.OPEN, due_on__lte=today + datetime.timedelta(days=days)
    ).select_related("student")
    coordinators: dict[int, list[int]] = {}
    for school_id, user_id in Membership.objects.filter(
        role=Role.COORDINATOR, school_id__in=waiting.values("student__school_id")
    ).values_list("school_id", "user_id"):
        coordinators.setdefault(school_id, []).append(user_id)
    for request in waiting:
        # No name in the title: it travels by e-mail.
        title = gettext("A privacy request must be answered by %(date)s") % {
            "date": formats.date_format(request.due_on, "SHORT_DATE_FORMAT")
        }
        url = reverse("privacy_request_detail", args=[request.pk])
        for user_id in coordinators.get(request.student.school_id, []):
            yield Due(
                recipient_id=user_id, about=f"privacy-request:{request.pk}", title=title, url=url
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
    ReminderRule(
        key="consent_unanswered",
        label=_("Consent question not answered"),
        help=_(
            "Days: how long before an internship starts the parent (or the student from 16) "
            "is reminded of a consent question never answered."
        ),
        find=consent_unanswered,
        days=7,
        # Once: consent must be free (AVG art. 7), so not consenting is an answer too, and a
        # parent who chose it is not asked again and again.
        repeat_days=0,
    ),
    ReminderRule(
        key="privacy_request_due",
        label=_("Privacy request nearly due"),
        help=_(
            "Days: how long before the legal deadline the coordinators are reminded of an "
            "open correction or removal request."
        ),
        find=privacy_request_due,
        days=7,
        repeat_days=2,
    ),
]
