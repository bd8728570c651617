"""Hours: submitted by the student, verified or rejected by the provider (R-HOURS-4)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.links import issue_link
from stageplein.accounts.models import Membership, OneTimeLink, Role, User
from stageplein.core import events
from stageplein.internships.models import (
    HourEntry,
    Internship,
)
from stageplein.internships.services.certificates import certificate_issue_if_due
from stageplein.internships.services.common import (
    HOURS_VERIFY,
    LINK_MAX_AGE,
    InternshipError,
    in_site_language,
    mail_link,
)
from stageplein.internships.services.contract import school_signers
from stageplein.notifications.services import notify


def _verifiers(internship: Internship) -> list[User]:
    """Who is asked to confirm hours: the internship's supervisor, else the organisation's
    contacts; at school the student's mentor (the school is the provider)."""
    if internship.provider.school_id is not None:
        return school_signers(internship)
    if internship.supervisor is not None:
        return [internship.supervisor]
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.PROVIDER_CONTACT, provider_id=internship.provider_id
        ).select_related("user")
    ]


# A session may fall a little outside the planned dates (an intake visit before the start, a
# last afternoon after the end); not years away from them.
SESSION_GRACE_BEFORE = datetime.timedelta(days=14)
SESSION_GRACE_AFTER = datetime.timedelta(days=28)


class DateOutsideInternship(InternshipError):
    """Shown on the form's date field."""


def session_window(internship: Internship) -> tuple[datetime.date, datetime.date]:
    """The days on which a session of this internship may be logged. The offline hours form
    checks the same window before it queues an entry (static/js/pwa.js)."""
    return (
        internship.start_date - SESSION_GRACE_BEFORE,
        internship.end_date + SESSION_GRACE_AFTER,
    )


def session_window_message(internship: Internship) -> str:
    earliest, latest = session_window(internship)
    return _(
        "This internship runs from %(start)s to %(end)s: log a session on a day "
        "between %(earliest)s and %(latest)s."
    ) % {
        "start": formats.date_format(internship.start_date, "j F Y"),
        "end": formats.date_format(internship.end_date, "j F Y"),
        "earliest": formats.date_format(earliest, "j F Y"),
        "latest": formats.date_format(latest, "j F Y"),
    }


@transaction.atomic
def hour_entry_submit(
    *,
    internship: Internship,
    by: User,
    date: datetime.date,
    hours: Decimal,
    description: str,
    submission_key: uuid.UUID,
    verified_by_submitter: bool = False,
    corrects: HourEntry | None = None,
    paper_log: UploadedFile | None = None,
) -> tuple[HourEntry, bool]:
    """Log a session. Idempotent: the form carries a key made when it was shown, so a retried or
    double-clicked submit returns the entry the first one made (``created`` is False).

    A supervisor who registers hours for the student (R-ROLE-3) confirms them at once
    (``verified_by_submitter``); everything else waits for the provider (R-HOURS-4).
    """
    if internship.status == Internship.Status.CANCELLED:
        raise InternshipError(_("This internship has been cancelled."))
    if date > timezone.localdate():
        raise DateOutsideInternship(_("You can only log sessions that have taken place."))
    earliest, latest = session_window(internship)
    if not earliest <= date <= latest:
        raise DateOutsideInternship(session_window_message(internship))
    if corrects is not None and (
        corrects.internship_id != internship.pk
        or corrects.status not in (HourEntry.Status.VERIFIED, HourEntry.Status.REJECTED)
    ):
        raise InternshipError(_("Only a verified or rejected entry can be corrected."))
    now = timezone.now()
    try:
        with transaction.atomic():
            entry = HourEntry.objects.create(
                internship=internship,
                date=date,
                hours=hours,
                description=description,
                submission_key=submission_key,
                submitted_by=by,
                corrects=corrects,
                paper_log=paper_log or "",
                status=HourEntry.Status.VERIFIED
                if verified_by_submitter
                else HourEntry.Status.SUBMITTED,
                verified_by=by if verified_by_submitter else None,
                verified_at=now if verified_by_submitter else None,
                method=HourEntry.Method.PLATFORM if verified_by_submitter else "",
            )
    except IntegrityError:
        existing = HourEntry.objects.filter(submission_key=submission_key).first()
        if existing is None or existing.internship_id != internship.pk:
            raise
        return existing, False
    if verified_by_submitter:
        _after_verification(entry)
        return entry, True
    _ask_for_verification(entry)
    return entry, True


def _ask_for_verification(entry: HourEntry) -> int:
    sent = 0
    for user in _verifiers(entry.internship):
        raw = issue_link(HOURS_VERIFY, user=user, payload={"entry": entry.pk}, max_age=LINK_MAX_AGE)
        notify(
            user,
            kind="hours_to_verify",
            title=in_site_language(_("New hours to confirm")),
            url=reverse("hours_to_verify"),
            email=False,
        )
        mail_link(
            user,
            subject=in_site_language(_("New hours to confirm")),
            template="internships/email/hours_verify.txt",
            path=reverse("hours_verify_link", args=[raw]),
        )
        sent += 1
    return sent


ASK_AGAIN_AFTER = datetime.timedelta(hours=1)


def hour_entry_ask_again(*, entry: HourEntry, by: User) -> int:
    """The student sends the confirmation link again (the supervisor lost the e-mail). At most
    once an hour per entry, so a student cannot flood a volunteer's mailbox."""
    with transaction.atomic():
        entry = HourEntry.objects.select_for_update().select_related("internship").get(pk=entry.pk)
        if entry.status != HourEntry.Status.SUBMITTED:
            raise InternshipError(_("These hours are no longer waiting for confirmation."))
        recent = OneTimeLink.objects.filter(
            purpose=HOURS_VERIFY,
            payload__entry=entry.pk,
            created_at__gte=timezone.now() - ASK_AGAIN_AFTER,
        )
        if recent.exists():
            raise InternshipError(
                _("The link was sent less than an hour ago. Ask your supervisor to look again.")
            )
        return _ask_for_verification(entry)


def hour_entry_verify(*, entry: HourEntry, by: User | None, method: str) -> bool:
    """Confirm an entry. One guarded UPDATE decides: of two supervisors confirming at the same
    moment exactly one succeeds (True); the other, and any retry, gets False."""
    with transaction.atomic():
        verified = HourEntry.objects.filter(pk=entry.pk, status=HourEntry.Status.SUBMITTED).update(
            status=HourEntry.Status.VERIFIED,
            verified_by=by,
            verified_at=timezone.now(),
            method=method,
        )
        if verified != 1:
            return False
        # The internship, student and user come along: the notification and the certificate
        # check need them (one query instead of four).
        entry.refresh_from_db(
            from_queryset=HourEntry.objects.select_related("internship__student__user")
        )
        _after_verification(entry)
    return True


def _after_verification(entry: HourEntry) -> None:
    if entry.corrects_id is not None:
        # The correction replaces the entry it corrects; the old one is kept, locked.
        HourEntry.objects.filter(pk=entry.corrects_id, status=HourEntry.Status.VERIFIED).update(
            status=HourEntry.Status.CORRECTED
        )
    internship = entry.internship
    Internship.objects.filter(pk=internship.pk, status=Internship.Status.PLANNED).update(
        status=Internship.Status.ACTIVE
    )
    notify(
        internship.student.user,
        kind="hours_verified",
        title=in_site_language(_("Your hours have been confirmed")),
        url=reverse("internship_detail", args=[internship.pk]),
    )
    events.emit(events.HOURS_VERIFIED, entry.pk)
    certificate_issue_if_due(student=internship.student)


def hour_entry_reject(*, entry: HourEntry, by: User | None, reason: str) -> bool:
    if not reason.strip():
        raise InternshipError(_("Say why, so that the student can correct it."))
    with transaction.atomic():
        rejected = HourEntry.objects.filter(pk=entry.pk, status=HourEntry.Status.SUBMITTED).update(
            status=HourEntry.Status.REJECTED,
            verified_by=by,
            rejection_reason=reason.strip(),
        )
        if rejected != 1:
            return False
        notify(
            entry.internship.student.user,
            kind="hours_rejected",
            title=in_site_language(_("Your supervisor could not confirm an hour entry")),
            url=reverse("hours_entry", args=[entry.pk]),
        )
    return True
