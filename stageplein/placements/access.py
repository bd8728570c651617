"""Who may see and do what in placements (docs/architecture.md): the ``*_visible_to`` querysets,
the ``get_*_for_user`` helpers (404 to outsiders) and the ``may_*`` predicates that views and
templates (``{% load access %}``) ask. Built on the person's Scope (accounts/access.py)."""

from __future__ import annotations

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from stageplein.accounts.access import Scope, any_of, get_scope, require
from stageplein.geo.models import Region
from stageplein.organisations.access import review_area
from stageplein.organisations.models import Provider, School
from stageplein.placements.models import (
    Placement,
    PlacementPeriod,
    PlacementReview,
    SchoolLink,
    TaskRule,
)


def placements_public() -> QuerySet[Placement]:
    """What anyone may see without signing in (the public vacancy bank, issue 19): findable
    (published and confirmed recently) with a period that has not ended. The one place that
    decides it: a provider review or approval joins here, so unreviewed organisations never
    reach the public pages, the sitemap or the public search."""
    current_period = Exists(
        PlacementPeriod.objects.filter(placement=OuterRef("pk"), ends_on__gte=timezone.localdate())
    )
    return Placement.objects.findable().filter(current_period)


def providers_public() -> QuerySet[Provider]:
    """Organisations with a public page: those with at least one public placement, so that an
    organisation without anything to offer (or not yet reviewed) is not on show."""
    return Provider.objects.filter(pk__in=placements_public().values("provider_id"))


def get_public_placement(pk: int) -> Placement:
    return get_object_or_404(
        placements_public().select_related("provider", "sector", "postcode"), pk=pk
    )


def get_public_provider(pk: int) -> Provider:
    return get_object_or_404(
        providers_public().select_related("sector", "municipality", "region"), pk=pk
    )


def may_search_placements(scope: Scope) -> bool:
    """Students look for themselves; parents, school staff and brokers help them look."""
    return scope.is_admin or bool(
        scope.student_id is not None
        or scope.guardian_of
        or scope.school_staff_schools
        or scope.brokers
    )


def may_manage_placements(scope: Scope) -> bool:
    """The provider's own list of placements (and the broker's, on behalf of its providers)."""
    return scope.is_admin or bool(scope.providers or scope.brokers)


def may_create_placements(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.contact_providers or scope.broker_municipalities)


def providers_for_placements(scope: Scope) -> QuerySet[Provider]:
    """Providers for which the person writes placements: their own (as contact), or those in
    the broker's area (R-PLACE-1: "directly or through the broker")."""
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.contact_providers), Q(pk__in=scope.contact_providers)),
        (bool(scope.broker_municipalities), Q(municipality_id__in=scope.broker_municipalities)),
    )
    return Provider.objects.filter(condition)


def placements_editable_by(scope: Scope) -> QuerySet[Placement]:
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.contact_providers), Q(provider_id__in=scope.contact_providers)),
        (
            bool(scope.broker_municipalities),
            Q(provider__municipality_id__in=scope.broker_municipalities),
        ),
    )
    return Placement.objects.filter(condition)


def placements_managed_by(scope: Scope) -> QuerySet[Placement]:
    """Editable ones plus those a supervisor of the provider follows (read only)."""
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.providers), Q(provider_id__in=scope.providers)),
        (
            bool(scope.broker_municipalities),
            Q(provider__municipality_id__in=scope.broker_municipalities),
        ),
    )
    return Placement.objects.filter(condition)


def may_edit_placement(scope: Scope, placement: Placement) -> bool:
    return placements_editable_by(scope).filter(pk=placement.pk).exists()


def placements_visible_to(scope: Scope) -> QuerySet[Placement]:
    """Placements whose page a person may open: findable ones for those who search, their own
    organisation's in any status, and the ones a student (or their child) reacted to."""
    condition = any_of(
        (scope.is_admin, Q()),
        (
            may_search_placements(scope),
            Q(pk__in=Placement.objects.findable().values("pk")),
        ),
        (bool(scope.providers), Q(provider_id__in=scope.providers)),
        (
            bool(scope.broker_municipalities),
            Q(provider__municipality_id__in=scope.broker_municipalities),
        ),
        (scope.student_id is not None, Q(applications__student_id=scope.student_id)),
        (bool(scope.guardian_of), Q(applications__student_id__in=scope.guardian_of)),
    )
    qs = Placement.objects.filter(condition)
    if scope.student_id is not None or scope.guardian_of:
        qs = qs.distinct()
    return qs


def get_placement_for_user(request: HttpRequest, pk: int) -> Placement:
    return get_object_or_404(
        placements_visible_to(get_scope(request)).select_related(
            "provider", "sector", "postcode", "contact"
        ),
        pk=pk,
    )


def get_placement_for_editing(request: HttpRequest, pk: int) -> Placement:
    """404 when the person may not see it at all, 403 when they may see but not change it."""
    placement = get_placement_for_user(request, pk)
    require(may_edit_placement(get_scope(request), placement))
    return placement


def may_manage_task_rules(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.brokers)


def task_rules_editable_by(scope: Scope) -> QuerySet[TaskRule]:
    """Brokers keep their region's rules; the national rules (no region) are the admin's."""
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.broker_regions), Q(region_id__in=scope.broker_regions)),
    )
    return TaskRule.objects.filter(condition)


def may_manage_school_links(scope: Scope) -> bool:
    return scope.is_admin or bool(scope.coordinator_schools or scope.broker_municipalities)


def schools_for_links(scope: Scope) -> QuerySet[School]:
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.coordinator_schools), Q(pk__in=scope.coordinator_schools)),
        (bool(scope.broker_municipalities), Q(municipality_id__in=scope.broker_municipalities)),
    )
    return School.objects.filter(condition)


def school_links_visible_to(scope: Scope) -> QuerySet[SchoolLink]:
    condition = any_of(
        (scope.is_admin, Q()),
        (bool(scope.coordinator_schools), Q(school_id__in=scope.coordinator_schools)),
        (
            bool(scope.broker_municipalities),
            Q(school__municipality_id__in=scope.broker_municipalities),
        ),
    )
    return SchoolLink.objects.filter(condition)


def task_rule_regions(scope: Scope) -> QuerySet[Region]:
    """The regions whose sector rules the person keeps: every region for an admin, the broker's
    own otherwise."""
    if scope.is_admin:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.broker_regions)


def may_write_national_rules(scope: Scope) -> bool:
    """The national rules (no region) are the admin's."""
    return scope.is_admin


# -- the review of an organisation's first placement (issue 15) ---------------------------------


def placements_to_review(scope: Scope) -> QuerySet[Placement]:
    """Published first placements waiting for this person's review: the broker's of the
    organisation's area (the same people who review the organisation itself)."""
    return Placement.objects.filter(
        review_area(scope, via="provider__"),
        review=PlacementReview.WAITING,
        status=Placement.Status.PUBLISHED,
    ).distinct()


def get_placement_to_review(request: HttpRequest, pk: int) -> Placement:
    return get_object_or_404(
        placements_to_review(get_scope(request)).select_related(
            "provider", "provider__municipality", "sector", "postcode", "contact"
        ),
        pk=pk,
    )


def may_publish_without_review(scope: Scope, provider: Provider) -> bool:
    """A reviewer of the organisation's area who publishes a placement has seen it: it needs
    no review of its own."""
    return scope.is_admin or Provider.objects.filter(review_area(scope), pk=provider.pk).exists()


def may_resubmit_placement(scope: Scope, placement: Placement) -> bool:
    """The organisation sends a placement back to the reviewer after the changes it was asked."""
    return placement.review == PlacementReview.CHANGES and may_edit_placement(scope, placement)
