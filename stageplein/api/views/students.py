"""Students of a school: list (polled), one, bulk create/update with the import's rules, mark
as left. Scoped by students/access.py and imports/access.py, as the web pages are."""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from stageplein.accounts.access import require
from stageplein.api.base import ApiView, PolledList
from stageplein.api.models import ApiScope
from stageplein.api.problems import Unprocessable
from stageplein.api.serializers import (
    StudentBulkIn,
    StudentBulkOut,
    StudentLeaveIn,
    StudentOut,
)
from stageplein.imports import services as import_services
from stageplein.imports.access import importable_schools, may_import_students
from stageplein.imports.fields import FIELD_KEYS
from stageplein.imports.parsing import ParsedFile
from stageplein.organisations.models import Level
from stageplein.students.access import may_list_students, students_visible_to
from stageplein.students.models import Student
from stageplein.students.services import student_mark_left


class StudentFilter(django_filters.FilterSet):
    student_number = django_filters.CharFilter()
    class_name = django_filters.CharFilter()
    level = django_filters.ChoiceFilter(choices=Level.choices)
    year = django_filters.NumberFilter()
    left = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Student
        fields = ["student_number", "class_name", "level", "year", "left"]


class StudentList(PolledList):
    """The students the caller may see (a school's client: that school's)."""

    read_scope = ApiScope.STUDENTS_READ
    serializer_class = StudentOut
    filterset_class = StudentFilter
    model = Student

    def scoped(self):
        require(may_list_students(self.scope))
        return students_visible_to(self.scope).select_related("user", "school").order_by("pk")

    def students_of(self, items: list) -> list[int | None]:
        return [s.pk for s in items]


class StudentDetail(ApiView):
    read_scope = ApiScope.STUDENTS_READ
    serializer_class = StudentOut
    queryset = Student.objects.none()

    def get(self, request: Request, pk: int) -> Response:
        student = get_object_or_404(
            students_visible_to(self.scope).select_related("user", "school"), pk=pk
        )
        self.log_reads([student.pk])
        return Response(StudentOut(student).data)


def _school_for(view: ApiView, brin: str | None):
    schools = importable_schools(view.scope)
    if brin:
        school = schools.filter(brin=brin.upper()).first()
        if school is None:
            raise ValidationError({"school": [_("You cannot write students of this school.")]})
        return school
    if schools.count() != 1:
        raise ValidationError({"school": [_("Name the school (BRIN code).")]})
    return schools.get()


class StudentBulk(ApiView):
    """Create or update students by student number, all or nothing: the file import's checks
    and comparison (imports/services.py), so a row sent twice changes nothing the second time.
    Students left out are NOT marked as left (use /students/{id}/leave/)."""

    write_scope = ApiScope.STUDENTS_WRITE
    serializer_class = StudentBulkIn
    queryset = Student.objects.none()

    @extend_schema(request=StudentBulkIn, responses={200: StudentBulkOut})
    def post(self, request: Request) -> Response:
        require(may_import_students(self.scope))
        payload = StudentBulkIn(data=request.data)
        payload.is_valid(raise_exception=True)
        school = _school_for(self, payload.validated_data.get("school"))
        rows = payload.validated_data["students"]
        parsed = ParsedFile(
            headers=list(FIELD_KEYS),
            rows=[[str(row.get(key, "") or "") for key in FIELD_KEYS] for row in rows],
            lines=list(range(len(rows))),
            file_format="api",
        )
        result = import_services.import_rows(
            school=school,
            parsed=parsed,
            columns={key: key for key in FIELD_KEYS},
            dry_run=payload.validated_data["dry_run"],
            mark_leavers=False,
        )
        if not result.ok:
            errors = [
                {"pointer": f"/students/{row.line}/{kind}", "detail": message}
                for row in result.rows
                for kind, message in zip(row.kinds, row.errors, strict=True)
            ]
            raise Unprocessable(_("Some students have errors; nothing was written."), errors)
        report = result.report()
        return Response(
            {
                "applied": result.applied,
                **{k: report.get(k, 0) for k in ("new", "updated", "unchanged", "returned")},
                "guardians_added": report["guardians_added"],
            }
        )


class StudentLeave(ApiView):
    """Mark a student as left; their history stays. Idempotent (the first date is kept)."""

    write_scope = ApiScope.STUDENTS_WRITE
    serializer_class = StudentLeaveIn
    queryset = Student.objects.none()

    @extend_schema(request=StudentLeaveIn, responses={200: StudentOut})
    def post(self, request: Request, pk: int) -> Response:
        require(may_import_students(self.scope))
        payload = StudentLeaveIn(data=request.data)
        payload.is_valid(raise_exception=True)
        student = get_object_or_404(
            students_visible_to(self.scope).filter(school__in=importable_schools(self.scope)),
            pk=pk,
        )
        with transaction.atomic():
            student_mark_left(
                student=student,
                on=payload.validated_data.get("left_on") or timezone.localdate(),
                by=self.caller.actor,
            )
        student.refresh_from_db()
        self.log_reads([student.pk])
        return Response(StudentOut(student).data)
