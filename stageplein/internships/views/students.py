"""The student list and a student's page. They live in internships, not in students, because
what they show (progress towards the norm, the internships) is counted from internship hours."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest, HtmxHttpRequest
from stageplein.core.paginate import paginate
from stageplein.internships.models import Party, Signature
from stageplein.internships.progress import attach_progress, progress_of, with_progress
from stageplein.organisations.models import School
from stageplein.students import consent
from stageplein.students.access import (
    consent_role,
    get_student_for_user,
    may_download_own_data,
    may_list_students,
    may_see_consents,
    may_see_read_log,
    students_visible_to,
)
from stageplein.students.filters import StudentFilter
from stageplein.students.forms import ConsentForm
from stageplein.students.models import ReadLogEntry
from stageplein.students.own_data import student_data_zip
from stageplein.students.readlog import read_log_of, record_read
from stageplein.students.selectors import yearly_target_hours
from stageplein.students.services import consent_give, consent_withdraw


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
    # A parent downloading a child's data is a read like any other (the student's own is not).
    record_read(request, student, kind=ReadLogEntry.Kind.FILE)
    response = HttpResponse(student_data_zip(student), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="stageplein-gegevens-{student.pk}.zip"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def student_consent(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Consent (R-PRIV-1): what is in force, who gave it, when and to which text; a parent
    (child under 16) or the student (16 and over) gives or withdraws it here. The contract's
    consent is the parent's signature on it, listed for completeness."""
    scope = get_scope(request)
    student = get_object_or_404(students_visible_to(scope).select_related("user"), pk=pk)
    require(may_see_consents(scope, student))
    record_read(request, student)
    as_role = consent_role(scope, student)
    if request.method == "POST":
        require(as_role is not None)
        assert as_role is not None  # for the type checker: require() refused otherwise
        form = ConsentForm(request.POST)
        require(form.is_valid())
        purpose = form.cleaned_data["purpose"]
        if form.cleaned_data["action"] == "give":
            consent_give(actor=request.user, student=student, purpose=purpose, as_role=as_role)
            messages.success(request, _("Your consent has been recorded."))
        else:
            consent_withdraw(actor=request.user, student=student, purpose=purpose)
            messages.success(request, _("Your consent has been withdrawn."))
        return redirect("student_consent", pk)
    records = consent.consents_of(student)
    items = [
        {
            "text": text,
            "in_force": next((c for c in records if c.purpose == purpose and c.in_force), None),
            "history": [c for c in records if c.purpose == purpose],
        }
        for purpose, text in consent.TEXTS.items()
    ]
    signatures = Signature.objects.filter(
        contract__internship__student=student, party=Party.PARENT
    ).select_related("contract__internship__provider")
    return render(
        request,
        "students/consent.html",
        {
            "student": student,
            "items": items,
            "signatures": signatures,
            "as_role": as_role,
            "from_parent": consent.consent_from_parent(student),
        },
    )
