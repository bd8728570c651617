"""Who may see and do what in dashboards (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py)."""

from __future__ import annotations

from django.db.models import (
    QuerySet,
)
from django.http import Http404

from stageplein.accounts.access import Scope
from stageplein.accounts.models import Role
from stageplein.geo.models import Municipality
from stageplein.organisations.models import Broker, School


def may_see_school_dashboard(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.coordinator_schools)


def may_see_broker_dashboard(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.brokers)


def may_see_municipality_dashboard(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.municipalities)


def may_see_national_dashboard(scope: Scope) -> bool:
    return scope.is_admin or scope.is_national


def dashboard_schools(scope: Scope) -> QuerySet[School]:
    if scope.is_admin:
        return School.objects.all()
    return School.objects.filter(pk__in=scope.coordinator_schools)


def get_dashboard_school(scope: Scope, value: str | None) -> School:
    """The school asked for (``?school=``), or the coordinator's first; 404 for another's."""
    schools = dashboard_schools(scope).select_related("region", "municipality")
    if value:
        try:
            return schools.get(pk=int(value))
        except (ValueError, School.DoesNotExist):
            raise Http404 from None
    school = schools.order_by("name").first()
    if school is None:
        raise Http404
    return school


def dashboard_brokers(scope: Scope) -> QuerySet[Broker]:
    if scope.is_admin:
        return Broker.objects.all()
    return Broker.objects.filter(pk__in=scope.brokers)


def get_dashboard_broker(scope: Scope, value: str | None) -> Broker:
    brokers = dashboard_brokers(scope).select_related("region")
    if value:
        try:
            return brokers.get(pk=int(value))
        except (ValueError, Broker.DoesNotExist):
            raise Http404 from None
    broker = brokers.order_by("name").first()
    if broker is None:
        raise Http404
    return broker


def dashboard_municipalities(scope: Scope) -> QuerySet[Municipality]:
    if scope.is_admin:
        return Municipality.objects.filter(regions__isnull=False).distinct()
    return Municipality.objects.filter(pk__in=scope.municipalities)


def get_dashboard_municipality(scope: Scope, value: str | None) -> Municipality:
    municipalities = dashboard_municipalities(scope)
    if value:
        try:
            return municipalities.get(pk=value)
        except Municipality.DoesNotExist:
            raise Http404 from None
    municipality = municipalities.order_by("name").first()
    if municipality is None:
        raise Http404
    return municipality


def goes_straight_to_admin(scope: Scope) -> bool:
    """A platform admin with no other role has no home page of their own: the admin is it."""
    return scope.roles == [Role.ADMIN]


def picks_own(scope: Scope) -> bool:
    """Whether the overview offers a choice among the person's own schools, brokers or
    municipalities (an admin chooses through the URL, among all of them)."""
    return not scope.is_admin
