"""Who may see and do what in funding (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py)."""

from __future__ import annotations

from django.db.models import QuerySet

from stageplein.accounts.access import Scope
from stageplein.geo.models import Municipality
from stageplein.organisations.models import Broker


def may_see_funding(scope: Scope) -> bool:
    return scope.is_admin or scope.is_national or bool(scope.municipalities or scope.brokers)


def may_see_municipality(scope: Scope, code: str) -> bool:
    return scope.is_admin or scope.is_national or code in scope.municipalities


def may_see_broker(scope: Scope, broker_id: int) -> bool:
    return scope.is_admin or scope.is_national or broker_id in scope.brokers


def may_list_funded_students(scope: Scope, broker_id: int) -> bool:
    """Names only for the broker itself (and the admin): never for municipalities or the
    national viewer, who receive numbers."""
    return scope.is_admin or broker_id in scope.brokers


def may_see_national_funding(scope: Scope) -> bool:
    """The funding of every region, with links to each: the admin and national viewers."""
    return scope.is_admin or scope.is_national


def may_list_any_funded_students(scope: Scope) -> bool:
    """The funded students' names are for brokers (their own, see may_list_funded_students)."""
    return scope.is_admin or bool(scope.brokers)


def own_funding_reports(scope: Scope) -> list[tuple[str, str | int]]:
    """The municipalities and brokers whose funding report is the person's own."""
    return [("municipality", code) for code in sorted(scope.municipalities)] + [
        ("broker", pk) for pk in sorted(scope.brokers)
    ]


def own_municipalities(scope: Scope) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=scope.municipalities)


def own_brokers(scope: Scope) -> QuerySet[Broker]:
    return Broker.objects.filter(pk__in=scope.brokers)
