"""Who sees which document. A library belongs to a region (its brokers keep it) or to a school
(its coordinators keep it); each document says who may see it: everyone in the region, schools
only, or brokers only. The keepers of a library always see all of it."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from stageplein.accounts.access import Scope, any_of, get_scope
from stageplein.documents.models import Document, DocumentVersion
from stageplein.geo.models import Region
from stageplein.organisations.models import Provider, School
from stageplein.students.models import Student

V = Document.Visibility


def documents_visible_to(scope: Scope) -> QuerySet[Document]:
    if scope.is_admin:
        return Document.objects.all()
    staff_schools = scope.school_staff_schools
    staff_regions = set(
        School.objects.filter(pk__in=staff_schools).values_list("region_id", flat=True)
    )
    provider_regions = set(
        Provider.objects.filter(pk__in=scope.providers).values_list("region_id", flat=True)
    )
    officer_regions = set(
        Region.objects.filter(municipalities__in=scope.municipalities).values_list("pk", flat=True)
    )
    family_schools = _family_schools(scope)
    family_regions = set(
        School.objects.filter(pk__in=family_schools).values_list("region_id", flat=True)
    )
    everyone_regions = (
        staff_regions | provider_regions | set(scope.broker_regions) | officer_regions
    ) | family_regions
    condition = any_of(
        # Region libraries.
        (bool(scope.broker_regions), Q(region_id__in=scope.broker_regions)),
        (bool(everyone_regions), Q(region_id__in=everyone_regions, visibility=V.ALL)),
        (bool(staff_regions), Q(region_id__in=staff_regions, visibility=V.SCHOOLS)),
        # School libraries: the school's own staff see all of it; "everyone in the region" and
        # "schools only" mean what they say for the schools' region too.
        (bool(staff_schools), Q(school_id__in=staff_schools)),
        (bool(everyone_regions), Q(school__region_id__in=everyone_regions, visibility=V.ALL)),
        (bool(staff_regions), Q(school__region_id__in=staff_regions, visibility=V.SCHOOLS)),
        (
            bool(scope.broker_municipalities),
            Q(
                school__municipality_id__in=scope.broker_municipalities,
                visibility__in=[V.ALL, V.BROKERS],
            ),
        ),
    )
    return Document.objects.filter(condition)


def get_document_for_user(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(
        documents_visible_to(get_scope(request)).select_related("region", "school"), pk=pk
    )


def get_version_for_user(request: HttpRequest, pk: int) -> DocumentVersion:
    visible = documents_visible_to(get_scope(request))
    return get_object_or_404(
        DocumentVersion.objects.filter(document__in=visible).select_related("document"), pk=pk
    )


def may_keep(scope: Scope, document: Document) -> bool:
    return (
        scope.is_admin
        or (document.region_id is not None and document.region_id in scope.broker_regions)
        or (document.school_id is not None and document.school_id in scope.coordinator_schools)
    )


def _family_schools(scope: Scope) -> set[int]:
    ids = set(scope.guardian_of)
    if scope.student_id:
        ids.add(scope.student_id)
    if not ids:
        return set()
    return set(Student.objects.filter(pk__in=ids).values_list("school_id", flat=True))


def libraries_kept_by(scope: Scope) -> list[Region | School]:
    """The libraries a person may add documents to."""
    regions: QuerySet = Region.objects.filter(pk__in=scope.broker_regions)
    schools: QuerySet = School.objects.filter(pk__in=scope.coordinator_schools)
    if scope.is_admin:
        regions, schools = Region.objects.all(), School.objects.none()
    return [*regions, *schools]
