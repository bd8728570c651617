"""The reviewers' workspace (issue 15): organisations that signed up and the first placements of
organisations that joined that way, side by side; the review of such a placement; the
organisation sending it back after the changes it was asked. It lives in placements, above
organisations, because one page lists both."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.organisations.access import may_review_providers, providers_to_review
from stageplein.organisations.models import ProviderSignup
from stageplein.organisations.signup_forms import ReviewForm
from stageplein.placements.access import (
    get_placement_for_user,
    get_placement_to_review,
    may_resubmit_placement,
    placements_to_review,
)
from stageplein.placements.capacity import periods_with_availability
from stageplein.placements.selectors import split_rules, task_rules_for
from stageplein.placements.services import (
    ReviewError,
    placement_ask_changes,
    placement_resubmit,
    placement_review,
)


@login_required
def review_list(request: AuthedHttpRequest) -> HttpResponse:
    """Organisations to review, and below them the first placements that wait (few: shown in
    full, oldest first)."""
    scope = get_scope(request)
    require(may_review_providers(scope))
    qs = providers_to_review(scope).select_related("sector", "municipality")
    page = paginate(request, qs.order_by("created_at", "pk"), per_page=30)
    placements = (
        placements_to_review(scope)
        .select_related("provider", "sector", "postcode")
        .order_by("published_at", "pk")
    )
    return render(
        request, "organisations/review_list.html", {"page": page, "placements": placements}
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_review_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_to_review(request, pk)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decision = request.POST.get("decision")
        note = form.cleaned_data["note"]
        try:
            if decision == "changes":
                placement_ask_changes(placement=placement, by=request.user, note=note)
                done = _("Sent: the organisation reads your message and sends its changes.")
            else:
                approve = decision == "approve"
                placement_review(placement=placement, by=request.user, approve=approve, note=note)
                done = _("Approved: students can find it now.") if approve else _("Refused.")
        except ReviewError as error:
            form.add_error("note", error.messages[0])
        else:
            messages.success(request, done)
            return redirect("provider_review_list")
    signup = ProviderSignup.objects.filter(provider_id=placement.provider_id).first()
    return render(
        request,
        "placements/review.html",
        {
            "placement": placement,
            "signup": signup,
            "periods": periods_with_availability([placement])[placement.pk],
            "rules": split_rules(task_rules_for(placement.sector_id, placement.provider.region_id)),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def placement_resubmit_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for_user(request, pk)
    require(may_resubmit_placement(get_scope(request), placement))
    if placement_resubmit(placement=placement, by=request.user):
        messages.success(request, _("Sent: the broker looks at your placement again."))
    return redirect("placement_detail", placement.pk)
