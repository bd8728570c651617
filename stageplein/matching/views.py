"""The broker's workspace: the queue, a run (progress, review, hand changes, confirmation),
the history, the weights, and a student's guidance needs."""

from __future__ import annotations

import json
from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from stageplein.accounts.access import get_scope
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate
from stageplein.core.params import page_number as requested_page
from stageplein.matching.access import get_proposal_for_user, get_run_for_user
from stageplein.matching.explain import reason, sector_names, weeks_label, why_not
from stageplein.matching.filters import QueueFilter
from stageplein.matching.forms import GuidanceForm, ProposalChangeForm, RunForm, SettingsForm
from stageplein.matching.models import Proposal, Run
from stageplein.matching.selectors import (
    broker_for,
    days_waiting,
    desk_for,
    desks_of,
    get_student_for_guidance,
    placed_alone,
    queue,
    seats_left_in_run,
    settings_for,
    with_queue_columns,
)
from stageplein.matching.services import (
    guidance_save,
    proposal_change,
    run_confirm,
    run_create,
    settings_save,
)
from stageplein.organisations.models import School
from stageplein.placements.models import PlacementPeriod
from stageplein.students.models import Student

PER_PAGE = 50
FILTER_FIELDS = ("q", "school", "level", "window", "waiting", "reactions")


def _window_label(student: Student) -> str:
    starts, ends = getattr(student, "window_starts", None), getattr(student, "window_ends", None)
    if starts is None or ends is None:
        return _("no window: the rest of the school year")
    window = {
        "kind": "over" if ends < timezone.localdate() else "window",
        "first_week": starts.isocalendar().week,
        "last_week": ends.isocalendar().week,
    }
    return weeks_label(window)


def _interests_of(students: list[Student]) -> dict[int, list[str]]:
    """Each student's interests in the order chosen (the order the matching counts)."""
    names = sector_names()
    found: dict[int, list[str]] = defaultdict(list)
    for student_id, code in (
        Student.interests.through.objects.filter(student_id__in=[s.pk for s in students])
        .order_by("pk")
        .values_list("student_id", "sector_id")
    ):
        found[student_id].append(names.get(code, code))
    return found


@login_required
def queue_view(request: AuthedHttpRequest) -> HttpResponse:
    """R-MATCH-2: the students in the broker's area (or, R-MATCH-8, of the coordinator's
    school where no broker serves it) who have no place, longest waiting first."""
    desk = desk_for(request)
    desks = desks_of(get_scope(request))
    base = queue(desk.scope(request.user.pk))
    # The queue is computed once per page (a region's queue has 10,000 students and takes
    # seconds in PostgreSQL): its keys in waiting order with their schools, which give the
    # school filter's choices, the count and the page. Only a filter asks a second time.
    members = list(base.values_list("pk", "school_id"))
    schools = School.objects.filter(pk__in={school for _pk, school in members}).order_by("name")
    filterset = QueueFilter(request.GET or None, queryset=base, schools=schools)
    cleaned: dict = {}
    if filterset.is_bound:
        filterset.form.full_clean()
        # The valid fields filter and an invalid one is dropped, as FilterSet.qs does.
        cleaned = filterset.form.cleaned_data
    if any(cleaned.values()):
        all_keys = list(filterset.qs.values_list("pk", flat=True))
    else:
        all_keys = [pk for pk, _school in members]
    # Only the page's rows compute every annotation again (OFFSET would compute them for all
    # rows before the page).
    page = Paginator(all_keys, PER_PAGE).get_page(requested_page(request.GET))
    keys = list(page.object_list)
    # The keys come from the queue: their rows need the columns, not the membership again.
    rows_qs = with_queue_columns(Student.objects.filter(pk__in=keys))
    by_pk = rows_qs.select_related("user", "school").in_bulk()
    rows: list[Student] = [by_pk[pk] for pk in keys]
    interests = _interests_of(rows)
    for st in rows:
        st.window_label = _window_label(st)  # type: ignore[attr-defined]
        st.days_waiting = days_waiting(st.waiting_since)  # type: ignore[attr-defined]
        st.interest_names = interests.get(st.pk, [])  # type: ignore[attr-defined]
    kept = [(k, v) for k in FILTER_FIELDS for v in request.GET.getlist(k) if v]
    context = {
        "desk": desk,
        "desks": desks,
        "filter": filterset,
        "page": page,
        "rows": rows,
        "kept": kept,
        "run_form": RunForm(),
        "weights": desk.weights(),
        "next": request.get_full_path(),
    }
    template = "matching/queue.html#results" if request.htmx else "matching/queue.html"
    return render(request, template, context)


@login_required
@require_POST
def run_create_view(request: AuthedHttpRequest) -> HttpResponse:
    desk = desk_for(request)
    form = RunForm(request.POST)
    filters = {k: request.POST.get(k, "") for k in FILTER_FIELDS if request.POST.get(k)}
    back = (
        reverse("matching_queue")
        + "?"
        + "&".join(f"{k}={v}" for k, v in {"desk": desk.key, **filters}.items())
    )
    if not form.is_valid():
        messages.error(request, _("Choose how to divide the places."))
        return redirect(back)
    base = queue(desk.scope(request.user.pk))
    if request.POST.get("all") == "1":
        filterset = QueueFilter(filters, queryset=base, schools=School.objects.all())
        ids = list(filterset.qs.values_list("pk", flat=True))
        selection = {"all": True, "filters": filters}
    else:
        wanted = [int(v) for v in request.POST.getlist("student") if v.isdigit()]
        # Only students of this desk's queue: anything else in the request is dropped.
        ids = list(base.filter(pk__in=wanted).values_list("pk", flat=True))
        selection = {"all": False, "filters": filters, "picked": len(wanted)}
    try:
        run = run_create(
            broker=desk.broker,
            school=desk.school,
            by=request.user,
            student_ids=ids,
            mode=form.cleaned_data["mode"],
            selection=selection,
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(back)
    return redirect("matching_run_detail", run.pk)


@login_required
def run_list_view(request: AuthedHttpRequest) -> HttpResponse:
    desk = desk_for(request)
    runs = desk.runs().select_related("created_by", "confirmed_by")
    page = paginate(request, runs, per_page=30)
    return render(request, "matching/run_list.html", {"desk": desk, "page": page})


SHOW: dict[str, dict[str, object]] = {
    "placed": {"period__isnull": False},
    "unplaced": {"period__isnull": True},
    "changed": {"changed_at__isnull": False},
    "refused": {"outcome": Proposal.Outcome.REFUSED},
}


@login_required
def run_detail_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request, pk)
    if request.htmx and request.GET.get("status"):
        if not run.is_busy:
            return HttpResponseClientRefresh()  # done: show the proposals
        return render(request, "matching/run_detail.html#status", {"run": run})
    show = request.GET.get("show", "")
    alone = placed_alone(run)
    filters = {"pk__in": alone} if show == "alone" else SHOW.get(show, {})
    proposals = (
        Proposal.objects.filter(run=run, **filters)
        .select_related(
            "student__user",
            "student__school",
            "placement__provider",
            "placement__postcode",
            "period",
            "application",
        )
        .order_by("position", "pk")
    )
    page = paginate(request, proposals, per_page=PER_PAGE)
    rows: list[Proposal] = list(page.object_list)
    sectors = sector_names()
    markers: dict[str, dict] = {}
    for p in rows:
        candidate = p.candidate() if p.period_id else None
        p.why = (  # type: ignore[attr-defined]
            reason(candidate, p.context, sectors)
            if candidate
            else why_not(p.unplaced, p.context, sectors)
        )
        p.window_label = weeks_label(p.context.get("window", {}))  # type: ignore[attr-defined]
        p.alone = p.pk in alone  # type: ignore[attr-defined]
        if p.placement is not None:
            marker = markers.setdefault(
                p.placement.postcode_id,
                {
                    "lat": p.placement.lat,
                    "lon": p.placement.lon,
                    "place": p.placement.postcode.place,
                    "items": [],
                },
            )
            marker["items"].append(
                {
                    "title": str(p.student),
                    "provider": p.placement.title,
                    "url": f"#proposal-{p.pk}",
                }
            )
    context = {
        "run": run,
        "page": page,
        "rows": rows,
        "show": show,
        "counts": {
            "unplaced": run.n_students - run.n_proposed,
            "alone": len(alone),
        },
        "markers_json": json.dumps(list(markers.values())),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "weights": run.weights,
    }
    return render(request, "matching/run_detail.html", context)


@login_required
@require_POST
def run_confirm_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request, pk)
    if run_confirm(run=run, by=request.user):
        messages.success(
            request,
            _("Confirmed. The reactions are made; providers, students and schools are told."),
        )
    else:
        messages.error(request, _("This round was confirmed already."))
    return redirect("matching_run_detail", run.pk)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_change_view(request: AuthedHttpRequest, run_pk: int, pk: int) -> HttpResponse:
    """Pick another of the student's options, or leave the student without a place."""
    proposal = get_proposal_for_user(request, run_pk, pk)
    run = proposal.run
    period_ids = [c["period"] for c in proposal.candidates]
    periods = PlacementPeriod.objects.select_related("placement__provider").in_bulk(period_ids)
    left = seats_left_in_run(proposal, period_ids)
    sectors = sector_names()
    options = []
    for c in proposal.candidates:
        period = periods.get(c["period"])
        if period is None:
            continue
        options.append(
            {
                "value": str(c["period"]),
                "period": period,
                "why": reason(c, proposal.context, sectors),
                "cost": c["cost"],
                "left": left.get(c["period"], 0),
                "chosen": c["period"] == proposal.period_id,
                "engine": c["period"] == proposal.engine_period_id,
            }
        )
    form = ProposalChangeForm(
        request.POST or None,
        options=[(o["value"], o["value"]) for o in options],
        initial={"choice": str(proposal.period_id) if proposal.period_id else "none"},
    )
    back = reverse("matching_run_detail", args=[run.pk]) + f"#proposal-{proposal.pk}"
    if request.method == "POST" and form.is_valid():
        try:
            proposal_change(proposal=proposal, by=request.user, period_id=form.period_id())
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, _("The proposal has been changed."))
            return redirect(back)
    return render(
        request,
        "matching/proposal_change.html",
        {
            "run": run,
            "proposal": proposal,
            "options": options,
            "form": form,
            "editable": run.status == Run.Status.PROPOSED,
            "why_not": why_not(proposal.unplaced, proposal.context, sectors)
            if proposal.unplaced
            else "",
            "window_label": weeks_label(proposal.context.get("window", {})),
            "back": back,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: AuthedHttpRequest) -> HttpResponse:
    broker = broker_for(request)
    current = settings_for(broker)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        settings_save(
            broker=broker,
            by=request.user,
            **{name: form.cleaned_data[name] for name in SettingsForm.Meta.fields},
        )
        messages.success(request, _("The weights have been saved. They count from the next round."))
        return redirect("matching_settings")
    return render(
        request,
        "matching/settings.html",
        {"broker": broker, "form": form, "current": current},
        status=400 if request.method == "POST" else 200,
    )


def _safe_next(request: AuthedHttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def student_guidance_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """R-INT-5: what guidance the student needs, in the form the matching filters on."""
    student = get_student_for_guidance(request, pk)
    chosen = list(
        Student.interests.through.objects.filter(student_id=student.pk)
        .order_by("pk")
        .values_list("sector_id", flat=True)
    )
    form = GuidanceForm(request.POST or None, instance=student, interests=chosen)
    back = _safe_next(request, reverse("student_detail", args=[student.pk]))
    if request.method == "POST" and form.is_valid():
        guidance_save(
            student=student,
            by=request.user,
            needs_teacher_present=form.cleaned_data["needs_teacher_present"],
            needs_pair=form.cleaned_data["needs_pair"],
            guidance_needs=form.cleaned_data["guidance_needs"],
            hobbies=form.cleaned_data["hobbies"],
            interests=form.interests(),
        )
        messages.success(request, _("Saved. The next round works with this."))
        return redirect(back)
    return render(
        request,
        "matching/guidance.html",
        {"student": student, "form": form, "back": back},
        status=400 if request.method == "POST" else 200,
    )
