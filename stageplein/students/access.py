"""Who may see and do what in students (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from stageplein.accounts.access import Scope, any_of, get_scope
from stageplein.accounts.models import Role
from stageplein.geo.models import PostcodeArea
from stageplein.organisations.models import School
from stageplein.students.consent import consent_from_parent
from stageplein.students.models import PrivacyRequest, Student
from stageplein.students.readlog import record_read


def students_visible_to(scope: Scope) -> QuerySet[Student]:
    """Students a person may see by name: their school's, their mentees, their broker area's,
    themselves and their children. Providers see students only through internships and
    reactions, each with its own selector; municipalities and national viewers never."""
    condition = any_of(
        (scope.is_admin, Q()),
        (scope.student_id is not None, Q(pk=scope.student_id)),
        (bool(scope.guardian_of), Q(pk__in=scope.guardian_of)),
        (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
        (
            bool(scope.mentor_schools),
            Q(mentor_id=scope.user_id, school_id__in=scope.mentor_schools),
        ),
        (
            bool(scope.broker_municipalities),
            # Subqueries, not joins: PostgreSQL then checks the area on the student rows
            # before the costly per-student annotations (the broker's queue, issue 12).
            Q(
                school_id__in=School.objects.filter(
                    municipality_id__in=scope.broker_municipalities
                ).values("pk")
            )
            | Q(
                home_postcode_id__in=PostcodeArea.objects.filter(
                    municipality_id__in=scope.broker_municipalities
                ).values("pk")
            ),
        ),
        (
            bool(scope.providers),
            Q(internships__provider_id__in=scope.providers),
        ),
    )
    qs = Student.objects.filter(condition)
    if scope.providers:
        qs = qs.distinct()
    return qs


def get_student_for_user(request: HttpRequest, pk: int) -> Student:
    """The student's record for their pages; the read is logged (R-PRIV-1)."""
    student = get_object_or_404(
        students_visible_to(get_scope(request)).select_related(
            "user", "school", "mentor", "home_postcode"
        ),
        pk=pk,
    )
    record_read(request, student)
    return student


def may_see_read_log(scope: Scope, student: Student) -> bool:
    """Who read a student's data: the student, their parents, the school's coordinators and
    administrators (the privacy officer asks through them)."""
    return (
        scope.is_admin
        or scope.student_id == student.pk
        or student.pk in scope.guardian_of
        or student.school_id in scope.coordinator_schools
    )


def may_download_own_data(scope: Scope, student: Student) -> bool:
    """AVG art. 15: the student themselves, and a parent while the child is under 16 (from 16
    the student exercises their rights alone)."""
    if scope.student_id == student.pk:
        return True
    return student.pk in scope.guardian_of and student.age_on(timezone.localdate()) < 16


def own_student(scope: Scope) -> Student | None:
    """The signed-in person's own student record (None unless they are a student): pages that
    a student uses for themselves (the search, reacting, their internships) start from it."""
    if scope.student_id is None:
        return None
    return Student.objects.select_related("school", "location", "user").get(pk=scope.student_id)


def may_list_students(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.school_staff_schools or scope.brokers)


def may_edit_hour_norms(scope: Scope) -> bool:
    """The norm is national (R-HOURS-1): the national administrator keeps it."""
    return scope.is_admin or scope.is_national


def may_manage_staff(scope: Scope, school: School) -> bool:
    """A school's coordinators invite mentors and coordinators and assign mentors to classes."""
    return scope.is_admin or school.pk in scope.coordinator_schools


def may_edit_school_profile(scope: Scope, school: School) -> bool:
    """The school's contact for providers and its own rules: its coordinators."""
    return scope.is_admin or school.pk in scope.coordinator_schools


def may_assign_mentor(scope: Scope, student: Student) -> bool:
    """Who is a single student's mentor: the coordinators of the student's school."""
    return scope.is_admin or student.school_id in scope.coordinator_schools


def may_see_consents(scope: Scope, student: Student) -> bool:
    """Which consents are in force: those who give them, and the school that acts on them."""
    return (
        scope.is_admin
        or scope.student_id == student.pk
        or student.pk in scope.guardian_of
        or student.school_id in scope.coordinator_schools
        or (student.school_id in scope.mentor_schools and student.mentor_id == scope.user_id)
    )


def consent_role(scope: Scope, student: Student) -> str | None:
    """As whom this person gives or withdraws the student's consent, or None if they may not:
    a parent while the child is under 16 (UAVG art. 5), from 16 the student alone."""
    if consent_from_parent(student):
        return Role.PARENT.value if student.pk in scope.guardian_of else None
    return Role.STUDENT.value if scope.student_id == student.pk else None


def may_give_consent(scope: Scope, student: Student) -> bool:
    return consent_role(scope, student) is not None


# -- correction and removal requests (AVG art. 16, 17) -------------------------------------------


def may_file_privacy_request(scope: Scope, student: Student) -> bool:
    """Whoever may download the data may ask to correct or remove it: the student, and a
    parent while the child is under 16."""
    return may_download_own_data(scope, student)


def privacy_requests_visible_to(scope: Scope) -> QuerySet[PrivacyRequest]:
    condition = any_of(
        (scope.is_admin, Q()),
        (scope.student_id is not None, Q(student_id=scope.student_id)),
        (bool(scope.guardian_of), Q(student_id__in=scope.guardian_of)),
        (bool(scope.coordinator_schools), Q(student__school_id__in=scope.coordinator_schools)),
    )
    return PrivacyRequest.objects.filter(condition)


def get_privacy_request_for_user(request: HttpRequest, pk: int) -> PrivacyRequest:
    return get_object_or_404(
        privacy_requests_visible_to(get_scope(request)).select_related(
            "student__user", "student__school"
        ),
        pk=pk,
    )


def may_handle_privacy_request(scope: Scope, privacy_request: PrivacyRequest) -> bool:
    """The school answers (it is responsible for its students' data): its coordinators."""
    return scope.is_admin or privacy_request.student.school_id in scope.coordinator_schools


def may_list_privacy_requests(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.coordinator_schools)
