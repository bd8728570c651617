"""The student list and a student's page. They live in internships, not in students, because
what they show (progress towards the norm, the internships) is counted from internship hours."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import HtmxHttpRequest
from stageplein.core.paginate import paginate
from stageplein.internships.progress import attach_progress, progress_of, with_progress
from stageplein.students.access import get_student_for_user, may_list_students, students_visible_to
from stageplein.students.filters import StudentFilter
from stageplein.students.selectors import yearly_target_hours


@login_required
def student_list(request: HtmxHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_list_students(scope))
    qs = with_progress(students_visible_to(scope).filter(left_on__isnull=True)).select_related(
        "user", "school"
    )
    filterset = StudentFilter(request.GET, queryset=qs)
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
