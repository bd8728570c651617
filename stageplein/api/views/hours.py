"""Hours (read per student and school year; submitted by a trusted school system with an
Idempotency-Key), certificates (verify by code) and figures (never a person)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import django_filters
from django.db import IntegrityError
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from stageplein.accounts.access import require
from stageplein.api.access import (
    may_read_school_year_figures,
    may_submit_any_hours,
    may_submit_hours_for,
    schools_for_figures,
)
from stageplein.api.base import ApiView, PolledList
from stageplein.api.models import ApiScope
from stageplein.api.problems import Conflict, Unprocessable
from stageplein.api.serializers import (
    CertificateOut,
    HourEntryIn,
    HourEntryOut,
    MunicipalityFiguresOut,
    SchoolYearRowOut,
    StudentHoursOut,
)
from stageplein.core.schoolyear import current_school_year, school_year_bounds
from stageplein.dashboards.access import get_dashboard_municipality
from stageplein.dashboards.figures import municipality_figures
from stageplein.internships.access import internships_visible_to
from stageplein.internships.models import Certificate, HourEntry
from stageplein.internships.services.common import InternshipError
from stageplein.internships.services.hours import hour_entry_submit
from stageplein.students.access import may_list_students, students_visible_to
from stageplein.students.models import Student

# Idempotency keys are the caller's own strings; ours is a UUID made from (caller, key).
IDEMPOTENCY_NAMESPACE = uuid.UUID("6f1c3a52-0c4e-4d0e-9a55-3b8f2b1e7a10")
ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=8, decimal_places=2))
YEAR = OpenApiParameter(
    "school_year",
    int,
    description="The calendar year the school year starts (1 August); default the current one.",
)


def _school_year(request: Request) -> int:
    raw = request.query_params.get("school_year")
    if raw is None:
        return current_school_year()
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        raise ValidationError({"school_year": [_("Give a year from 2000 to 2100.")]})
    return year


def _sum_of(entries) -> Coalesce:
    summed = entries.order_by().values("internship__student").annotate(s=Sum("hours")).values("s")
    return Coalesce(Subquery(summed), ZERO)


class HoursFilter(django_filters.FilterSet):
    student_number = django_filters.CharFilter()

    class Meta:
        model = Student
        fields = ["student_number"]


class StudentHoursList(PolledList):
    """Verified hours per student for one school year: what a school system writes back."""

    read_scope = ApiScope.HOURS_READ
    serializer_class = StudentHoursOut
    filterset_class = HoursFilter
    model = Student

    def scoped(self):
        require(may_list_students(self.scope))
        start, end = school_year_bounds(_school_year(self.request))
        counting = HourEntry.objects.counting().filter(internship__student=OuterRef("pk"))
        certificate = Certificate.objects.filter(
            student=OuterRef("pk"), revoked_at__isnull=True
        ).values("code")[:1]
        return (
            students_visible_to(self.scope)
            .select_related("school")
            .annotate(
                verified_hours=_sum_of(counting.filter(date__range=(start, end))),
                total_verified_hours=_sum_of(counting),
                certificate=Subquery(certificate),
            )
            .order_by("pk")
        )

    def students_of(self, items: list) -> list[int | None]:
        return [s.pk for s in items]

    @extend_schema(parameters=[YEAR])
    def get(self, request: Request, *args, **kwargs) -> Response:
        self.year = _school_year(request)
        return self.list(request, *args, **kwargs)

    def get_serializer(self, *args, **kwargs):
        if args:
            args = (
                [
                    {
                        "student": s.pk,
                        "student_number": s.student_number,
                        "school": s.school.brin,
                        "school_year": self.year,
                        "verified_hours": s.verified_hours,
                        "total_verified_hours": s.total_verified_hours,
                        "certificate": s.certificate,
                    }
                    for s in args[0]
                ],
                *args[1:],
            )
        kwargs.pop("context", None)
        return StudentHoursOut(*args, **kwargs)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="A key of your own per submission (max 200 characters): a retry with the same "
    "key returns the first result and writes nothing.",
)


class HourEntrySubmit(ApiView):
    """Submit a session on behalf of a student (a trusted school system). The provider still
    verifies it (R-HOURS-4); the same Idempotency-Key twice writes once."""

    write_scope = ApiScope.HOURS_WRITE
    serializer_class = HourEntryIn
    queryset = HourEntry.objects.none()

    @extend_schema(
        request=HourEntryIn,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: HourEntryOut, 200: HourEntryOut},
    )
    def post(self, request: Request) -> Response:
        require(may_submit_any_hours(self.scope))
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or len(key) > 200:
            raise ValidationError(
                {"Idempotency-Key": [_("Send an Idempotency-Key header (1 to 200 characters).")]}
            )
        payload = HourEntryIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        internship = get_object_or_404(
            internships_visible_to(self.scope).select_related("student"), pk=data["internship"]
        )
        require(may_submit_hours_for(self.scope, internship))
        actor = self.caller.actor
        if actor is None:
            raise Unprocessable(_("This client has no responsible person; make a new client."))
        submission_key = uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{self.caller.key}:{key}")
        try:
            entry, created = hour_entry_submit(
                internship=internship,
                by=actor,
                date=data["date"],
                hours=data["hours"],
                description=data["description"],
                submission_key=submission_key,
            )
        except IntegrityError:
            raise Conflict(_("This Idempotency-Key was used for another internship.")) from None
        except InternshipError as exc:
            raise Unprocessable(str(exc)) from None
        if not created and (entry.date, entry.hours, entry.description) != (
            data["date"],
            data["hours"],
            data["description"],
        ):
            raise Conflict(_("This Idempotency-Key was used for a different submission."))
        self.log_reads([internship.student_id])
        return Response(
            HourEntryOut(entry).data,
            status=201 if created else 200,
            headers={} if created else {"Idempotent-Replayed": "true"},
        )


class CertificateVerify(ApiView):
    """Public, like the web page: anyone holding a certificate's code may check it."""

    permission_classes = [AllowAny]
    serializer_class = CertificateOut
    queryset = Certificate.objects.none()

    def get(self, request: Request, code: str) -> Response:
        certificate = get_object_or_404(Certificate, code=code)
        return Response(
            {
                "code": certificate.code,
                "valid": certificate.valid,
                "student_name": certificate.student_name,
                "school_name": certificate.school_name,
                "hours": certificate.hours,
                "issued_at": certificate.issued_at,
                "revoked_at": certificate.revoked_at,
            }
        )


class MunicipalityFigures(ApiView):
    """The municipality's figures, as on its overview page: counts, never a person."""

    read_scope = ApiScope.AGGREGATES_READ
    serializer_class = MunicipalityFiguresOut
    queryset = Student.objects.none()

    def get(self, request: Request, code: str) -> Response:
        municipality = get_dashboard_municipality(self.scope, code)
        figures = municipality_figures(municipality.pk)
        return Response(
            MunicipalityFiguresOut(
                {
                    "municipality": municipality.pk,
                    "students": figures.students,
                    "reached": figures.reached,
                    "with_hours": figures.with_hours,
                    "hours": figures.hours,
                    "providers": figures.providers,
                    "placements": figures.placements,
                    "by_status": {str(k): v for k, v in figures.by_status.items()},
                }
            ).data
        )


class SchoolYearFigures(ApiView):
    """Per school, one school year: students, students with verified hours, the hours and the
    certificates issued. Fit for national monitoring; never a person."""

    read_scope = ApiScope.AGGREGATES_READ
    serializer_class = SchoolYearRowOut
    queryset = Student.objects.none()
    pagination_class = None

    @extend_schema(parameters=[YEAR], responses={200: SchoolYearRowOut(many=True)})
    def get(self, request: Request) -> Response:
        require(may_read_school_year_figures(self.scope))
        year = _school_year(request)
        start, end = school_year_bounds(year)
        schools = list(
            schools_for_figures(self.scope).select_related("municipality").order_by("brin")
        )
        ids = [s.pk for s in schools]
        enrolled = dict(
            Student.objects.filter(school_id__in=ids)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=start), created_at__date__lte=end)
            .values("school_id")
            .annotate(n=Count("pk"))
            .values_list("school_id", "n")
        )
        hours: dict[int, Any] = {
            row["internship__student__school_id"]: row
            for row in HourEntry.objects.counting()
            .filter(internship__student__school_id__in=ids, date__range=(start, end))
            .values("internship__student__school_id")
            .annotate(h=Sum("hours"), n=Count("internship__student", distinct=True))
        }
        certificates = dict(
            Certificate.objects.filter(
                student__school_id__in=ids,
                revoked_at__isnull=True,
                issued_at__date__range=(start, end),
            )
            .values("student__school_id")
            .annotate(n=Count("pk"))
            .values_list("student__school_id", "n")
        )
        rows = [
            {
                "school": s.brin,
                "name": s.name,
                "municipality": s.municipality.name,
                "school_year": year,
                "students": enrolled.get(s.pk, 0),
                "students_with_hours": hours.get(s.pk, {}).get("n", 0),
                "verified_hours": hours.get(s.pk, {}).get("h") or Decimal(0),
                "certificates": certificates.get(s.pk, 0),
            }
            for s in schools
        ]
        return Response(SchoolYearRowOut(rows, many=True).data)
