"""The read log (R-PRIV-1, issue 13): ``record_read`` is called where a student's data is
handed out, i.e. by the ``get_*_for_user`` helpers of the access modules and the views that
serve a student's files and exports, so a new page that loads a student through them is logged
without remembering to."""

from __future__ import annotations

from django.http import HttpRequest

from stageplein.accounts.access import Scope, get_scope
from stageplein.accounts.models import Role
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
    scope = get_scope(request)
    if scope.user_id is None or scope.student_id == student.pk:
        return
    user = request.user
    ReadLogEntry.objects.create(
        student=student,
        reader_id=scope.user_id,
        reader_name=(user.get_full_name() or user.email or "")[:200],  # type: ignore[union-attr]
        role=reader_role(scope, student),
        kind=kind,
        what=(what or request.path)[:300],
    )


def read_log_of(student: Student):
    return ReadLogEntry.objects.filter(student=student).order_by("-at")
