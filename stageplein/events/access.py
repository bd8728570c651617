"""Who may see and do what in events (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py).

An event is seen by its organiser (the broker, or the school's coordinators), by the brokers of
its region, and by its audience: students of the invited schools, providers of the region,
school staff."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, any_of, get_scope
from stageplein.events.models import Event
from stageplein.organisations.models import Provider, School
from stageplein.students.models import Student


def _invited_schools(school_ids: set[int], region_ids: set[int]) -> Q:
    """Events that invite these schools: the schools' own, or a broker's event of their region
    that names no schools or names one of them."""
    return Q(school_id__in=school_ids) | (
        Q(broker__isnull=False, region_id__in=region_ids)
        & (Q(schools__isnull=True) | Q(schools__in=school_ids))
    )


def events_visible_to(scope: Scope) -> QuerySet[Event]:
    student_schools: set[int] = set()
    if scope.student_id is not None:
        student_schools = set(
            Student.objects.filter(pk=scope.student_id).values_list("school_id", flat=True)
        )
    staff_schools = set(scope.school_staff_schools)
    schools = student_schools | staff_schools
    school_regions = dict(School.objects.filter(pk__in=schools).values_list("pk", "region_id"))
    provider_regions = set(
        Provider.objects.filter(pk__in=scope.providers).values_list("region_id", flat=True)
    )
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.brokers), Q(broker_id__in=scope.brokers)),
        (bool(scope.broker_regions), Q(region_id__in=scope.broker_regions)),
        (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
        (
            bool(student_schools),
            Q(for_students=True)
            & _invited_schools(
                student_schools, {school_regions[s] for s in student_schools if s in school_regions}
            ),
        ),
        (
            bool(staff_schools),
            Q(for_staff=True)
            & _invited_schools(
                staff_schools, {school_regions[s] for s in staff_schools if s in school_regions}
            ),
        ),
        (
            bool(provider_regions),
            Q(for_providers=True, broker__isnull=False, region_id__in=provider_regions),
        ),
    )
    return Event.objects.filter(condition).distinct()


def get_event_for_user(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(
        events_visible_to(get_scope(request)).select_related("broker", "school", "region"),
        pk=pk,
    )


def may_list_events(scope: Scope) -> bool:
    return scope.is_authenticated and bool(
        scope.is_admin
        or scope.student_id is not None
        or scope.school_staff_schools
        or scope.providers
        or scope.brokers
    )


def may_create_event(scope: Scope) -> bool:
    """Brokers organise for their region; coordinators for their school."""
    return bool(scope.brokers or scope.coordinator_schools)


def may_manage_event(scope: Scope, event: Event) -> bool:
    """The attendance list and cancelling: the organiser."""
    return (event.broker_id is not None and event.broker_id in scope.brokers) or (
        event.school_id is not None and event.school_id in scope.coordinator_schools
    )


def event_provider_for(scope: Scope, event: Event) -> int | None:
    """The organisation a provider contact signs up for at a stage market (they stand there)."""
    if not event.is_market or not event.for_providers:
        return None
    ids = sorted(scope.contact_providers)
    return ids[0] if ids else None


def may_sign_up(scope: Scope, event: Event) -> bool:
    """Anyone of the audience who sees the event (the organiser and the region's brokers run
    it: they do not sign up)."""
    if scope.student_id is not None and event.for_students:
        return True
    if scope.school_staff_schools and event.for_staff:
        return True
    return bool(scope.providers) and event.for_providers
