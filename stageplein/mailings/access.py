"""Who may see and do what in mailings (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, any_of, get_scope
from stageplein.mailings.models import Mailing


def may_send_mailings(scope: Scope) -> bool:
    return bool(scope.brokers or scope.coordinator_schools)


def may_list_mailings(scope: Scope) -> bool:
    return scope.is_admin or may_send_mailings(scope)


def mailings_sent_by(scope: Scope) -> QuerySet[Mailing]:
    """Mailings of the person's brokers and schools (all of them for an admin)."""
    return Mailing.objects.filter(
        any_of(
            (scope.is_admin, Q()),
            (bool(scope.brokers), Q(broker_id__in=scope.brokers)),
            (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
        )
    )


def may_manage_mailing(scope: Scope, mailing: Mailing) -> bool:
    return (
        scope.is_admin
        or mailing.broker_id in scope.brokers
        or mailing.school_id in scope.coordinator_schools
    )


def get_mailing_for_user(request: HttpRequest, pk: int) -> Mailing:
    """Senders and admins see the mailing with its record; recipients see the message."""
    scope = get_scope(request)
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.brokers), Q(broker_id__in=scope.brokers)),
        (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
        (
            scope.is_authenticated,
            Q(recipients__user_id=scope.user_id, status=Mailing.Status.SENT),
        ),
    )
    return get_object_or_404(
        Mailing.objects.filter(condition).distinct().select_related("broker", "school"), pk=pk
    )
