from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from stageplein.accounts.access import get_scope, require
from stageplein.core.cache import cache_seconds, cached
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate_by_keys
from stageplein.core.params import clean_params, text_field
from stageplein.core.replica import reads_from_replica
from stageplein.core.schoolyear import current_school_year, school_year_label
from stageplein.dashboards import access as A
from stageplein.dashboards import charts as C
from stageplein.dashboards import figures as FG
from stageplein.dashboards import selectors as S
from stageplein.dashboards import tables as T
from stageplein.dashboards.panels import PANELS
from stageplein.dashboards.progress import STATUS_ORDER, StudentStatus, norm_by_year
from stageplein.exports.db import without_jit
from stageplein.planning.selectors.targets import target_progress
from stageplein.students.models import YearlyTarget

PREVIEW_ROWS = 10
EVALUATIONS_SHOWN = 25


def home(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request)
    if not scope.is_authenticated:
        return render(request, "dashboards/welcome.html")
    if A.goes_straight_to_admin(scope):
        return redirect("admin:index")
    roles = scope.roles
    with without_jit():
        panels = [(role, PANELS[role](scope)) for role in roles if role in PANELS]
        return render(request, "dashboards/home.html", {"panels": panels, "roles": roles})


def _common(scope) -> dict:
    return {
        "school_year_label": school_year_label(current_school_year()),
        "norm_by_year": norm_by_year(),
    }


@login_required
@reads_from_replica
def dashboard_school(request: AuthedHttpRequest) -> HttpResponse:
    """The coordinator's overview: students per class by status, hours against the norm, who
    is falling behind, reports waiting, each with a link to act."""
    scope = get_scope(request)
    require(A.may_see_school_dashboard(scope))
    with without_jit():
        school = A.get_dashboard_school(scope, request.GET.get("school"))
        params = {"school": str(school.pk)}
        rows = S.class_rows(school)
        total = S.school_totals(rows)
        behind = T.school_behind(scope, params, limit=PREVIEW_ROWS)
        reports_qs = S.reports_waiting(scope, school)
        reports_total = reports_qs.count()
        context = {
            **_common(scope),
            "school": school,
            "schools": A.dashboard_schools(scope).order_by("name") if A.picks_own(scope) else None,
            "total": total,
            "statuses": [(s, StudentStatus(s).label, total.by_status[s]) for s in STATUS_ORDER],
            "classes": T.classes_table(school, rows),
            "chart": C.classes_chart(rows, _("Students per class by status")),
            "behind": behind,
            "behind_total": total.behind,
            "reports": T.school_reports(scope, params, limit=20),
            "reports_total": reports_total,
            "preview": PREVIEW_ROWS,
            # R-PLAN-2: the school's own targets this year, with progress (one school: cheap).
            "targets": target_progress(
                YearlyTarget.objects.filter(school=school, school_year=current_school_year())
            ),
        }
        return render(request, "dashboards/school.html", context)


@login_required
@reads_from_replica
def dashboard_students(request: AuthedHttpRequest) -> HttpResponse:
    """The students behind a figure of the school overview (a class, a status, behind)."""
    scope = get_scope(request)
    require(A.may_see_school_dashboard(scope))
    with without_jit():
        school, p, qs = T.school_students_qs(scope, request.GET)
        page = paginate_by_keys(
            request,
            qs.select_related("user").order_by("class_name", "user__last_name", "user__first_name"),
        )
        table = T.school_students(scope, request.GET)
        table.rows = list(T.student_rows_of(page.object_list))
        return render(
            request,
            "dashboards/students.html",
            {
                **_common(scope),
                "school": school,
                "filters": p,
                "table": table,
                "page": page,
                "statuses": [(s, StudentStatus(s).label) for s in STATUS_ORDER],
            },
        )


@login_required
@reads_from_replica
def dashboard_broker(request: AuthedHttpRequest) -> HttpResponse:
    """The broker's overview: students without a place, providers and placements (free
    places, stale ones), demand and supply, evaluations per provider."""
    scope = get_scope(request)
    require(A.may_see_broker_dashboard(scope))
    with without_jit():
        broker = A.get_dashboard_broker(scope, request.GET.get("broker"))
        codes = S.broker_codes(broker)
        params = {"broker": str(broker.pk)}
        unplaced = S.unplaced_by_school(scope, codes)
        sectors = S.sector_rows(codes)
        sector_total = S.sector_totals(sectors)
        evaluations = list(S.evaluations_by_provider(codes))
        context = {
            **_common(scope),
            "broker": broker,
            "brokers": A.dashboard_brokers(scope).order_by("name") if A.picks_own(scope) else None,
            "municipalities": broker.municipalities.order_by("name"),
            "unplaced_total": sum(r.unplaced for r in unplaced),
            "students_total": sum(r.students for r in unplaced),
            "sector_total": sector_total,
            "schools": T.unplaced_schools_table(broker, unplaced),
            "schools_chart": C.simple_chart(
                "chart-unplaced",
                _("Students without a place per school"),
                [r.name for r in unplaced],
                [(_("Without a place"), [r.unplaced for r in unplaced])],
            ),
            "sectors": T.sector_table("broker_sectors", sectors, params),
            "sectors_chart": C.simple_chart(
                "chart-sectors",
                _("Places in open periods per sector: taken and free"),
                [r.name for r in sectors],
                [
                    (_("Taken"), [r.claimed for r in sectors]),
                    (_("Free"), [r.free for r in sectors]),
                ],
                stacked=True,
            ),
            "evaluations": T.evaluations_table(broker, evaluations[:EVALUATIONS_SHOWN]),
            "evaluations_total": len(evaluations),
            "evaluations_shown": EVALUATIONS_SHOWN,
        }
        return render(request, "dashboards/broker.html", context)


@login_required
@reads_from_replica
def dashboard_unplaced(request: AuthedHttpRequest) -> HttpResponse:
    scope = get_scope(request)
    require(A.may_see_broker_dashboard(scope))
    with without_jit():
        broker, _school, qs = T.unplaced_qs(scope, request.GET)
        page = paginate_by_keys(
            request,
            qs.select_related("user", "school", "home_postcode").order_by(
                "school__name", "class_name", "user__last_name", "user__first_name"
            ),
        )
        table = T.broker_unplaced(scope, request.GET)
        table.rows = list(T.unplaced_rows_of(page.object_list))
        return render(
            request,
            "dashboards/unplaced.html",
            {**_common(scope), "broker": broker, "table": table, "page": page},
        )


def municipality_context(scope, municipality) -> dict:
    figures = FG.municipality_figures(municipality.pk)
    params = {"municipality": municipality.pk}
    return {
        "municipality": municipality,
        "figures": figures,
        "status_table": T.status_table("municipality_status", figures, params),
        "status_chart": C.status_chart(figures, _("Students by status")),
        "level_table": T.level_table("municipality_levels", figures, params),
        "sector_table": T.sector_table("municipality_sectors", figures.sectors, params),
        "sector_chart": C.simple_chart(
            "chart-sectors",
            _("Providers and published placements per sector"),
            [r.name for r in figures.sectors],
            [
                (_("Providers"), [r.providers for r in figures.sectors]),
                (_("Published placements"), [r.placements for r in figures.sectors]),
            ],
        ),
    }


@login_required
@reads_from_replica
def dashboard_municipality(request: AuthedHttpRequest) -> HttpResponse:
    """Numbers only, for the municipality's territory: never a name (R-PLAN-3)."""
    scope = get_scope(request)
    require(A.may_see_municipality_dashboard(scope))
    with without_jit():
        chosen = clean_params(request.GET, municipality=text_field(20))["municipality"]
        municipality = A.get_dashboard_municipality(scope, chosen)
        context = {
            **_common(scope),
            **municipality_context(scope, municipality),
            "municipalities": A.dashboard_municipalities(scope).order_by("name")
            if A.picks_own(scope)
            else None,
        }
        return render(request, "dashboards/municipality.html", context)


@login_required
@reads_from_replica
def dashboard_national(request: AuthedHttpRequest) -> HttpResponse:
    """Per region, and the twenty pilots' own figures beside today's (numbers only)."""
    scope = get_scope(request)
    require(A.may_see_national_dashboard(scope))
    with without_jit():
        regions, computed_at = cached("regions", FG.region_rows)
        pilots = FG.pilot_rows(regions)
        context = {
            **_common(scope),
            "computed_at": computed_at,
            "cache_minutes": cache_seconds() // 60,
            "totals": FG.national_totals(regions),
            "regions": T.region_table(regions),
            "regions_chart": C.simple_chart(
                "chart-regions",
                _("Share of students who reached the norm, per region (%)"),
                [r.name for r in regions],
                [(_("Share that reached the norm"), [r.figures.reached_percent for r in regions])],
                percent=True,
            ),
            "pilots": T.pilot_table(pilots),
            "pilots_chart": C.simple_chart(
                "chart-pilots",
                _("Students per pilot: 2008-2009 and now"),
                [r.name for r in pilots],
                [
                    (_("Students 2008-2009"), [r.pilot_students for r in pilots]),
                    (_("Students now"), [r.students for r in pilots]),
                ],
            ),
        }
        return render(request, "dashboards/national.html", context)
