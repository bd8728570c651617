"""The certificate (R-INT-6): issued when the counting hours reach the norm, revocable by
the school."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stageplein.accounts.models import User
from stageplein.core import events
from stageplein.internships.models import (
    Certificate,
)
from stageplein.internships.progress import progress_of, with_progress
from stageplein.internships.services.common import InternshipError, guardians_of, in_site_language
from stageplein.notifications.services import notify, notify_many
from stageplein.students.models import Student


def _new_code() -> str:
    return secrets.token_urlsafe(12)


def certificate_issue_if_due(*, student: Student, by: User | None = None) -> Certificate | None:
    """Issue the certificate the moment the counting hours reach the norm. Automatic only once
    per student: after a revocation the school decides (``certificate_issue``)."""
    # One read for "has one already?" and the counting hours: this runs on every verified hour.
    current = (
        with_progress(Student.objects.select_related("school", "user"))
        .annotate(certified=Exists(Certificate.objects.filter(student=OuterRef("pk"))))
        .get(pk=student.pk)
    )
    if current.certified:
        return None
    progress = progress_of(current)
    if not progress.reached:
        return None
    return _certificate_create(student, progress.done, by)


def _certificate_create(student: Student, hours: Decimal, by: User | None) -> Certificate | None:
    student = Student.objects.select_related("school", "user").get(pk=student.pk)
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                student=student,
                code=_new_code(),
                student_name=student.user.get_full_name(),
                school_name=student.school.name,
                hours=hours,
                issued_at=timezone.now(),
                issued_by=by,
            )
    except IntegrityError:
        return None  # issued a moment ago by a concurrent verification
    events.emit(events.CERTIFICATE_ISSUED, certificate.pk)
    url = reverse("certificate_pdf", args=[certificate.pk])
    notify(
        student.user,
        kind="certificate",
        title=in_site_language(_("You have reached the norm: your certificate is ready")),
        url=url,
    )
    notify_many(
        guardians_of(student),
        kind="certificate",
        title=in_site_language(_("Your child's maatschappelijke stage certificate is ready")),
        url=url,
    )
    return certificate


def certificate_issue(*, student: Student, by: User) -> Certificate:
    progress = progress_of(Student.objects.select_related("school").get(pk=student.pk))
    if not progress.reached:
        raise InternshipError(_("The student has not reached the norm yet."))
    certificate = _certificate_create(student, progress.done, by)
    if certificate is None:
        raise InternshipError(_("The student already has a valid certificate."))
    return certificate


def certificate_revoke(*, certificate: Certificate, by: User, reason: str) -> bool:
    if not reason.strip():
        raise InternshipError(_("Give a reason for revoking the certificate."))
    return bool(
        Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by, revoke_reason=reason.strip()[:300]
        )
    )
