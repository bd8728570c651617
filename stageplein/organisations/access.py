"""Who may see and do what in organisations (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, any_of, get_scope
from stageplein.organisations.models import Broker, Provider, ReviewStatus, School


def schools_visible_to(scope: Scope) -> QuerySet[School]:
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.school_staff_schools), Q(pk__in=scope.school_staff_schools)),
        (bool(scope.broker_municipalities), Q(municipality_id__in=scope.broker_municipalities)),
    )
    return School.objects.filter(condition)


def get_school_for_user(request: HttpRequest, pk: int) -> School:
    return get_object_or_404(
        schools_visible_to(get_scope(request)).select_related("region", "municipality"), pk=pk
    )


def providers_visible_to(scope: Scope) -> QuerySet[Provider]:
    """Providers whose organisation page a person may open. Contact details on it are a
    separate decision (``may_see_provider_contact``)."""
    regions = school_regions(scope)
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.providers), Q(pk__in=scope.providers)),
        (bool(scope.broker_municipalities), Q(municipality_id__in=scope.broker_municipalities)),
        (bool(regions), Q(region_id__in=regions)),
    )
    return Provider.objects.filter(condition)


def get_provider_for_user(request: HttpRequest, pk: int) -> Provider:
    return get_object_or_404(
        providers_visible_to(get_scope(request)).select_related("sector", "region", "municipality"),
        pk=pk,
    )


def may_edit_provider(scope: Scope, provider: Provider) -> bool:
    return (
        scope.is_admin
        or provider.pk in scope.contact_providers
        or (provider.municipality_id in scope.broker_municipalities)
    )


def brokers_visible_to(scope: Scope) -> QuerySet[Broker]:
    regions = school_regions(scope)
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.brokers), Q(pk__in=scope.brokers)),
        (bool(regions), Q(region_id__in=regions)),
        (bool(scope.providers), Q(municipalities__providers__in=scope.providers)),
    )
    return Broker.objects.filter(condition).distinct()


def may_list_providers(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.school_staff_schools or scope.brokers or scope.providers)


def school_regions(scope: Scope) -> set[int]:
    if not scope.school_staff_schools:
        return set()
    return set(
        School.objects.filter(pk__in=scope.school_staff_schools).values_list("region_id", flat=True)
    )


def review_area(scope: Scope, via: str = "") -> Q:
    """The organisations whose reviews this person decides on (``via`` reaches the organisation
    from another model, e.g. ``"provider__"``): the broker's of their area; a coordinator's of
    their school's region where no broker serves the municipality."""
    regions = (
        set(
            School.objects.filter(pk__in=scope.coordinator_schools).values_list(
                "region_id", flat=True
            )
        )
        if scope.coordinator_schools
        else set()
    )
    return any_of(
        (scope.is_admin, Q()),
        (
            bool(scope.broker_municipalities),
            Q(**{f"{via}municipality_id__in": scope.broker_municipalities}),
        ),
        (
            bool(regions),
            Q(**{f"{via}region_id__in": regions, f"{via}municipality__brokers__isnull": True}),
        ),
    )


def providers_to_review(scope: Scope) -> QuerySet[Provider]:
    """Organisations waiting for review that this person decides on (``review_area``)."""
    condition = review_area(scope)
    # A self-made sign-up waits until its contact person confirmed the e-mail address.
    return (
        Provider.objects.filter(condition, review_status=ReviewStatus.PENDING)
        .exclude(signup__isnull=False, signup__email_confirmed_at__isnull=True)
        .distinct()
    )


def get_provider_to_review(request: HttpRequest, pk: int) -> Provider:
    return get_object_or_404(
        providers_to_review(get_scope(request)).select_related("sector", "municipality"), pk=pk
    )


def may_review_providers(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.brokers or scope.coordinator_schools)


def may_add_provider(scope: Scope) -> bool:
    """Brokers record the organisations of their area themselves."""
    return scope.is_admin or bool(scope.brokers)


def may_add_provider_in(scope: Scope, municipality_id: str) -> bool:
    return scope.is_admin or municipality_id in scope.broker_municipalities


def may_manage_provider_people(scope: Scope, provider: Provider) -> bool:
    """Add a location to an organisation, invite its contact: the broker of its area."""
    return scope.is_admin or provider.municipality_id in scope.broker_municipalities


def may_merge_provider(scope: Scope, provider: Provider) -> bool:
    """Merge this organisation into another (or another into it): the broker of its area.
    An organisation that is a school offering internships at school is the school's own and
    is never merged."""
    return (
        bool(scope.brokers)
        and provider.municipality_id in scope.broker_municipalities
        and provider.kind != Provider.Kind.SCHOOL
    )


def may_merge_providers(scope: Scope, keep: Provider, duplicate: Provider) -> bool:
    """Two organisations become one only at the hands of a broker who serves both their
    municipalities: everything of the duplicate (contacts, locations, placements) moves to the
    one kept, so the broker must be answerable for both."""
    return (
        keep.pk != duplicate.pk
        and may_merge_provider(scope, keep)
        and may_merge_provider(scope, duplicate)
    )


def merge_targets(scope: Scope, duplicate: Provider) -> QuerySet[Provider]:
    """The organisations a duplicate may be merged into: the broker's others, no schools."""
    return (
        Provider.objects.filter(municipality_id__in=scope.broker_municipalities)
        .exclude(kind=Provider.Kind.SCHOOL)
        .exclude(pk=duplicate.pk)
    )
