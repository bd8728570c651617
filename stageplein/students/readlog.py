"""The read log (R-PRIV-1, issue 13): ``record_read`` is called where a student's data is
handed out, i.e. by the ``get_*_for_user`` helpers of the access modules and the views that
serve a student's files and exports, so a new page that loads a student through them is logged
without remembering to."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpRequest

from stageplein.accounts.access import Scope, build_scope, get_scope
from stageplein.accounts.models import Role, User
from stageplein.students.models import ReadLogEntry, Student


def reader_role(scope: Scope, student: Student) -> str:
    """Why this person could read the student's data: the first role that grants it."""
    if student.pk in scope.guardian_of:
        return Role.PARENT.value
    if student.school_id in scope.coordinator_schools:
        return Role.COORDINATOR.value
    if student.school_id in scope.mentor_schools:
        return Role.MENTOR.value
    if scope.contact_providers:
        return Role.PROVIDER_CONTACT.value
    if scope.supervisor_providers:
        return Role.SUPERVISOR.value
    if scope.brokers:
        return Role.BROKER.value
    if scope.is_admin:
        return Role.ADMIN.value
    return ""


def record_read(
    request: HttpRequest,
    student: Student,
    *,
    kind: str = ReadLogEntry.Kind.PAGE,
    what: str = "",
) -> None:
    """Log that the signed-in person read ``student``'s data, unless it is the student."""
    record_reads(request, [student], kind=kind, what=what)


def record_reads(
    request: HttpRequest,
    students: Iterable[Student],
    *,
    kind: str = ReadLogEntry.Kind.PAGE,
    what: str = "",
    user: User | None = None,
) -> int:
    """Log that the signed-in person (or ``user``, who opened a link mailed to them) read the
    data of each of ``students`` on one page: a detail page, or a list that shows more than
    names (the hours a supervisor is asked to confirm). One INSERT; returns the entries."""
    scope = get_scope(request) if user is None else build_scope(user)
    if scope.user_id is None:
        return 0
    reader = user or request.user
    name = (reader.get_full_name() or reader.email or "")[:200]  # type: ignore[union-attr]
    entries = {
        student.pk: ReadLogEntry(
            student=student,
            reader_id=scope.user_id,
            reader_name=name,
            role=reader_role(scope, student),
            kind=kind,
            what=(what or request.path)[:300],
        )
        for student in students
        if student.pk != scope.student_id
    }
    ReadLogEntry.objects.bulk_create(entries.values())
    return len(entries)


def record_export(user: User, students: QuerySet[Student], *, what: str) -> int:
    """Log that ``user`` received a file naming ``students`` (an xlsx/csv/PDF export of a
    list): one entry per student, written together. Returns the number of entries."""
    scope = build_scope(user)
    name = (user.get_full_name() or user.email or "")[:200]
    entries = [
        ReadLogEntry(
            student_id=pk,
            reader=user,
            reader_name=name,
            role=reader_role(scope, Student(pk=pk, school_id=school_id)),
            kind=ReadLogEntry.Kind.EXPORT,
            what=what[:300],
        )
        for pk, school_id in students.order_by().values_list("pk", "school_id").distinct()
        if pk != scope.student_id
    ]
    ReadLogEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


def read_log_of(student: Student):
    return ReadLogEntry.objects.filter(student=student).order_by("-at")


def record_api_reads(
    *,
    scope: Scope,
    reader: User | None,
    reader_name: str,
    student_ids: Iterable[int],
    what: str,
) -> int:
    """Log that an API caller received the data of the students ``student_ids`` (one entry
    per student, however often the answer names them): a system of an organisation (``reader``
    None, ``reader_name`` the client's name) or a person's personal access token. One SELECT of
    the students' schools (for the role) and one INSERT, whatever the page size."""
    ids = {pk for pk in student_ids if pk is not None and pk != scope.student_id}
    if not ids:
        return 0
    entries = [
        ReadLogEntry(
            student_id=pk,
            reader=reader,
            reader_name=reader_name[:200],
            role=reader_role(scope, Student(pk=pk, school_id=school_id)),
            kind=ReadLogEntry.Kind.API,
            what=what[:300],
        )
        for pk, school_id in Student.objects.filter(pk__in=ids).values_list("pk", "school_id")
    ]
    ReadLogEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)
