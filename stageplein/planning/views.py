from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.params import clean_params, date_field, id_field
from stageplein.core.schoolyear import school_year_label
from stageplein.exports.tables import Table
from stageplein.planning.access import (
    calendar_regions_for,
    calendar_schools_for,
    editable_calendar_schools,
    get_target_for_editing,
    get_window_for_editing,
    get_window_for_proposing,
    may_edit_calendars,
    may_edit_targets,
    may_propose_window_moves,
    may_see_region_calendar,
    may_see_region_windows,
    may_see_school_calendar,
    may_see_targets,
    own_coordinated_schools,
    own_staff_schools,
    targets_editable_by,
    targets_visible_to,
)
from stageplein.planning.forms import RegionCalendarForm, TargetForm, WindowForm, year_choices
from stageplein.planning.models import InternshipWindow
from stageplein.planning.selectors.calendar import area_of, demand_supply, move_explanation
from stageplein.planning.selectors.demand import region_windows, window_demand
from stageplein.planning.selectors.targets import subject_of, target_progress, target_subjects
from stageplein.planning.selectors.windows import school_year_choices
from stageplein.planning.services import (
    target_delete,
    target_save,
    window_delete,
    window_move_propose,
    window_save,
)


def _year(request, choices: list[int]) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return choices[0]
    return year if year in choices else choices[0]


def _calendar_url(school_id: int, year: int) -> str:
    return reverse("calendar_school") + "?" + urlencode({"school": school_id, "year": year})


def _export(key: str, title: str, params: dict[str, str]) -> Table:
    """What the export buttons post: the table's key and the page's filters (the export builds
    the table again in the requester's scope, planning/tables.py)."""
    return Table(key=key, title=title, columns=[], rows=[], params=params)


def _apply(form, exc: ValidationError) -> None:
    """A service's refusal, next to the field it concerns."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, exc)


# -- the school's calendar -----------------------------------------------------------------------


@login_required
def school_calendar(request: AuthedHttpRequest) -> HttpResponse:
    """R-PLAN-1: the windows in which a school's groups do their internship. Coordinators
    change them; mentors read them."""
    scope = get_scope(request)
    require(may_see_school_calendar(scope))
    schools = list(calendar_schools_for(scope).order_by("name"))
    chosen = request.GET.get("school", "")
    school = next((s for s in schools if str(s.pk) == chosen), schools[0] if schools else None)
    year = _year(request, school_year_choices())
    windows = []
    if school is not None:
        windows = list(
            InternshipWindow.objects.filter(school=school, school_year=year)
            .select_related("school")
            .order_by("starts_on", "year", "level", "class_name")
        )
    items = window_demand(windows, year)
    may_edit = school is not None and editable_calendar_schools(scope).filter(pk=school.pk).exists()
    return render(
        request,
        "planning/school_calendar.html",
        {
            "school": school,
            "schools": schools,
            "year": year,
            "years": year_choices(),
            "year_label": school_year_label(year),
            "rows": list(zip(windows, items, strict=True)),
            "may_edit": may_edit,
            "may_see_region": may_see_region_calendar(scope),
            "may_see_region_windows": may_see_region_windows(scope),
        },
    )


def _window_form_page(request, form, *, window=None, why=None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        try:
            saved = window_save(window=instance, by=request.user)
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(
                request,
                _("The window for %(group)s (%(weeks)s) has been saved.")
                % {"group": saved.group_label, "weeks": saved.weeks_label},
            )
            return redirect(_calendar_url(saved.school_id, saved.school_year))
    return render(
        request,
        "planning/window_form.html",
        {"form": form, "window": window, "s": why},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def window_create(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_edit_calendars(scope))
    schools = editable_calendar_schools(scope).order_by("name")
    initial = {}
    if request.GET.get("school", "").isdigit():
        initial["school"] = int(request.GET["school"])
    if request.GET.get("year", "").isdigit():
        initial["school_year"] = int(request.GET["year"])
    form = WindowForm(request.POST or None, schools=schools, initial=initial)
    return _window_form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def window_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    window = get_window_for_editing(request, pk)
    schools = editable_calendar_schools(get_scope(request))
    # The broker's proposal links here with the new dates filled in; saving is the school's.
    proposed = clean_params(request.GET, starts_on=date_field(), ends_on=date_field())
    initial = {}
    why = None
    if proposed["starts_on"] and proposed["ends_on"]:
        initial = {"entry": WindowForm.ENTRY_DATES, **proposed}
        if request.method == "GET":
            why = move_explanation(window, proposed["starts_on"], proposed["ends_on"])
    form = WindowForm(request.POST or None, instance=window, schools=schools, initial=initial)
    return _window_form_page(request, form, window=window, why=why)


@login_required
@require_POST
def window_move_propose_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The broker acts on a suggested move: the school's coordinators are asked (the school
    decides, R-ROLE-2)."""
    window = get_window_for_proposing(request, pk)
    dates = clean_params(request.POST, starts_on=date_field(), ends_on=date_field())
    back = reverse("calendar_region") + "?" + urlencode({"region": window.school.region_id})
    if not (dates["starts_on"] and dates["ends_on"]):
        messages.error(request, _("Choose the weeks to propose."))
        return redirect(back)
    try:
        asked = window_move_propose(
            window=window, by=request.user, starts_on=dates["starts_on"], ends_on=dates["ends_on"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    if asked:
        messages.success(
            request,
            _("The coordinators of %(school)s have been asked to move %(group)s.")
            % {"school": window.school.name, "group": window.group_label},
        )
    else:
        messages.warning(
            request, _("%(school)s has no coordinator to ask.") % {"school": window.school.name}
        )
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def window_delete_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    window = get_window_for_editing(request, pk)
    if request.method == "POST":
        school_id, year, label = window.school_id, window.school_year, window.group_label
        window_delete(window=window, by=request.user)
        messages.success(
            request, _("The window for %(group)s has been removed.") % {"group": label}
        )
        return redirect(_calendar_url(school_id, year))
    return render(request, "planning/window_delete.html", {"window": window})


# -- the regional calendar ----------------------------------------------------------------------


def _chart(calendar) -> dict:
    return {
        "type": "bar",
        "horizontal": False,
        "labels": [str(w.week) for w in calendar.weeks],
        "title": _("Week"),
        "datasets": [
            {
                "label": _("Students scheduled"),
                "data": [w.students for w in calendar.weeks],
                "color": "#a3341b",
            },
            {
                "label": _("Free seats"),
                "data": [w.seats for w in calendar.weeks],
                "color": "#0b5d4b",
            },
        ],
    }


@login_required
def region_calendar(request: AuthedHttpRequest) -> HttpResponse:
    """R-PLAN-1: week by week, the students the schools schedule against the free seats of
    the region's placements, with the weeks that fall short and what would help."""
    scope = get_scope(request)
    require(may_see_region_calendar(scope))
    regions = calendar_regions_for(scope).order_by("name")
    form = RegionCalendarForm(request.GET or None, regions=regions)
    chosen = form.chosen
    region = chosen["region"]
    calendar = None
    if region is not None:
        school = chosen.get("school")
        area = area_of([school]) if school else area_of(region)
        if school:
            area.region = region
        sector = chosen.get("sector")
        calendar = demand_supply(
            area,
            chosen["school_year"],
            sector=sector.code if sector else None,
            max_km=chosen.get("max_km"),
        )
    own = own_coordinated_schools(scope)
    return render(
        request,
        "planning/region_calendar.html",
        {
            "form": form,
            "region": region,
            "calendar": calendar,
            "year_label": school_year_label(chosen["school_year"]),
            "chart_data": _chart(calendar) if calendar else None,
            "chart_id": "chart-calendar-data",
            "export": _export(
                "planning_weeks",
                _("Students and free seats per week"),
                {**{k: str(v) for k, v in request.GET.items() if v}, "region": str(region.pk)}
                if region
                else {},
            ),
            "editable_schools": own,
            "may_propose": may_propose_window_moves(scope),
            "may_see_region_windows": may_see_region_windows(scope),
        },
    )


@login_required
def calendar_summary(request: AuthedHttpRequest) -> HttpResponse:
    """The regional calendar in brief, for the broker's overview (loaded there with htmx, so
    that the overview itself stays fast): totals, the first shortages, the first move."""
    scope = get_scope(request)
    require(may_see_region_calendar(scope))
    region_id = clean_params(request.GET, region=id_field())["region"]
    region = get_object_or_404(calendar_regions_for(scope), pk=region_id or 0)
    years = school_year_choices()
    wanted = request.GET.get("school_year", "")
    year = int(wanted) if wanted.isdigit() and int(wanted) in years else years[0]
    calendar = demand_supply(area_of(region), year)
    return render(request, "planning/_summary.html", {"calendar": calendar, "region": region})


@login_required
def region_windows_view(request: AuthedHttpRequest) -> HttpResponse:
    """Schools see each other's windows in the region, so that they can spread them: school
    names, groups and counts, never a student."""
    scope = get_scope(request)
    require(may_see_region_windows(scope))
    regions = list(calendar_regions_for(scope, staff="school").order_by("name"))
    chosen = request.GET.get("region", "")
    region = next((r for r in regions if str(r.pk) == chosen), regions[0] if regions else None)
    year = _year(request, school_year_choices())
    items = region_windows(region, year) if region else []
    return render(
        request,
        "planning/region_windows.html",
        {
            "regions": regions,
            "region": region,
            "year": year,
            "years": year_choices(),
            "year_label": school_year_label(year),
            "items": items,
            "export": _export(
                "planning_region_windows",
                _("Windows in the region"),
                {"region": str(region.pk), "year": str(year)} if region else {},
            ),
            "own_schools": own_staff_schools(scope),
            "may_see_region": may_see_region_calendar(scope),
        },
    )


# -- targets (streefgetallen) -----------------------------------------------------------------


KIND_ORDER = {"region": 0, "broker": 1, "school": 2}


def _short(name: str, length: int = 22) -> str:
    return name if len(name) <= length else name[: length - 1].rstrip() + "…"


def _targets_chart(progress) -> dict:
    return {
        "type": "bar",
        "horizontal": True,
        "percent": True,
        # Long names would squeeze the bars on a phone; the table has them in full.
        "labels": [_short(p.subject.name) for p in progress],
        "title": _("Share of the target (%)"),
        "datasets": [
            {
                "label": _("Students placed"),
                "data": [p.placed_percent for p in progress],
                "color": "#0b5d4b",
            },
            {
                "label": _("Hours done"),
                "data": [p.hours_percent for p in progress],
                "color": "#1a56db",
            },
        ],
    }


@login_required
def target_list(request: AuthedHttpRequest) -> HttpResponse:
    """R-PLAN-2: targets per school, broker area and region, and the progress against them,
    computed from the records (approved matches, internships, hours that count)."""
    scope = get_scope(request)
    require(may_see_targets(scope))
    years = [school_year_choices()[0] - 1, *school_year_choices()]
    year = _year(request, [years[1], years[0], years[2]])
    targets = (
        targets_visible_to(scope)
        .filter(school_year=year)
        .select_related("school", "broker", "region")
    )
    progress = sorted(
        target_progress(targets),
        key=lambda p: (KIND_ORDER[p.subject.kind], p.subject.name),
    )
    editable = set(targets_editable_by(scope).values_list("pk", flat=True))
    return render(
        request,
        "planning/targets.html",
        {
            "progress": progress,
            "figures": progress[:4],
            "year": year,
            "years": [(y, school_year_label(y)) for y in years],
            "year_label": school_year_label(year),
            "editable": editable,
            "may_edit": may_edit_targets(scope),
            "chart_data": _targets_chart(progress) if progress else None,
            "chart_id": "chart-targets-data",
            "export": _export("planning_targets", _("Targets and progress"), {"year": str(year)}),
        },
    )


def _target_form_page(request, form, *, target=None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        try:
            saved = target_save(target=instance, by=request.user)
        except ValidationError as exc:
            _apply(form, exc)
        else:
            messages.success(
                request,
                _("The target for %(subject)s has been saved.")
                % {"subject": subject_of(saved).name},
            )
            return redirect(reverse("target_list") + "?" + urlencode({"year": saved.school_year}))
    return render(
        request,
        "planning/target_form.html",
        {"form": form, "target": target},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(may_edit_targets(scope))
    form = TargetForm(request.POST or None, subjects=target_subjects(scope))
    return _target_form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    target = get_target_for_editing(request, pk)
    form = TargetForm(request.POST or None, instance=target, subjects=[subject_of(target)])
    return _target_form_page(request, form, target=target)


@login_required
@require_http_methods(["GET", "POST"])
def target_delete_view(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    target = get_target_for_editing(request, pk)
    subject = subject_of(target)
    if request.method == "POST":
        year = target.school_year
        target_delete(target=target, by=request.user)
        messages.success(
            request, _("The target for %(subject)s has been removed.") % {"subject": subject.name}
        )
        return redirect(reverse("target_list") + "?" + urlencode({"year": year}))
    return render(
        request,
        "planning/target_delete.html",
        {"target": target, "subject": subject, "year_label": school_year_label(target.school_year)},
    )
