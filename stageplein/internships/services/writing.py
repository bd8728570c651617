"""What the student writes: logbook, learning goals, the report and its review (R-INT-3)."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.internships.models import (
    Internship,
    LogbookEntry,
    Report,
)
from stageplein.internships.services.common import InternshipError, in_site_language
from stageplein.internships.services.contract import school_signers
from stageplein.notifications.services import notify
from stageplein.students.consent import consent_in_force
from stageplein.students.models import ConsentPurpose


def logbook_write(
    *,
    internship: Internship,
    by: User,
    date: datetime.date,
    text: str,
    photo: UploadedFile | None = None,
) -> LogbookEntry:
    if date > timezone.localdate():
        raise InternshipError(_("You can only write about sessions that have taken place."))
    if photo and not consent_in_force(internship.student, ConsentPurpose.PHOTOS):
        raise InternshipError(_("Photos can be added once consent for photos has been given."))
    return LogbookEntry.objects.create(
        internship=internship, date=date, text=text, photo=photo or "", author=by
    )


def learning_goals_set(*, internship: Internship, by: User, text: str) -> None:
    if Report.objects.filter(
        internship=internship, kind=Report.Kind.REFLECTION, status=Report.Status.APPROVED
    ).exists():
        raise InternshipError(_("Your reflection has been approved; the goals are final."))
    Internship.objects.filter(pk=internship.pk).update(learning_goals=text)
    internship.learning_goals = text


@transaction.atomic
def report_submit(
    *,
    internship: Internship,
    kind: str,
    by: User,
    text: str = "",
    file: UploadedFile | None = None,
) -> Report:
    """Hand in the logbook, the reflection or the final report for the mentor to approve.

    A new version each time: what the mentor sent back, and why, stays in the history."""
    if kind == Report.Kind.LOGBOOK and not internship.logbook.exists():
        raise InternshipError(_("Write at least one logbook entry first."))
    if kind == Report.Kind.REFLECTION and not internship.learning_goals.strip():
        raise InternshipError(_("Write down your learning goals first."))
    if kind != Report.Kind.LOGBOOK and not text.strip() and file is None:
        raise InternshipError(_("Write your text or upload a file."))
    versions = Report.objects.select_for_update().filter(internship=internship, kind=kind)
    latest = versions.order_by("-version").first()
    if latest is not None and latest.status == Report.Status.SUBMITTED:
        raise InternshipError(_("Your mentor has not looked at the previous version yet."))
    if latest is not None and latest.status == Report.Status.APPROVED:
        raise InternshipError(_("This has been approved already."))
    report = Report.objects.create(
        internship=internship,
        kind=kind,
        version=(latest.version + 1) if latest else 1,
        text=text,
        file=file or "",
        file_name=(file.name or "")[:200] if file else "",
        submitted_by=by,
    )
    mentor = internship.student.mentor
    reviewers = [mentor] if mentor else school_signers(internship)
    for user in reviewers:
        notify(
            user,
            kind="report_submitted",
            title=in_site_language(_("A student's work is waiting for your approval")),
            url=reverse("report_page", args=[internship.pk, kind]),
        )
    return report


def report_review(*, report: Report, by: User, approve: bool, comment: str) -> bool:
    """Approve, or send back with comments (comments are required then)."""
    if not approve and not comment.strip():
        raise InternshipError(_("Tell the student what to improve."))
    with transaction.atomic():
        done = Report.objects.filter(pk=report.pk, status=Report.Status.SUBMITTED).update(
            status=Report.Status.APPROVED if approve else Report.Status.RETURNED,
            reviewed_by=by,
            reviewed_at=timezone.now(),
            review_comment=comment.strip(),
        )
        if done != 1:
            return False
        notify(
            report.internship.student.user,
            kind="report_reviewed",
            title=in_site_language(
                _("Your mentor has approved your work")
                if approve
                else _("Your mentor sent your work back with comments")
            ),
            url=reverse("report_page", args=[report.internship_id, report.kind]),
        )
    return True
