from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.accounts.links import peek_link
from stageplein.core.http import AuthedHttpRequest, HtmxHttpRequest
from stageplein.core.params import clean_params, id_field, page_number, text_field
from stageplein.organisations.access import providers_visible_to
from stageplein.placements.access import (
    get_placement_for_editing,
    may_create_placements,
    may_manage_school_links,
    may_manage_task_rules,
    may_search_placements,
    may_write_national_rules,
    providers_for_placements,
    school_links_visible_to,
    schools_for_links,
    task_rule_regions,
    task_rules_editable_by,
)
from stageplein.placements.capacity import periods_with_availability
from stageplein.placements.forms import (
    NewPeriodFormSet,
    PeriodFormSet,
    PlacementForm,
    PlacementSearchForm,
    SchoolLinkForm,
    TaskRuleForm,
)
from stageplein.placements.models import Placement, PlacementReview, TaskRule
from stageplein.placements.selectors import (
    has_period_not_ended,
    search_page,
    split_rules,
    task_rules_for,
)
from stageplein.placements.services import (
    RENEW_PURPOSE,
    PeriodChange,
    PeriodError,
    earliest_start,
    placement_close,
    placement_publish,
    placement_renew,
    placement_renew_with_link,
    placement_save,
    school_link_create,
    school_link_delete,
    task_rule_delete,
    task_rule_save,
)
from stageplein.students.access import own_student

PER_PAGE = 20


@login_required
def placement_search(request: HtmxHttpRequest) -> HttpResponse:
    """R-PLACE-5 / R-MATCH-1: the student looks for a placement, on a phone."""
    scope = get_scope(request)
    require(may_search_placements(scope))
    student = own_student(scope)
    form = PlacementSearchForm(request.GET or None, student=student)
    search = form.to_search()
    page = search_page(search, str(page_number(request.GET)), PER_PAGE)
    rows: list[Placement] = list(page.object_list)
    availability = periods_with_availability(rows)
    for placement in rows:
        placement.open_periods = availability[placement.pk]  # type: ignore[attr-defined]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "search": search,
        "student": student,
        # In an attribute rather than a <script> block: htmx drops script tags it swaps in.
        "markers_json": json.dumps(markers(rows)),
        "may_manage_school_links": may_manage_school_links(scope),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    template = "placements/search.html#results" if request.htmx else "placements/search.html"
    return render(request, template, context)


def markers(rows: list[Placement], url_name: str = "placement_detail") -> list[dict]:
    """One marker per postcode area; several placements in one area share it."""
    by_pc4: dict[str, dict] = {}
    for p in rows:
        marker = by_pc4.setdefault(
            p.postcode_id,
            {"lat": p.lat, "lon": p.lon, "place": p.postcode.place, "items": []},
        )
        marker["items"].append(
            {
                "title": p.title,
                "provider": p.provider.name,
                "url": reverse(url_name, args=[p.pk]),
            }
        )
    return list(by_pc4.values())


def _period_changes(formset) -> list[PeriodChange]:
    changes = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        delete = bool(formset.can_delete and form.cleaned_data.get("DELETE"))
        changes.append(PeriodChange(period=form.instance, delete=delete, key=form.prefix))
    return changes


def _save_placement(request, form, formset) -> Placement | None:
    """Validate both, save through the service, and map a service refusal back onto the
    field it concerns. Nothing is saved unless everything is valid."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    placement = form.save(commit=False)
    changes = _period_changes(formset)
    try:
        with transaction.atomic():
            return placement_save(placement=placement, periods=changes, by=request.user)
    except PeriodError as exc:
        target = next((f for f in formset.forms if f.prefix == exc.key), None)
        if target is not None:
            target.add_error(exc.field, exc.messages[0])
        else:
            form.add_error(None, exc.messages[0])
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                name = field if field in form.fields else None
                for error in errors:
                    form.add_error(name, error)
        else:
            form.add_error(None, exc.messages[0])
    if placement.pk and not Placement.objects.filter(pk=placement.pk).exists():
        placement.pk = None  # rolled back: the form must not think it was created
    return None


@login_required
@require_http_methods(["GET", "POST"])
def placement_create(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_create_placements(scope))
    providers = providers_for_placements(scope).order_by("name")
    initial = {}
    if request.GET.get("provider", "").isdigit():
        initial["provider"] = int(request.GET["provider"])
    form = PlacementForm(request.POST or None, providers=providers, initial=initial)
    formset = NewPeriodFormSet(request.POST or None, instance=Placement(), prefix="periods")
    if request.method == "POST":
        placement = _save_placement(request, form, formset)
        if placement is not None:
            messages.success(
                request, _("Saved as a draft. Publish the placement when it is ready.")
            )
            return redirect("placement_detail", placement.pk)
    return _form_page(request, form, formset, None)


@login_required
@require_http_methods(["GET", "POST"])
def placement_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for_editing(request, pk)
    scope = get_scope(request)
    providers = providers_for_placements(scope)
    form = PlacementForm(request.POST or None, instance=placement, providers=providers)
    formset = PeriodFormSet(request.POST or None, instance=placement, prefix="periods")
    if request.method == "POST":
        saved = _save_placement(request, form, formset)
        if saved is not None:
            messages.success(request, _("Your changes have been saved."))
            return redirect("placement_detail", saved.pk)
    return _form_page(request, form, formset, placement)


def _form_page(request, form, formset, placement: Placement | None) -> HttpResponse:
    provider = placement.provider if placement else form._provider()
    sector = form["sector"].value()
    region = provider.region_id if provider else None
    return render(
        request,
        "placements/form.html",
        {
            "form": form,
            "formset": formset,
            "placement": placement,
            "rules": split_rules(task_rules_for(sector, region)),
            "earliest": earliest_start(provider) if provider else timezone.localdate(),
            "lead": provider is not None and earliest_start(provider) > timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def placement_rules(request: HtmxHttpRequest) -> HttpResponse:
    """The sector's rules for the form, swapped in by htmx when the sector changes."""
    scope = get_scope(request)
    require(may_create_placements(scope))
    params = clean_params(request.GET, provider=id_field(), sector=text_field())
    provider = providers_for_placements(scope).filter(pk=params["provider"] or 0).first()
    region = provider.region_id if provider else None
    rules = split_rules(task_rules_for(params["sector"] or None, region))
    return render(request, "placements/form.html#rules", {"rules": rules})


@login_required
@require_POST
def placement_publish_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for_editing(request, pk)
    try:
        published = placement_publish(placement=placement, by=request.user)
        if published.review == PlacementReview.WAITING:
            messages.success(
                request,
                _(
                    "The placement is published. It is your first: students can find it once a "
                    "broker of your area has approved it."
                ),
            )
        else:
            messages.success(request, _("The placement is published: students can find it now."))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("placement_detail", placement.pk)


@login_required
@require_POST
def placement_close_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for_editing(request, pk)
    try:
        placement_close(placement=placement, by=request.user)
        messages.success(request, _("The placement is closed. Waiting students have been told."))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("placement_detail", placement.pk)


@login_required
@require_POST
def placement_renew_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    placement = get_placement_for_editing(request, pk)
    try:
        placement_renew(placement=placement, by=request.user)
        if has_period_not_ended(placement):
            messages.success(request, _("Thank you: the placement is marked as current again."))
        else:
            messages.warning(
                request,
                _(
                    "The placement is marked as current again, but it has no period that has "
                    "not ended: students will find it once you add a new period."
                ),
            )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("placement_detail", placement.pk)


@require_http_methods(["GET", "POST"])
def placement_renew_link(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The renewal link from the e-mail: no sign-in needed. GET only shows a button (mail
    scanners open links and must not use them up)."""
    if request.method == "GET":
        link = peek_link(RENEW_PURPOSE, token)
        placement = (
            Placement.objects.filter(
                pk=link.payload.get("placement"), status=Placement.Status.PUBLISHED
            ).first()
            if link
            else None
        )
        if placement is None:
            return render(request, "placements/renew_invalid.html", status=410)
        return render(request, "placements/renew_confirm.html", {"placement": placement})
    renewed = placement_renew_with_link(token=token)
    if renewed is None:
        return render(request, "placements/renew_invalid.html", status=410)
    return render(
        request,
        "placements/renew_done.html",
        {"placement": renewed, "findable": has_period_not_ended(renewed)},
    )


# -- sector rules ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def task_rule_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_manage_task_rules(scope))
    regions = task_rule_regions(scope)
    form = TaskRuleForm(
        request.POST or None, regions=regions, allow_national=may_write_national_rules(scope)
    )
    if request.method == "POST" and form.is_valid():
        task_rule_save(rule=form.save(commit=False), by=request.user)
        messages.success(request, _("The rule has been added."))
        return redirect("task_rule_list")
    editable = set(task_rules_editable_by(scope).values_list("pk", flat=True))
    rules = (
        TaskRule.objects.filter(Q(region__isnull=True) | Q(region__in=regions))
        .select_related("sector", "region")
        .order_by("sector__order", "kind", "region_id", "order", "pk")
    )
    return render(
        request,
        "placements/task_rules.html",
        {"form": form, "rules": rules, "editable": editable},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_rule_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)
    require(may_manage_task_rules(scope))
    rule = get_object_or_404(task_rules_editable_by(scope), pk=pk)
    regions = task_rule_regions(scope)
    form = TaskRuleForm(
        request.POST or None,
        instance=rule,
        regions=regions,
        allow_national=may_write_national_rules(scope),
    )
    if request.method == "POST" and form.is_valid():
        task_rule_save(rule=form.save(commit=False), by=request.user)
        messages.success(request, _("Your changes have been saved."))
        return redirect("task_rule_list")
    return render(request, "placements/task_rule_edit.html", {"form": form, "rule": rule})


@login_required
@require_POST
def task_rule_delete_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)
    require(may_manage_task_rules(scope))
    rule = get_object_or_404(task_rules_editable_by(scope), pk=pk)
    task_rule_delete(rule=rule)
    messages.success(request, _("The rule has been removed."))
    return redirect("task_rule_list")


# -- school links ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def school_link_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_manage_school_links(scope))
    schools = schools_for_links(scope).order_by("name")
    providers = providers_visible_to(scope).order_by("name")
    form = SchoolLinkForm(request.POST or None, schools=schools, providers=providers)
    if request.method == "POST" and form.is_valid():
        try:
            school_link_create(
                school=form.cleaned_data["school"],
                provider=form.cleaned_data["provider"],
                placement=form.cleaned_data["placement"],
                school_year=form.cleaned_data["school_year"],
                by=request.user,
            )
            messages.success(request, _("The link has been saved."))
            return redirect("school_link_list")
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
    links = school_links_visible_to(scope).select_related("school", "provider", "placement")
    return render(
        request,
        "placements/school_links.html",
        {"form": form, "links": links},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def school_link_delete_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)
    require(may_manage_school_links(scope))
    link = get_object_or_404(school_links_visible_to(scope), pk=pk)
    school_link_delete(link=link)
    messages.success(request, _("The link has been removed."))
    return redirect("school_link_list")
