"""Who may see and do what in planning (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, any_of, get_scope, require
from stageplein.geo.models import Region
from stageplein.organisations.models import School
from stageplein.planning.models import InternshipWindow
from stageplein.students.models import YearlyTarget


def may_see_school_calendar(scope: Scope) -> bool:
    """Coordinators and mentors see their school's calendar (mentors read-only)."""
    return scope.is_admin or bool(scope.school_staff_schools)


def may_edit_calendars(scope: Scope) -> bool:
    """The school keeps the lead (R-ROLE-2): only its coordinators enter its windows."""
    return scope.is_admin or bool(scope.coordinator_schools)


def calendar_schools_for(scope: Scope) -> QuerySet[School]:
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.school_staff_schools), Q(pk__in=scope.school_staff_schools)),
    )
    return School.objects.filter(condition)


def editable_calendar_schools(scope: Scope) -> QuerySet[School]:
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.coordinator_schools), Q(pk__in=scope.coordinator_schools)),
    )
    return School.objects.filter(condition)


def windows_editable_by(scope: Scope) -> QuerySet[InternshipWindow]:
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
    )
    return InternshipWindow.objects.filter(condition)


def get_window_for_editing(request: HttpRequest, pk: int) -> InternshipWindow:
    """403 to roles that never edit a calendar, 404 to a coordinator of another school."""
    scope = get_scope(request)
    require(may_edit_calendars(scope))
    return get_object_or_404(windows_editable_by(scope).select_related("school"), pk=pk)


def may_propose_window_moves(scope: Scope) -> bool:
    """The broker proposes a move; the school decides (R-ROLE-2): only its coordinator edits."""
    return scope.is_admin or bool(scope.brokers)


def get_window_for_proposing(request: HttpRequest, pk: int) -> InternshipWindow:
    """403 to roles that never propose, 404 for a window outside the broker's regions."""
    scope = get_scope(request)
    require(may_propose_window_moves(scope))
    windows = InternshipWindow.objects.select_related("school")
    if not scope.is_admin:
        windows = windows.filter(school__region_id__in=scope.broker_regions)
    return get_object_or_404(windows, pk=pk)


def may_see_region_calendar(scope: Scope) -> bool:
    """The broker of the area and the region's coordinators (R-PLAN-1)."""
    return scope.is_admin or bool(scope.brokers or scope.coordinator_schools)


def may_see_region_windows(scope: Scope) -> bool:
    """Schools see each other's windows in their region: names and counts, no students."""
    return scope.is_admin or bool(scope.brokers or scope.school_staff_schools)


def calendar_regions_for(scope: Scope, *, staff: str = "coordinator") -> QuerySet[Region]:
    """Regions whose calendar a person sees: the broker's, those of the person's schools
    (``staff="school"`` includes mentors' schools), every region for an admin."""
    schools = scope.coordinator_schools if staff == "coordinator" else scope.school_staff_schools
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.broker_regions), Q(pk__in=scope.broker_regions)),
        (bool(schools), Q(pk__in=School.objects.filter(pk__in=schools).values("region_id"))),
    )
    return Region.objects.filter(condition)


def may_see_targets(scope: Scope) -> bool:
    """Targets and progress are numbers only: municipality officers and national viewers see
    them too (never a person)."""
    return scope.is_admin or bool(
        scope.school_staff_schools or scope.brokers or scope.municipalities or scope.is_national
    )


def may_edit_targets(scope: Scope) -> bool:
    """The coordinator sets the school's targets, the broker those of its area and region."""
    return scope.is_admin or bool(scope.coordinator_schools or scope.brokers)


def targets_visible_to(scope: Scope) -> QuerySet[YearlyTarget]:
    staff = scope.school_staff_schools
    staff_schools = School.objects.filter(pk__in=staff)
    munis = scope.municipalities
    condition = any_of(
        (scope.is_admin, Q()),
        (
            bool(staff),
            Q(school_id__in=staff)
            | Q(region_id__in=staff_schools.values("region_id"))
            | Q(broker__municipalities__in=staff_schools.values("municipality_id")),
        ),
        (
            bool(scope.brokers),
            Q(broker_id__in=scope.brokers)
            | Q(region_id__in=scope.broker_regions)
            | Q(school__municipality_id__in=scope.broker_municipalities),
        ),
        (
            bool(munis),
            Q(region__municipalities__in=munis)
            | Q(broker__municipalities__in=munis)
            | Q(school__municipality_id__in=munis),
        ),
        (scope.is_national, Q(region__isnull=False)),
    )
    # The many-to-many conditions can match a target more than once: select by key.
    return YearlyTarget.objects.filter(pk__in=YearlyTarget.objects.filter(condition).values("pk"))


def targets_editable_by(scope: Scope) -> QuerySet[YearlyTarget]:
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
        (
            bool(scope.brokers),
            Q(broker_id__in=scope.brokers) | Q(region_id__in=scope.broker_regions),
        ),
    )
    return YearlyTarget.objects.filter(condition)


def get_target_for_editing(request: HttpRequest, pk: int) -> YearlyTarget:
    """404 when the person cannot see the target at all, 403 when they see but may not
    change it (a broker looking at a school's own target)."""
    scope = get_scope(request)
    require(may_edit_targets(scope))
    target = get_object_or_404(
        targets_visible_to(scope).select_related("school", "broker", "region"), pk=pk
    )
    require(targets_editable_by(scope).filter(pk=target.pk).exists())
    return target


def own_coordinated_schools(scope: Scope) -> set[int] | None:
    """The schools the regional calendar marks as the person's own (None for an admin, to whom
    no school is "own")."""
    return None if scope.is_admin else set(scope.coordinator_schools)


def own_staff_schools(scope: Scope) -> set[int]:
    """The schools where the person is coordinator or mentor, marked in the region's windows."""
    return set(scope.school_staff_schools)
