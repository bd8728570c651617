"""Anonymising a student who left (R-PRIV-1, issue 13): one school year after leaving, every
trace that says who the student was goes, and what the platform counts stays.

Kept, so overviews and targets show the same totals: the student row (school, location, level,
year, cohort, class, home PC4 area, birth year), internships (provider, dates, status, planned
hours), hour entries (date, hours, status), reactions (placement, status, dates), report and
evaluation rows (status, grade, ratings), certificates (hours, dates). Removed: names, e-mail,
sign-in, student number, date of birth (the year stays), hobbies and guidance needs, every free
text the student or others wrote about them, logbook entries with their photos, uploaded files,
parents' links (and parents' accounts that serve no other child), consents, correction and
removal requests, the read log,
notifications, the audit entries about the student and their account.

Each app above contributes ``anonymise(student)`` in its ``privacy`` module (found by
discovery, as for the own-data ZIP); files are deleted once the transaction commits."""

from __future__ import annotations

import datetime
import logging

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import FileField, Model, QuerySet
from django.utils import timezone

from stageplein.accounts.models import Membership, OneTimeLink, User, new_feed_token
from stageplein.core.discovery import app_modules
from stageplein.students.models import (
    Consent,
    Guardianship,
    PrivacyRequest,
    ReadLogEntry,
    Student,
)

logger = logging.getLogger(__name__)


def delete_files_on_commit(queryset: QuerySet, field: str) -> int:
    """Empty ``field`` on the rows and delete their files once the transaction commits (a
    rollback keeps them). Returns the number of files."""
    model: type[Model] = queryset.model
    model_field = model._meta.get_field(field)
    assert isinstance(model_field, FileField)
    storage: Storage = model_field.storage
    names = [n for n in queryset.exclude(**{field: ""}).values_list(field, flat=True) if n]
    queryset.exclude(**{field: ""}).update(**{field: ""})

    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)
    return len(names)


def forget_user(user: User) -> None:
    """The account can no longer sign in and says nobody: no name, no e-mail, no second
    factor, no links, no audit entries about it."""
    user.first_name = ""
    user.last_name = ""
    user.email = None
    user.is_active = False
    user.feed_token = new_feed_token()
    user.set_unusable_password()
    user.save()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    OneTimeLink.objects.filter(user=user).delete()
    about(User, user.pk).delete()
    LogEntry.objects.filter(actor=user).update(remote_addr=None, actor_email="")


def about(model: type[Model], pk: int) -> QuerySet[LogEntry]:
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk=str(pk)
    )


def student_anonymise(student: Student, *, now: datetime.datetime | None = None) -> bool:
    """Anonymise one student; False if that was done already (the guarded UPDATE lets two
    runs at once do it once)."""
    now = now or timezone.now()
    with transaction.atomic():
        if not Student.objects.filter(pk=student.pk, anonymised_at__isnull=True).update(
            anonymised_at=now
        ):
            return False
        for module in app_modules("privacy"):
            hook = getattr(module, "anonymise", None)
            if hook is not None:
                hook(student)
        parents = list(User.objects.filter(guardianships__student=student).distinct())
        Guardianship.objects.filter(student=student).delete()
        for parent in parents:
            if not (
                parent.guardianships.exists()
                or Membership.objects.filter(user=parent).exists()
                or parent.is_staff
                or parent.is_superuser
            ):
                forget_user(parent)
        Consent.objects.filter(student=student).delete()
        for pk in PrivacyRequest.objects.filter(student=student).values_list("pk", flat=True):
            about(PrivacyRequest, pk).delete()
        PrivacyRequest.objects.filter(student=student).delete()
        ReadLogEntry.objects.filter(student=student).delete()
        about(Student, student.pk).delete()
        dob = student.date_of_birth
        Student.objects.filter(pk=student.pk).update(
            student_number=f"anon-{student.pk}"[:20],
            date_of_birth=datetime.date(dob.year, 7, 1),
            hobbies="",
            guidance_needs="",
            mentor=None,
        )
        forget_user(student.user)
    logger.info("anonymised student %s", student.pk)
    return True


def anonymise_left_before(cutoff: datetime.date, *, now: datetime.datetime | None = None) -> int:
    """Anonymise every student who left before ``cutoff``; returns how many."""
    done = 0
    for student in Student.objects.filter(
        left_on__lt=cutoff, anonymised_at__isnull=True
    ).select_related("user"):
        done += student_anonymise(student, now=now)
    return done
