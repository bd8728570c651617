"""The waiting list (R-PLACE-8): join a full period, see your place and an offer, accept or
leave."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.applications.access import (
    get_waiting_list_entry_for_user,
    may_answer_waiting_list,
    may_see_waiting_list,
    waiting_list_visible_to,
)
from stageplein.applications.forms import ReactForm
from stageplein.applications.models import WaitingListEntry, WaitStatus
from stageplein.applications.services.waiting_list import (
    waiting_list_accept,
    waiting_list_join,
    waiting_list_leave,
)
from stageplein.core.http import AuthedHttpRequest
from stageplein.placements.access import get_placement_for_user
from stageplein.placements.capacity import periods_with_availability
from stageplein.placements.selectors import student_may_do_period
from stageplein.students.access import own_student


@login_required
@require_http_methods(["GET", "POST"])
def waiting_list_join_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Join the waiting list of one of the placement's full periods that fit the student."""
    placement = get_placement_for_user(request, pk)
    student = own_student(get_scope(request))
    if student is None:
        raise PermissionDenied  # only a student joins, for themselves
    periods = [
        p
        for p in periods_with_availability([placement])[placement.pk]
        if p.free <= 0 and student_may_do_period(student, placement, p)  # type: ignore[attr-defined]
    ]
    form = ReactForm(request.POST or None, periods=periods)
    if request.method == "POST" and form.is_valid():
        try:
            waiting_list_join(
                student=student,
                period=form.cleaned_data["period"],
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request, _("You are on the waiting list. You get a message when a place is free.")
            )
            return redirect("waiting_list")
    return render(
        request,
        "applications/waiting_list_join.html",
        {"placement": placement, "form": form, "periods": periods},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def waiting_list_view(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_see_waiting_list(scope))
    ahead = (
        WaitingListEntry.objects.filter(period_id=OuterRef("period_id"), status=WaitStatus.WAITING)
        .filter(
            Q(joined_at__lt=OuterRef("joined_at"))
            | Q(joined_at=OuterRef("joined_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("period_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    entries = (
        waiting_list_visible_to(scope)
        .select_related("student__user", "period__placement__provider")
        .annotate(ahead=Coalesce(Subquery(ahead), 0))
        .order_by("-joined_at", "-pk")[:200]
    )
    return render(
        request,
        "applications/waiting_list.html",
        {"entries": [(entry, may_answer_waiting_list(scope, entry)) for entry in entries]},
    )


@login_required
@require_POST
def waiting_list_accept_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry = get_waiting_list_entry_for_user(request, pk)
    require(may_answer_waiting_list(get_scope(request), entry))
    try:
        app = waiting_list_accept(entry=entry, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("waiting_list")
    messages.success(request, _("The place is yours: now your school approves it."))
    return redirect("application_detail", app.pk)


@login_required
@require_POST
def waiting_list_leave_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    entry = get_waiting_list_entry_for_user(request, pk)
    require(may_answer_waiting_list(get_scope(request), entry))
    try:
        waiting_list_leave(entry=entry)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("You left the waiting list."))
    return redirect("waiting_list")
