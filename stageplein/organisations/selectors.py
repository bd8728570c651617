"""Reads for merging a duplicate organisation: which others look like the same one, and what
would move to the organisation kept.

What points at an organisation lives in apps above this one (placements, internships,
events); they are reached through the model's reverse relations, never imported, so this app
stays below them (docs/architecture.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from stageplein.accounts.models import Membership
from stageplein.organisations.models import Provider, ProviderLocation

# Shown by name on the confirmation page; everything else that points at the organisation
# is counted per kind.
LISTED = {"staff", "locations", "placements"}


def likely_duplicates(provider: Provider, among: QuerySet[Provider]) -> QuerySet[Provider]:
    """The organisations the platform would have refused as a second record of this one
    (services.duplicate_of): the same KvK number, or the same name in the same municipality."""
    same = Q(name__iexact=provider.name.strip(), municipality_id=provider.municipality_id)
    if provider.kvk_number:
        same |= Q(kvk_number=provider.kvk_number)
    return among.filter(same).exclude(pk=provider.pk).order_by("name", "pk")


@dataclass
class MergePreview:
    """What moves from the duplicate to the organisation kept (the confirmation page)."""

    contacts: list[Membership]
    locations: list[ProviderLocation]
    placements: list  # placements.Placement, reached through the reverse relation
    others: list[tuple[str, int]]  # (what, how many) of everything else that moves


def merge_preview(duplicate: Provider) -> MergePreview:
    others = []
    for relation in Provider._meta.related_objects:
        name = relation.get_accessor_name()
        if relation.one_to_one or name in LISTED or name is None:
            continue  # the sign-up goes with the duplicate; the listed ones are shown by name
        n = relation.related_model._base_manager.filter(**{relation.field.name: duplicate}).count()
        if n:
            others.append((str(relation.related_model._meta.verbose_name_plural), n))
    return MergePreview(
        contacts=list(
            Membership.objects.filter(provider=duplicate)
            .select_related("user")
            .order_by("role", "user__last_name", "user__first_name", "pk")
        ),
        locations=list(duplicate.locations.select_related("postcode").order_by("name", "pk")),
        placements=list(duplicate.placements.order_by("title", "pk")),
        others=others,
    )
