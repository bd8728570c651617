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

Set-based (issue 13): a batch of students at a time, with one UPDATE or DELETE per table for the
whole batch, so a national year of leavers costs a few hundred statements per batch instead of
a few dozen per student. Each app above contributes ``anonymise(students)`` in its ``privacy``
module (found by discovery, as for the own-data ZIP), given the batch as a queryset; files are
deleted once the transaction commits."""

from __future__ import annotations

import datetime
import logging
from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from auditlog.context import disable_auditlog
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


# Students per transaction: big enough that the statements per table are few, small enough
# that one batch's locks and file list stay modest (bench/privacy.py).
BATCH = 500


def forget_users(users: QuerySet[User]) -> int:
    """The accounts can no longer sign in and say nobody: no name, no e-mail, no second factor,
    no links, sessions or push devices, no audit entries about them."""
    people = list(users.only("pk"))
    for user in people:
        user.first_name = user.last_name = ""
        user.email = None
        user.is_active = False
        user.feed_token = new_feed_token()  # the old calendar link stops working
        user.set_unusable_password()
    # One UPDATE (CASE per field) for the lot: the token and password differ per person.
    User.objects.bulk_update(
        people,
        ["first_name", "last_name", "email", "is_active", "feed_token", "password"],
        batch_size=BATCH,
    )
    ids = [u.pk for u in people]
    for model in (EmailAddress, Authenticator, OneTimeLink, UserSession):
        model.objects.filter(user_id__in=ids).delete()
    about(User, ids).delete()
    LogEntry.objects.filter(actor_id__in=ids).update(remote_addr=None, actor_email="")
    return len(ids)


def about(model: type[Model], pks) -> QuerySet[LogEntry]:
    """The audit entries about these rows of ``model``."""
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_pk__in=[str(pk) for pk in pks],
    )


def forget_audit(rows: QuerySet) -> int:
    """Delete the audit entries about ``rows`` (their text names the student); returns how
    many. For the apps' ``anonymise`` hooks, whose models are audited."""
    deleted, _kinds = about(rows.model, list(rows.values_list("pk", flat=True))).delete()
    return deleted


def anonymise_batch(students: QuerySet[Student], *, now: datetime.datetime) -> int:
    """Anonymise the students of ``students`` not anonymised yet; returns how many. The rows are
    claimed under a row lock with ``anonymised_at IS NULL`` (PostgreSQL checks it again once a
    lock is released), so two runs at once anonymise each student once.

    Without audit entries: the entries about these rows are deleted with them, and deleting
    audited rows (guardianships, consents, requests) would otherwise write a new entry per row
    that names the student (django-auditlog's post_delete), one INSERT at a time."""
    with transaction.atomic(), disable_auditlog():
        claimed = list(
            Student.objects.filter(pk__in=students.values("pk"), anonymised_at__isnull=True)
            .select_for_update(of=("self",))
            .values_list("pk", "user_id", "date_of_birth")
        )
        if not claimed:
            return 0
        ids = [pk for pk, _user, _dob in claimed]
        Student.objects.filter(pk__in=ids).update(anonymised_at=now)
        batch = Student.objects.filter(pk__in=ids)
        for module in app_modules("privacy"):
            hook = getattr(module, "anonymise", None)
            if hook is not None:
                hook(batch)
        parent_ids = set(
            Guardianship.objects.filter(student_id__in=ids).values_list("guardian_id", flat=True)
        )
        forget_audit(Guardianship.objects.filter(student_id__in=ids))
        Guardianship.objects.filter(student_id__in=ids).delete()
        # A parent's account goes when it serves no other child and no role.
        forget_users(
            User.objects.filter(pk__in=parent_ids, is_staff=False, is_superuser=False)
            .exclude(pk__in=Guardianship.objects.values("guardian_id"))
            .exclude(pk__in=Membership.objects.values("user_id"))
        )
        Consent.objects.filter(student_id__in=ids).delete()
        requests = PrivacyRequest.objects.filter(student_id__in=ids)
        about(PrivacyRequest, requests.values_list("pk", flat=True)).delete()
        requests.delete()
        ReadLogEntry.objects.filter(student_id__in=ids).delete()
        about(Student, ids).delete()
        # Student number and date of birth differ per student: one bulk UPDATE (CASE).
        Student.objects.bulk_update(
            [
                Student(pk=pk, student_number=f"anon-{pk}"[:20], date_of_birth=date(dob.year, 7, 1))
                for pk, _user, dob in claimed
            ],
            ["student_number", "date_of_birth"],
            batch_size=BATCH,
        )
        batch.update(hobbies="", guidance_needs="", mentor=None)
        forget_users(User.objects.filter(pk__in=[user for _pk, user, _dob in claimed]))
    logger.info("anonymised %s students", len(ids))
    return len(ids)


def student_anonymise(student: Student, *, now: datetime.datetime | None = None) -> bool:
    """Anonymise one student; False if that was done already."""
    return bool(anonymise_batch(Student.objects.filter(pk=student.pk), now=now or timezone.now()))


def anonymise_left_before(cutoff: datetime.date, *, now: datetime.datetime | None = None) -> int:
    """Anonymise every student who left before ``cutoff``, a batch at a time; returns how
    many."""
    now = now or timezone.now()
    done = 0
    waiting = Student.objects.filter(left_on__lt=cutoff, anonymised_at__isnull=True)
    while True:
        ids = list(waiting.order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return done
        done += anonymise_batch(Student.objects.filter(pk__in=ids), now=now)
