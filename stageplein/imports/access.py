"""Who may import students, and which imports a person sees: the school's coordinators only
(the school has the lead for its students, R-ROLE-2), and platform admins."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, any_of, get_scope
from stageplein.imports.models import StudentImport
from stageplein.organisations.models import School


def may_import_students(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.coordinator_schools)


def importable_schools(scope: Scope) -> QuerySet[School]:
    return School.objects.filter(
        any_of(
            (scope.is_admin, Q()),
            (bool(scope.coordinator_schools), Q(pk__in=scope.coordinator_schools)),
        )
    )


def imports_visible_to(scope: Scope) -> QuerySet[StudentImport]:
    return StudentImport.objects.filter(
        any_of(
            (scope.is_admin, Q()),
            (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
        )
    )


def get_import_for_user(request: HttpRequest, pk: int) -> StudentImport:
    return get_object_or_404(imports_visible_to(get_scope(request)).select_related("school"), pk=pk)


def may_import_own_students(scope: Scope) -> bool:
    """The menu offers the import to coordinators; admins reach it from the admin's pages."""
    return bool(scope.coordinator_schools)
