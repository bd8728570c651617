from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.links import absolute_url
from stageplein.core.paginate import paginate
from stageplein.internships.access import (
    internships_visible_to,
    may_edit_contract_templates,
    may_list_internships,
    may_see_evaluation_summary,
    may_verify_entries,
)
from stageplein.internships.forms import GuidanceForm, SessionForm
from stageplein.internships.models import (
    Concern,
    HourEntry,
    Internship,
    Report,
)
from stageplein.internships.progress import progress_of
from stageplein.internships.selectors import (
    Waiting,
    current_contract,
    internships_waiting,
    missing_parties,
    reports_by_kind,
    valid_certificate,
)
from stageplein.internships.services import internship as internship_services
from stageplein.internships.services.common import InternshipError
from stageplein.internships.services.defaults import guidance_summary
from stageplein.internships.views.common import load, posted
from stageplein.students.access import own_student
from stageplein.students.selectors import yearly_target_hours


@login_required
def internship_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_list_internships(scope))
    qs = (
        internships_visible_to(scope)
        .select_related("student__user", "student__school", "provider")
        .annotate(
            confirmed=Sum("hours__hours", filter=Q(hours__status=HourEntry.Status.VERIFIED)),
            waiting=Count("hours", filter=Q(hours__status=HourEntry.Status.SUBMITTED)),
        )
    )
    status = request.GET.get("status", "")
    if status in Internship.Status.values:
        qs = qs.filter(status=status)
    waiting = request.GET.get("waiting", "")
    if waiting in Waiting.values:
        qs = qs.filter(pk__in=internships_waiting(scope, waiting).values("pk"))
    page = paginate(request, qs.order_by("-start_date", "pk"), per_page=30)
    student = own_student(scope)
    # The person's own secret feed (R-INT-2).
    feed_url = absolute_url(reverse_feed(request.user.feed_token))
    return render(
        request,
        "internships/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Internship.Status.choices,
            "waiting": Waiting(waiting) if waiting in Waiting.values else None,
            "feed_url": feed_url,
            "student": student,
            "progress": progress_of(student) if student else None,
            "certificate": valid_certificate(student) if student else None,
            "may_verify": may_verify_entries(scope),
            "may_edit_template": may_edit_contract_templates(scope),
            "may_see_evaluations": may_see_evaluation_summary(scope),
        },
    )


def reverse_feed(token: str) -> str:

    return reverse("calendar_feed", args=[token])


@login_required
def internship_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    contract = current_contract(internship) if access.may_see_details else None
    student = internship.student
    entries = (
        list(internship.hours.select_related("verified_by").order_by("-date", "-created_at"))
        if access.may_see_details or access.broker
        else []
    )
    today = timezone.localdate()
    writing = []
    if access.may_read_reports:
        history = reports_by_kind(internship)
        writing = [(k, label, next(iter(history[k]), None)) for k, label in Report.Kind.choices]
    context = {
        "internship": internship,
        "access": access,
        "contract": contract,
        "missing": missing_parties(contract) if contract else [],
        "progress": progress_of(student),
        "target": yearly_target_hours(student),
        "entries": entries,
        "sessions": internship.sessions.filter(date__gte=today)[:20]
        if access.may_see_details
        else [],
        "session_form": SessionForm(initial={"date": today}) if access.may_plan else None,
        "writing": writing,
        "logbook_count": internship.logbook.count() if access.may_see_details else 0,
        "concerns": internship.concerns.select_related("reported_by", "followed_up_by")
        if (access.school_staff or access.provider_staff or access.admin)
        else Concern.objects.none(),
        "student_evaluation": getattr(internship, "student_evaluation", None),
        "provider_assessment": getattr(internship, "provider_assessment", None),
        "certificate": valid_certificate(student) if access.may_read_reports else None,
        "guidance": guidance_summary(internship),
        # Evaluations come after the first confirmed hours (the services refuse them before).
        "has_verified": any(e.status == HourEntry.Status.VERIFIED for e in entries),
    }
    return render(request, "internships/detail.html", context)


@login_required
@require_POST
def internship_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The school completes or cancels an internship (it keeps the lead, R-ROLE-2)."""
    internship, access = load(request, pk)
    require(access.school_staff)
    status = request.POST.get("status", "")
    try:
        internship_services.internship_close(
            internship=internship,
            by=request.user,
            status=status,
            reason=request.POST.get("reason", ""),
        )
    except InternshipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The internship's status has been changed."))
    return redirect("internship_detail", pk)


@login_required
@require_http_methods(["GET", "POST"])
def internship_guidance(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.school_staff)
    form = GuidanceForm(
        posted(request),
        initial={
            "teacher_present": internship.guidance_teacher_present,
            "in_pairs": internship.guidance_in_pairs,
            "notes": internship.guidance_notes,
            "given_by": internship.guidance_by,
        },
    )
    if request.method == "POST" and form.is_valid():
        internship_services.guidance_set(
            internship=internship,
            by=request.user,
            teacher_present=form.cleaned_data["teacher_present"],
            in_pairs=form.cleaned_data["in_pairs"],
            notes=form.cleaned_data["notes"],
            given_by=form.cleaned_data["given_by"],
        )
        messages.success(request, _("The guidance has been saved."))
        return redirect("internship_detail", pk)
    return render(request, "internships/guidance.html", {"internship": internship, "form": form})
