"""Who may see and do what in matching (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py)."""

from __future__ import annotations

from django.db.models import (
    QuerySet,
)
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, get_scope, require
from stageplein.matching.models import Proposal, Run
from stageplein.students.access import may_list_students
from stageplein.students.readlog import record_read


def may_match(scope: Scope) -> bool:
    """The workspace is the broker's: its weights and runs belong to a broker organisation."""
    return bool(scope.brokers)


def may_edit_guidance(scope: Scope) -> bool:
    """The school knows what guidance a student needs; the broker who matches sees and fixes it."""
    return may_list_students(scope)


def runs_visible_to(scope: Scope) -> QuerySet[Run]:
    return Run.objects.filter(broker_id__in=scope.brokers)


def get_run_for_user(request: HttpRequest, pk: int) -> Run:
    scope = get_scope(request)
    require(may_match(scope))
    return get_object_or_404(
        runs_visible_to(scope).select_related("broker", "created_by", "confirmed_by"), pk=pk
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
