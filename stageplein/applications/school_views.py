"""School mediation (R-MATCH-8): a coordinator or mentor reacts to a placement on a student's
behalf, from the placement's page. The reaction goes through the vacancy bank's guarded
service, so it takes only a seat nobody holds or asked for."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stageplein.accounts.access import get_scope, require
from stageplein.applications.access import may_react_for_students, students_to_react_for
from stageplein.applications.forms import ReactForStudentForm
from stageplein.applications.services.submission import (
    application_submit_by_school,
    seats_held_or_asked,
)
from stageplein.core.http import AuthedHttpRequest
from stageplein.placements.access import get_placement_for_user
from stageplein.placements.models import PlacementPeriod


@login_required
@require_http_methods(["GET", "POST"])
def application_create_for_student(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)
    require(may_react_for_students(scope))
    placement = get_placement_for_user(request, pk)
    # Periods with a seat nobody holds or asked for; the service counts again under the lock.
    periods = [
        p
        for p in PlacementPeriod.objects.filter(
            placement=placement, ends_on__gte=timezone.localdate()
        ).order_by("starts_on", "pk")
        if seats_held_or_asked(p.pk) < p.capacity
    ]
    students = students_to_react_for(scope)
    form = ReactForStudentForm(
        request.POST or None,
        periods=periods,
        students=students,
        initial={"student": request.GET.get("student")},
    )
    if request.method == "POST" and form.is_valid():
        student = form.cleaned_data["student"]
        try:
            app = application_submit_by_school(
                student=student,
                period=form.cleaned_data["period"],
                by=request.user,
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request,
                _("The reaction is sent for %(name)s; the student and their parents are told.")
                % {"name": student.user.get_full_name()},
            )
            return redirect("application_detail", app.pk)
    return render(
        request,
        "applications/create_for_student.html",
        {"placement": placement, "form": form, "periods": periods},
        status=400 if request.method == "POST" else 200,
    )
