"""Placements with their periods and free seats, reactions and internships: each the list its
role sees in the web UI (placements/, applications/ and internships/access.py)."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from stageplein.accounts.access import require
from stageplein.api.access import may_read_placements
from stageplein.api.base import ApiView, PolledList
from stageplein.api.models import ApiScope
from stageplein.api.serializers import InternshipOut, PlacementOut, ReactionOut
from stageplein.applications.access import applications_visible_to, may_list_applications
from stageplein.applications.models import Application
from stageplein.internships.access import internships_visible_to, may_list_internships
from stageplein.internships.models import Internship
from stageplein.placements.access import placements_visible_to
from stageplein.placements.capacity import periods_with_availability
from stageplein.placements.models import Placement


class PlacementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Placement.Status.choices)
    sector = django_filters.CharFilter(field_name="sector_id")
    municipality = django_filters.CharFilter(field_name="provider__municipality_id")

    class Meta:
        model = Placement
        fields = ["status", "sector", "municipality"]


class PlacementList(PolledList):
    read_scope = ApiScope.PLACEMENTS_READ
    serializer_class = PlacementOut
    filterset_class = PlacementFilter
    model = Placement

    def scoped(self):
        require(may_read_placements(self.scope))
        return placements_visible_to(self.scope).select_related("provider").order_by("pk")

    def extra_context(self, items: list) -> dict:
        return {"periods": periods_with_availability(items)}


class PlacementDetail(ApiView):
    read_scope = ApiScope.PLACEMENTS_READ
    serializer_class = PlacementOut
    queryset = Placement.objects.none()

    def get(self, request: Request, pk: int) -> Response:
        placement = get_object_or_404(
            placements_visible_to(self.scope).select_related("provider"), pk=pk
        )
        periods = periods_with_availability([placement])
        return Response(PlacementOut(placement, context={"periods": periods}).data)


class ReactionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Application.Status.choices)
    student = django_filters.NumberFilter(field_name="student_id")
    placement = django_filters.NumberFilter(field_name="placement_id")

    class Meta:
        model = Application
        fields = ["status", "student", "placement"]


class ReactionList(PolledList):
    read_scope = ApiScope.REACTIONS_READ
    serializer_class = ReactionOut
    filterset_class = ReactionFilter
    model = Application

    def scoped(self):
        require(may_list_applications(self.scope))
        return applications_visible_to(self.scope).order_by("pk")

    def students_of(self, items: list) -> list[int | None]:
        return [a.student_id for a in items]


class ReactionDetail(ApiView):
    read_scope = ApiScope.REACTIONS_READ
    serializer_class = ReactionOut
    queryset = Application.objects.none()

    def get(self, request: Request, pk: int) -> Response:
        reaction = get_object_or_404(applications_visible_to(self.scope), pk=pk)
        self.log_reads([reaction.student_id])
        return Response(ReactionOut(reaction).data)


class InternshipFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Internship.Status.choices)
    student = django_filters.NumberFilter(field_name="student_id")

    class Meta:
        model = Internship
        fields = ["status", "student"]


class InternshipList(PolledList):
    read_scope = ApiScope.INTERNSHIPS_READ
    serializer_class = InternshipOut
    filterset_class = InternshipFilter
    model = Internship

    def scoped(self):
        require(may_list_internships(self.scope))
        return (
            internships_visible_to(self.scope)
            .select_related("provider")
            .prefetch_related("sessions")
            .order_by("pk")
        )

    def students_of(self, items: list) -> list[int | None]:
        return [i.student_id for i in items]


class InternshipDetail(ApiView):
    read_scope = ApiScope.INTERNSHIPS_READ
    serializer_class = InternshipOut
    queryset = Internship.objects.none()

    def get(self, request: Request, pk: int) -> Response:
        internship = get_object_or_404(
            internships_visible_to(self.scope).select_related("provider"), pk=pk
        )
        self.log_reads([internship.student_id])
        return Response(InternshipOut(internship).data)
