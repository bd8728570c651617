from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.applications.forms import FlagForm, MessageForm, ReactForm, ReasonForm, ResolveForm
from stageplein.applications.models import ACTIVE, Application, Status
from stageplein.applications.selectors import (
    actions_for,
    applications_visible_to,
    get_application_for_user,
    may_approve,
    may_decide,
    may_flag,
    may_list_applications,
    may_see_provider_contact,
    queue_positions,
    student_cards,
    withdraw_side,
)
from stageplein.applications.services import (
    application_accept,
    application_approve,
    application_decline,
    application_flag,
    application_flag_resolve,
    application_submit,
    application_withdraw,
    message_send,
)
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.placements.selectors import (
    get_placement_for_user,
    periods_with_availability,
    student_may_do_period,
)
from stageplein.students.models import Student


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """R-MATCH-1: the student reacts, with a short motivation, to one period."""
    scope = get_scope(request)
    placement = get_placement_for_user(request, pk)
    if scope.student_id is None:
        raise PermissionDenied  # only a student reacts, for themselves
    student = Student.objects.select_related("school").get(pk=scope.student_id)
    periods = [
        p
        for p in periods_with_availability([placement])[placement.pk]
        if p.free > 0 and student_may_do_period(student, placement, p)  # type: ignore[attr-defined]
    ]
    form = ReactForm(request.POST or None, periods=periods)
    if request.method == "POST" and form.is_valid():
        try:
            app = application_submit(
                student=student,
                period=form.cleaned_data["period"],
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(
                request,
                _("Your reaction has been sent. You will get a message when the provider answers."),
            )
            return redirect("application_detail", app.pk)
    return render(
        request,
        "applications/create.html",
        {"placement": placement, "form": form, "periods": periods},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def application_list(request: AuthedHttpRequest) -> HttpResponse:
    """Each side's reactions: a student's own, a provider's incoming ones (in reaction order),
    a school's waiting for approval, a broker's area with flags."""
    scope = get_scope(request)
    require(may_list_applications(scope))
    qs = applications_visible_to(scope).select_related(
        "student__user", "student__school", "placement__provider", "placement", "period"
    )
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    elif status == "active":
        qs = qs.filter(status__in=ACTIVE)
    if request.GET.get("flagged"):
        qs = qs.filter(flagged_at__isnull=False, flag_resolved_at__isnull=True)
    placement_id = request.GET.get("placement", "")
    if placement_id.isdigit():
        qs = qs.filter(placement_id=int(placement_id))
    if scope.providers and scope.student_id is None:
        # Providers decide in reaction order (R-MATCH-4): oldest first, per placement.
        qs = qs.order_by(
            "placement__title", "placement_id", "period__starts_on", "submitted_at", "pk"
        )
    else:
        qs = qs.order_by("-submitted_at", "-pk")
    page = paginate(request, qs, per_page=30)
    rows = list(page.object_list)
    cards = student_cards(scope, rows)
    positions = queue_positions(rows)
    for app in rows:
        app.card = cards[app.pk]
        app.position = positions.get(app.pk)
    return render(
        request,
        "applications/list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": Status.choices,
            "flagged": bool(request.GET.get("flagged")),
            "placement_id": placement_id,
        },
    )


@login_required
def application_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    app = get_application_for_user(request, pk)
    scope = get_scope(request)
    return render(request, "applications/detail.html", _detail_context(scope, app))


def _detail_context(scope, app: Application, **forms) -> dict:
    actions = actions_for(scope, app)
    return {
        "app": app,
        "card": student_cards(scope, [app])[app.pk],
        "actions": actions,
        "position": queue_positions([app]).get(app.pk),
        "show_contact": may_see_provider_contact(scope, app),
        # Everyone who may open the reaction may read its messages (safeguarding of minors).
        "thread": app.messages.select_related("author"),
        "decline_form": forms.get("decline_form") or ReasonForm(prefix="decline"),
        "withdraw_form": forms.get("withdraw_form") or ReasonForm(prefix="withdraw"),
        "flag_form": forms.get("flag_form") or FlagForm(prefix="flag"),
        "resolve_form": forms.get("resolve_form") or ResolveForm(prefix="resolve"),
        "message_form": forms.get("message_form") or MessageForm(prefix="message"),
    }


def _act(
    request: AuthedHttpRequest,
    pk: int,
    allowed: Callable[..., bool],
    action: Callable[..., object],
    success: str,
    form_class=None,
    prefix: str = "",
    form_name: str = "",
) -> HttpResponse:
    """The shape of every decision: 404 for outsiders, 403 for those without the right,
    then the service; a refusal comes back as a message, never as a server error."""
    app = get_application_for_user(request, pk)
    scope = get_scope(request)
    require(allowed(scope, app))
    form = form_class(request.POST, prefix=prefix) if form_class else None
    if form is not None and not form.is_valid():
        context = _detail_context(scope, app, **{form_name: form})
        return render(request, "applications/detail.html", context, status=400)
    try:
        action(app) if form is None else action(app, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, success)
    return redirect("application_detail", app.pk)


@login_required
@require_POST
def application_accept_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        may_decide,
        lambda app: application_accept(application=app, by=request.user),
        _("Accepted. The school now approves the match; the student has been told."),
    )


@login_required
@require_POST
def application_decline_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        may_decide,
        lambda app, reason: application_decline(application=app, by=request.user, reason=reason),
        _("Declined. The student has been told."),
        ReasonForm,
        "decline",
        "decline_form",
    )


@login_required
@require_POST
def application_approve_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        may_approve,
        lambda app: application_approve(application=app, by=request.user),
        _("Approved. The internship has started; student and provider have been told."),
    )


@login_required
@require_POST
def application_withdraw_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)

    def withdraw(app: Application, reason: str) -> None:
        side = withdraw_side(scope, app)
        if side is None:
            raise ValidationError(
                _("Only a reaction that is waiting or accepted can be withdrawn.")
            )
        application_withdraw(application=app, by=request.user, side=side, reason=reason)

    def allowed(scope, app: Application) -> bool:
        # Whether someone may withdraw at all does not depend on the status (that is a refusal).
        return (
            scope.student_id == app.student_id or may_approve(scope, app) or may_decide(scope, app)
        )

    return _act(
        request,
        pk,
        allowed,
        withdraw,
        _("Withdrawn. The others involved have been told."),
        ReasonForm,
        "withdraw",
        "withdraw_form",
    )


@login_required
@require_POST
def application_flag_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    app = get_application_for_user(request, pk)
    if may_approve(get_scope(request), app) and not may_decide(get_scope(request), app):
        thanks = _("Thank you. The provider and the broker have been told.")
    else:
        thanks = _("Thank you. The school and the broker have been told and will contact you.")
    return _act(
        request,
        pk,
        may_flag,
        lambda app, reason: application_flag(application=app, by=request.user, reason=reason),
        thanks,
        FlagForm,
        "flag",
        "flag_form",
    )


@login_required
@require_POST
def application_flag_resolve_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    def allowed(scope, app: Application) -> bool:
        return may_approve(scope, app) or (
            app.student.school.municipality_id in scope.broker_municipalities
        )

    return _act(
        request,
        pk,
        allowed,
        lambda app, resolution: application_flag_resolve(
            application=app, by=request.user, resolution=resolution
        ),
        _("The flag is marked as solved."),
        ResolveForm,
        "resolve",
        "resolve_form",
    )


@login_required
@require_POST
def application_message_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    def allowed(scope, app: Application) -> bool:
        return scope.student_id == app.student_id or app.placement.provider_id in scope.providers

    return _act(
        request,
        pk,
        allowed,
        lambda app, body: message_send(application=app, author=request.user, body=body),
        _("Your message has been sent."),
        MessageForm,
        "message",
        "message_form",
    )
