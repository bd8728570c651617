"""The student list and a student's page. They live in internships, not in students, because
what they show (progress towards the norm, the internships) is counted from internship hours."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import HtmxHttpRequest
from stageplein.core.paginate import paginate
from stageplein.internships.progress import attach_progress, progress_of, with_progress
from stageplein.organisations.models import School
from stageplein.students.access import (
    get_student_for_user,
    may_download_own_data,
    may_list_students,
    may_see_read_log,
    students_visible_to,
)
from stageplein.students.filters import StudentFilter
from stageplein.students.own_data import student_data_zip
from stageplein.students.readlog import read_log_of
from stageplein.students.selectors import yearly_target_hours


@login_required
def student_list(request: HtmxHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_list_students(scope))
    qs = with_progress(students_visible_to(scope).filter(left_on__isnull=True)).select_related(
        "user", "school"
    )
    schools = School.objects.filter(pk__in=qs.values("school_id").order_by().distinct())
    filterset = StudentFilter(request.GET, queryset=qs, schools=list(schools))
    page = paginate(request, filterset.qs.order_by("class_name", "user__last_name"))
    attach_progress(page.object_list)  # type: ignore[arg-type]
    template = "students/list.html#results" if request.htmx else "students/list.html"
    return render(request, template, {"filter": filterset, "page": page})


@login_required
def student_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    student = get_student_for_user(request, pk)
    internships = student.internships.select_related("provider").prefetch_related("hours")
    return render(
        request,
        "students/detail.html",
        {
            "student": student,
            "progress": progress_of(student),
            "target": yearly_target_hours(student),
            "internships": internships,
        },
    )


@login_required
def student_read_log(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Who read the student's data (R-PRIV-1). Opening the log is not itself logged: it shows
    who looked, not the student's data."""
    scope = get_scope(request)
    student = get_object_or_404(students_visible_to(scope).select_related("user"), pk=pk)
    require(may_see_read_log(scope, student))
    page = paginate(request, read_log_of(student))
    return render(request, "students/read_log.html", {"student": student, "page": page})


@login_required
def student_own_data(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Everything the platform holds about the student, as a ZIP of JSON files (AVG art. 15)."""
    scope = get_scope(request)
    student = get_object_or_404(students_visible_to(scope).select_related("user"), pk=pk)
    require(may_download_own_data(scope, student))
    response = HttpResponse(student_data_zip(student), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="stageplein-gegevens-{student.pk}.zip"'
    return response
