"""Who may see and do what in mediation (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py).

The mediator is the broker the request names; where no broker works in the school's
municipality the school mediates (R-MATCH-8): its coordinators and the student's mentor."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, any_of, get_scope
from stageplein.applications.access import is_school_of as is_student_school
from stageplein.mediation.models import MediationRequest
from stageplein.students.models import Student
from stageplein.students.readlog import record_read


def _school_side(scope: Scope) -> Q:
    """The school's people, seen from a request: coordinators, and the student's own mentor."""
    return any_of(
        (bool(scope.coordinator_schools), Q(student__school_id__in=scope.coordinator_schools)),
        (
            bool(scope.mentor_schools),
            Q(student__mentor_id=scope.user_id, student__school_id__in=scope.mentor_schools),
        ),
    )


def mediation_requests_visible_to(scope: Scope) -> QuerySet[MediationRequest]:
    condition = any_of(
        (scope.is_admin, Q()),
        (scope.student_id is not None, Q(student_id=scope.student_id)),
        (bool(scope.guardian_of), Q(student_id__in=scope.guardian_of)),
        (bool(scope.school_staff_schools), _school_side(scope)),
        (bool(scope.brokers), Q(broker_id__in=scope.brokers)),
    )
    return MediationRequest.objects.filter(condition)


def get_mediation_request_for_user(request: HttpRequest, pk: int) -> MediationRequest:
    mediation_request = get_object_or_404(
        mediation_requests_visible_to(get_scope(request)).select_related(
            "student__user",
            "student__school",
            "broker",
            "proposed_period__placement__provider",
            "application",
        ),
        pk=pk,
    )
    # The request is about one student (their wishes, the school's notes): a read (R-PRIV-1).
    record_read(request, mediation_request.student)
    return mediation_request


def may_list_mediation_requests(scope: Scope) -> bool:
    return (
        scope.is_admin
        or bool(scope.student_id is not None or scope.guardian_of or scope.school_staff_schools)
        or bool(scope.brokers)
    )


def mediation_students(scope: Scope) -> QuerySet[Student]:
    """For whom a person may ask for mediation: themselves, their children, or (school staff)
    the school's students (a mentor: their own)."""
    condition = any_of(
        (scope.student_id is not None, Q(pk=scope.student_id)),
        (bool(scope.guardian_of), Q(pk__in=scope.guardian_of)),
        (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
        (
            bool(scope.mentor_schools),
            Q(mentor_id=scope.user_id, school_id__in=scope.mentor_schools),
        ),
    )
    return Student.objects.filter(condition, left_on__isnull=True).select_related("user")


def may_ask_mediation(scope: Scope) -> bool:
    return bool(scope.student_id is not None or scope.guardian_of or scope.school_staff_schools)


def is_school_of(scope: Scope, req: MediationRequest) -> bool:
    return is_student_school(scope, req.student)


def may_propose(scope: Scope, req: MediationRequest) -> bool:
    """The mediator proposes: the request's broker, or the school where there is none."""
    if req.broker_id is not None:
        return req.broker_id in scope.brokers
    return is_school_of(scope, req)


def may_answer_proposal(scope: Scope, req: MediationRequest) -> bool:
    """The student (or a parent) answers a proposal; the school may answer the broker's too.
    A school that proposed does not accept its own proposal."""
    if scope.student_id == req.student_id or req.student_id in scope.guardian_of:
        return True
    return req.broker_id is not None and is_school_of(scope, req)


def may_withdraw_mediation(scope: Scope, req: MediationRequest) -> bool:
    return (
        scope.student_id == req.student_id
        or req.student_id in scope.guardian_of
        or is_school_of(scope, req)
    )
