"""Evaluations, reports of lateness or low effort and their summary (R-INT-4, R-INT-7)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.internships.access import (
    access_to,
    internships_visible_to,
    may_see_evaluation_summary,
)
from stageplein.internships.forms import (
    ConcernForm,
    FollowUpForm,
    ProviderAssessmentForm,
    StudentEvaluationForm,
)
from stageplein.internships.models import Concern
from stageplein.internships.selectors import evaluation_summary
from stageplein.internships.services import evaluation as evaluation_services
from stageplein.internships.services.common import InternshipError
from stageplein.internships.views.common import load, posted


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_student(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.may_evaluate)
    done = getattr(internship, "student_evaluation", None)
    form = StudentEvaluationForm(posted(request)) if done is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            evaluation_services.student_evaluation_submit(
                internship=internship, by=request.user, **form.cleaned_data
            )
        except InternshipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return redirect("internship_detail", pk)
    return render(
        request,
        "internships/evaluation_student.html",
        {"internship": internship, "form": form, "done": done},
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_provider(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.may_assess)
    done = getattr(internship, "provider_assessment", None)
    form = ProviderAssessmentForm(posted(request)) if done is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            evaluation_services.provider_assessment_submit(
                internship=internship, by=request.user, **form.cleaned_data
            )
        except InternshipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you: the school has received your assessment."))
            return redirect("internship_detail", pk)
    return render(
        request,
        "internships/evaluation_provider.html",
        {"internship": internship, "form": form, "done": done},
    )


@login_required
@require_http_methods(["GET", "POST"])
def concern_report(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    internship, access = load(request, pk)
    require(access.may_report_concern)
    form = ConcernForm(posted(request))
    if request.method == "POST" and form.is_valid():
        evaluation_services.concern_report(
            internship=internship,
            by=request.user,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Thank you. The mentor has been told and will follow up."))
        return redirect("internship_detail", pk)
    return render(request, "internships/concern.html", {"internship": internship, "form": form})


@login_required
@require_POST
def concern_follow_up(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)
    concern = get_object_or_404(
        Concern.objects.filter(internship__in=internships_visible_to(scope)).select_related(
            "internship__student", "internship__provider"
        ),
        pk=pk,
    )
    require(access_to(scope, concern.internship).may_follow_up)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        evaluation_services.concern_follow_up(
            concern=concern, by=request.user, note=form.cleaned_data["note"]
        )
        messages.success(request, _("The follow-up has been saved."))
    else:
        messages.error(request, _("Write down what the school did."))
    return redirect("internship_detail", concern.internship_id)


@login_required
def evaluations(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_see_evaluation_summary(scope))
    rows = list(evaluation_summary(scope))
    providers: dict[int, dict] = {}
    for row in rows:
        p = providers.setdefault(
            row["provider_id"],
            {"name": row["provider__name"], "placements": [], "n": 0, "sum": 0.0, "assessed": 0},
        )
        p["placements"].append(row)
        p["n"] += row["evaluations"]
        p["sum"] += (row["average"] or 0) * row["evaluations"]
        p["assessed"] += row["assessments"]
    for p in providers.values():
        p["average"] = p["sum"] / p["n"] if p["n"] else None
    total_n = sum(p["n"] for p in providers.values())
    overall = sum(p["sum"] for p in providers.values()) / total_n if total_n else None
    return render(
        request,
        "internships/evaluations.html",
        {
            "providers": sorted(providers.values(), key=lambda p: p["name"]),
            "overall": overall,
            "total": total_n,
        },
    )
