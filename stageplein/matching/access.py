"""Who may see and do what in matching (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, any_of, get_scope, require
from stageplein.matching.models import Proposal, Run
from stageplein.organisations.models import Broker, School
from stageplein.students.access import may_list_students
from stageplein.students.readlog import record_read


def schools_that_match(scope: Scope) -> QuerySet[School]:
    """The schools whose rounds this person runs (R-MATCH-8): those they coordinate where no
    broker serves the school's municipality. The same test as the mediator of a mediation
    request and the reviewer of a new organisation: a broker's queue is its municipalities'
    students, so a school in a municipality nobody serves has its students in nobody's queue.
    Coordinators only, not mentors: a round divides the free seats among all the school's
    unplaced students in waiting order, and a mentor sees only their own mentees (a mentor's
    round would hand seats to their class ahead of students who waited longer). A mentor
    reacts for a student or asks for mediation instead."""
    if not scope.coordinator_schools:
        return School.objects.none()
    served = Broker.objects.filter(municipalities=OuterRef("municipality_id"))
    return School.objects.filter(pk__in=scope.coordinator_schools).exclude(Exists(served))


def may_match(scope: Scope) -> bool:
    """The workspace is a broker's, or a coordinator's where no broker serves the school."""
    return bool(scope.brokers) or schools_that_match(scope).exists()


def may_change_weights(scope: Scope) -> bool:
    """Weights are stored per broker; a school's round uses the defaults."""
    return bool(scope.brokers)


def may_edit_guidance(scope: Scope) -> bool:
    """The school knows what guidance a student needs; the broker who matches sees and fixes it."""
    return may_list_students(scope)


def runs_visible_to(scope: Scope) -> QuerySet[Run]:
    """A broker's runs to its people; a school's runs to the school's coordinators while the
    school runs its own rounds (a school of another coordinator: 404)."""
    condition = any_of(
        (bool(scope.brokers), Q(broker_id__in=scope.brokers)),
        (
            bool(scope.coordinator_schools),
            Q(school_id__in=schools_that_match(scope).values("pk")),
        ),
    )
    return Run.objects.filter(condition)


def get_run_for_user(request: HttpRequest, pk: int) -> Run:
    scope = get_scope(request)
    require(may_match(scope))
    return get_object_or_404(
        runs_visible_to(scope).select_related("broker", "school", "created_by", "confirmed_by"),
        pk=pk,
    )


def get_proposal_for_user(request: HttpRequest, run_pk: int, pk: int) -> Proposal:
    run = get_run_for_user(request, run_pk)
    proposal = get_object_or_404(
        Proposal.objects.select_related("student__user", "student__school", "run"),
        run=run,
        pk=pk,
    )
    # One student's proposal shows their level, home area and candidates: a read (R-PRIV-1).
    record_read(request, proposal.student)
    return proposal
