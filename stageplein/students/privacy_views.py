"""Requests to correct or remove data (AVG art. 16, 17): the student or parent asks, the
school's coordinator answers within a month."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.models import Role
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.students.access import (
    get_privacy_request_for_user,
    may_file_privacy_request,
    may_handle_privacy_request,
    may_list_privacy_requests,
    privacy_requests_visible_to,
    students_visible_to,
)
from stageplein.students.forms import PrivacyAnswerForm, PrivacyRequestForm
from stageplein.students.models import PrivacyRequest
from stageplein.students.readlog import record_read
from stageplein.students.services import (
    PrivacyRequestError,
    privacy_request_file,
    privacy_request_handle,
)


@login_required
@require_http_methods(["GET", "POST"])
def student_privacy_request(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)
    student = get_object_or_404(students_visible_to(scope).select_related("user"), pk=pk)
    require(may_file_privacy_request(scope, student))
    record_read(request, student)
    form = PrivacyRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        as_role = Role.STUDENT if scope.student_id == student.pk else Role.PARENT
        privacy_request_file(
            actor=request.user, student=student, as_role=as_role.value, **form.cleaned_data
        )
        messages.success(
            request, _("Your request has been sent to the school. It answers within a month.")
        )
        return redirect("student_privacy_request", pk)
    earlier = privacy_requests_visible_to(scope).filter(student=student).order_by("-requested_at")
    return render(
        request,
        "students/privacy_request.html",
        {"student": student, "form": form, "earlier": earlier},
    )


@login_required
def privacy_request_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_list_privacy_requests(scope))
    visible = privacy_requests_visible_to(scope).select_related("student__user", "student__school")
    waiting = visible.filter(status=PrivacyRequest.Status.OPEN).order_by("due_on", "pk")
    page = paginate(
        request, visible.exclude(status=PrivacyRequest.Status.OPEN).order_by("-handled_at")
    )
    return render(request, "students/privacy_request_list.html", {"waiting": waiting, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def privacy_request_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)
    privacy_request = get_privacy_request_for_user(request, pk)
    may_handle = may_handle_privacy_request(scope, privacy_request)
    record_read(request, privacy_request.student)
    form = None
    if may_handle and privacy_request.status == PrivacyRequest.Status.OPEN:
        form = PrivacyAnswerForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                privacy_request_handle(
                    actor=request.user, privacy_request=privacy_request, **form.cleaned_data
                )
            except PrivacyRequestError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The answer has been recorded and sent."))
                return redirect("privacy_request_list")
    elif request.method == "POST":
        require(False)
    return render(
        request,
        "students/privacy_request_detail.html",
        {"privacy_request": privacy_request, "form": form},
    )
