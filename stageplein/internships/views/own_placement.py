"""Own placements (zelf geregeld): register, list, and the school's decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.internships.access import (
    get_own_placement_for_user,
    may_decide_own_placement,
    may_list_own_placements,
    may_register_own_placement,
    own_placement_students,
    own_placements_visible_to,
)
from stageplein.internships.own_placement_forms import OwnPlacementForm, RefuseForm
from stageplein.internships.services import own_placement as services
from stageplein.internships.services.common import InternshipError
from stageplein.internships.views.common import posted


@login_required
def own_placement_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_list_own_placements(scope))
    qs = own_placements_visible_to(scope).select_related("student__user", "provider")
    page = paginate(request, qs.order_by("-created_at", "pk"), per_page=30)
    return render(
        request,
        "internships/own_placement_list.html",
        {"page": page, "may_register": may_register_own_placement(scope)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def own_placement_create(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_register_own_placement(scope))
    students = own_placement_students(scope)
    region_ids = set(students.values_list("school__region_id", flat=True))
    form = OwnPlacementForm(posted(request), students=students, region_ids=region_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            op = services.own_placement_register(
                student=data["student"],
                by=request.user,
                provider=data["provider"],
                organisation_name=data["organisation_name"],
                organisation_address=data["organisation_address"],
                organisation_sector=data["organisation_sector"],
                organisation_phone=data["organisation_phone"],
                organisation_email=data["organisation_email"],
                organisation_postcode=data["organisation_postcode"],
                kind=data["kind"],
                title=data["title"],
                tasks=data["tasks"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                planned_hours=data["planned_hours"],
                supervisor_name=data["supervisor_name"],
                supervisor_email=data["supervisor_email"],
            )
        except InternshipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Registered: the school will look at it."))
            return redirect("own_placement_detail", op.pk)
    return render(request, "internships/own_placement_form.html", {"form": form})


@login_required
def own_placement_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    op = get_own_placement_for_user(request, pk)
    decides = may_decide_own_placement(get_scope(request), op)
    return render(
        request,
        "internships/own_placement_detail.html",
        {"op": op, "may_decide": decides, "refuse_form": RefuseForm()},
    )


@login_required
@require_POST
def own_placement_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    op = get_own_placement_for_user(request, pk)
    require(may_decide_own_placement(get_scope(request), op))
    try:
        if request.POST.get("decision") == "approve":
            op = services.own_placement_approve(own_placement=op, by=request.user)
            messages.success(request, _("Approved: the internship and its contract are ready."))
        else:
            reason = request.POST.get("reason", "")
            services.own_placement_refuse(own_placement=op, by=request.user, reason=reason)
            messages.success(request, _("Refused; the student sees your reason."))
    except InternshipError as error:
        messages.error(request, str(error))
    return redirect("own_placement_detail", op.pk)
