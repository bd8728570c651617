"""Mediation (bemiddeling): ask for help, the mediator proposes, the student or school answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.actions import action_view, run_action
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.mediation import services
from stageplein.mediation.access import (
    get_mediation_request_for_user,
    is_school_of,
    may_answer_proposal,
    may_ask_mediation,
    may_list_mediation_requests,
    may_propose,
    may_withdraw_mediation,
    mediation_requests_visible_to,
    mediation_students,
)
from stageplein.mediation.forms import AskForm, DeclineForm, ProposeForm
from stageplein.mediation.models import AskedBy, Status
from stageplein.mediation.selectors import proposable_periods


def _posted(request: AuthedHttpRequest):
    return request.POST if request.method == "POST" else None


@login_required
def mediation_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_list_mediation_requests(scope))
    qs = mediation_requests_visible_to(scope).select_related("student__user", "broker")
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    page = paginate(request, qs.order_by("-created_at", "-pk"), per_page=30)
    return render(
        request,
        "mediation/list.html",
        {
            "page": page,
            "may_ask": may_ask_mediation(scope),
            "statuses": Status.choices,
            "status": status,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mediation_create(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_ask_mediation(scope))
    students = mediation_students(scope)
    form = AskForm(_posted(request), students=students)
    if request.method == "POST" and form.is_valid():
        student = form.cleaned_data["student"]
        own = scope.student_id == student.pk or student.pk in scope.guardian_of
        try:
            req = services.mediation_ask(
                student=student,
                by=request.user,
                side=AskedBy.STUDENT if own else AskedBy.SCHOOL,
                wishes=form.cleaned_data["wishes"],
            )
        except services.MediationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Sent: you will hear when a place is proposed."))
            return redirect("mediation_detail", req.pk)
    return render(request, "mediation/form.html", {"form": form})


@login_required
def mediation_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    req = get_mediation_request_for_user(request, pk)
    scope = get_scope(request)
    proposes = may_propose(scope, req) and req.status == Status.OPEN
    return render(
        request,
        "mediation/detail.html",
        {
            "req": req,
            "propose_form": ProposeForm(periods=proposable_periods(req.student))
            if proposes
            else None,
            "may_answer": may_answer_proposal(scope, req) and req.status == Status.PROPOSED,
            "decline_form": DeclineForm(),
            "may_withdraw": may_withdraw_mediation(scope, req) and req.is_live,
            "is_school": is_school_of(scope, req),
        },
    )


@login_required
@require_POST
def mediation_propose_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    req = get_mediation_request_for_user(request, pk)
    require(may_propose(get_scope(request), req))
    form = ProposeForm(request.POST, periods=proposable_periods(req.student))
    if form.is_valid():
        run_action(
            request,
            lambda: services.mediation_propose(
                request=req,
                by=request.user,
                period=form.cleaned_data["period"],
                note=form.cleaned_data["note"],
            ),
            refused=services.MediationError,
            done=_("Proposed: the student and the school are told."),
        )
    else:
        messages.error(request, _("Choose a placement and say why it suits."))
    return redirect("mediation_detail", req.pk)


@login_required
@require_POST
def mediation_answer_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    req = get_mediation_request_for_user(request, pk)
    require(may_answer_proposal(get_scope(request), req))
    try:
        if request.POST.get("answer") == "accept":
            req = services.mediation_accept(request=req, by=request.user)
            messages.success(
                request, _("Accepted: the reaction is sent; the provider decides now.")
            )
            return redirect("application_detail", req.application_id)
        form = DeclineForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why this place does not suit."))
        else:
            services.mediation_decline(
                request=req, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Declined: the mediator will propose another place."))
    except services.MediationError as error:
        messages.error(request, str(error))
    return redirect("mediation_detail", req.pk)


mediation_withdraw_view = action_view(
    load=get_mediation_request_for_user,
    may=may_withdraw_mediation,
    run=lambda request, req: services.mediation_withdraw(request=req, by=request.user),
    refused=services.MediationError,
    done=gettext_lazy("The request is withdrawn."),
    back="mediation_detail",
)
