from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.applications.access import (
    applications_visible_to,
    decides_in_reaction_order,
    get_application_for_user,
    may_approve,
    may_decide,
    may_flag,
    may_list_applications,
    may_mark_flag_solved,
    may_see_placement_contact,
    may_see_provider_contact,
    may_see_reaction_counts,
    may_withdraw,
    may_write_message,
    withdraw_side,
)
from stageplein.applications.forms import FlagForm, MessageForm, ReactForm, ReasonForm, ResolveForm
from stageplein.applications.models import ACTIVE, Application, Status
from stageplein.applications.selectors import actions_for, queue_positions, student_cards
from stageplein.applications.services.decisions import (
    application_approve,
    application_decline,
    application_flag,
    application_flag_resolve,
    application_withdraw,
)
from stageplein.applications.services.messages import message_send
from stageplein.applications.services.seats import application_accept
from stageplein.applications.services.submission import application_submit
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.placements.access import (
    get_placement_for_user,
    may_create_placements,
    may_edit_placement,
    may_manage_placements,
    may_manage_school_links,
    may_manage_task_rules,
    placements_managed_by,
)
from stageplein.placements.capacity import periods_with_availability
from stageplein.placements.models import Placement, stale_cutoff
from stageplein.placements.selectors import split_rules, student_may_do_period, task_rules_for
from stageplein.students.access import own_student


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """R-MATCH-1: the student reacts, with a short motivation, to one period."""
    scope = get_scope(request)
    placement = get_placement_for_user(request, pk)
    student = own_student(scope)
    if student is None:
        raise PermissionDenied  # only a student reacts, for themselves
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
def placement_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A placement as a student, parent or staff member sees it, with the reactions to it: the
    student's own and whether they may react, the provider's counts. It lives here, above the
    vacancy bank, because it shows reactions."""
    placement = get_placement_for_user(request, pk)
    scope = get_scope(request)
    periods = periods_with_availability([placement])[placement.pk]
    student = own_student(scope)
    context: dict = {
        "placement": placement,
        "periods": periods,
        "rules": split_rules(task_rules_for(placement.sector_id, placement.provider.region_id)),
        "may_edit": may_edit_placement(scope, placement),
        "show_contact": may_see_placement_contact(scope, placement),
        "is_stale": placement.is_stale(),
        "student": student,
    }
    if student is not None:
        for period in periods:
            period.fits = student_may_do_period(student, placement, period)  # type: ignore[attr-defined]
        reactable = [p for p in periods if p.fits and p.free > 0]  # type: ignore[attr-defined]
        full = [p for p in periods if p.fits and p.free <= 0]  # type: ignore[attr-defined]
        mine = (
            Application.objects.filter(student=student, placement=placement)
            .select_related("period")
            .order_by("-submitted_at")
        )
        active = next((a for a in mine if a.status in ACTIVE), None)
        open_count = Application.objects.open().filter(student=student).count()
        context.update(
            {
                "my_application": active,
                "my_past_applications": [a for a in mine if a.status not in ACTIVE],
                "may_react": placement.is_findable()
                and active is None
                and bool(reactable)
                and open_count < settings.APPLICATION_MAX_OPEN,
                "may_wait": placement.is_findable() and active is None and bool(full),
                "too_many_open": open_count >= settings.APPLICATION_MAX_OPEN,
                "max_open": settings.APPLICATION_MAX_OPEN,
            }
        )
    if may_see_reaction_counts(scope, placement):
        counts = (
            applications_visible_to(scope)
            .filter(placement=placement)
            .aggregate(
                waiting=Count("pk", filter=Q(status="submitted")),
                accepted=Count("pk", filter=Q(status="accepted")),
                approved=Count("pk", filter=Q(status="approved")),
            )
        )
        context["counts"] = counts
    return render(request, "applications/placement_detail.html", context)


@login_required
def placement_manage_list(request: AuthedHttpRequest) -> HttpResponse:
    """The provider's (or broker's) own placements, in every status, with the reactions that
    wait: served from here because it counts reactions."""
    scope = get_scope(request)
    require(may_manage_placements(scope))
    status = request.GET.get("status", "")
    qs = (
        placements_managed_by(scope)
        .select_related("provider", "sector")
        .annotate(
            waiting=Count("applications", filter=Q(applications__status=Status.SUBMITTED)),
            accepted=Count("applications", filter=Q(applications__status=Status.ACCEPTED)),
        )
    )
    cutoff = stale_cutoff()
    if status == "stale":
        qs = qs.filter(status=Placement.Status.PUBLISHED, confirmed_at__lt=cutoff)
    elif status in Placement.Status.values:
        qs = qs.filter(status=status)
    page = paginate(request, qs.order_by("provider__name", "status", "title"), per_page=30)
    for p in page.object_list:
        p.stale = p.is_stale()
    return render(
        request,
        "applications/placement_manage_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Placement.Status.choices,
            "may_create": may_create_placements(scope),
            "may_manage_task_rules": may_manage_task_rules(scope),
            "may_manage_school_links": may_manage_school_links(scope),
        },
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
    if decides_in_reaction_order(scope):
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
        _("Approved: the internship is arranged; student and provider have been told."),
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

    return _act(
        request,
        pk,
        may_withdraw,
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
    return _act(
        request,
        pk,
        may_mark_flag_solved,
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
    return _act(
        request,
        pk,
        may_write_message,
        lambda app, body: message_send(application=app, author=request.user, body=body),
        _("Your message has been sent."),
        MessageForm,
        "message",
        "message_form",
    )
