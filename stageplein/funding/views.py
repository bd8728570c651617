from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from stageplein.accounts.access import get_scope, require
from stageplein.core.http import AuthedHttpRequest
from stageplein.core.paginate import paginate_by_keys
from stageplein.core.schoolyear import school_year_label
from stageplein.exports.db import without_jit
from stageplein.funding import access as FA
from stageplein.funding import selectors as F
from stageplein.funding import tables as T


def _years(year: int) -> dict:
    return {
        "year": year,
        "year_label": school_year_label(year),
        "years": [(y, school_year_label(y)) for y in F.school_years()],
    }


@login_required
def funding_overview(request: AuthedHttpRequest) -> HttpResponse:
    """Municipality officers and brokers are sent to their own report; the national viewer
    (and the admin) see every region and municipality, as numbers."""
    scope = get_scope(request)
    require(FA.may_see_funding(scope))
    year = F.parse_school_year(request.GET.get("year"))
    national = FA.may_see_national_funding(scope)
    own = FA.own_funding_reports(scope)
    if not national and len(own) == 1:
        kind, key = own[0]
        name = "funding_municipality" if kind == "municipality" else "funding_broker"
        return redirect(f"{reverse(name, args=[key])}?year={year}")
    context = {
        **_years(year),
        "municipalities": FA.own_municipalities(scope),
        "brokers": FA.own_brokers(scope),
    }
    if national:
        with without_jit():
            regions, lines = T.national(year)
            context["regions"] = T.regions_table(regions, year)
            context["lines"] = T.municipalities_table(
                lines,
                _("Funding per municipality"),
                {"year": str(year)},
                links=True,
            )
            return render(request, "funding/overview.html", context)
    return render(request, "funding/overview.html", context)


@login_required
def funding_municipality(request: AuthedHttpRequest, code: str) -> HttpResponse:
    scope = get_scope(request)
    municipality = F.get_municipality_for_funding(scope, code)
    year = F.parse_school_year(request.GET.get("year"))
    params = {"municipality": municipality.pk, "year": str(year)}
    with without_jit():
        report = F.municipality_report(municipality, year)
        return render(
            request,
            "funding/report.html",
            {
                **_years(year),
                "subject": municipality,
                "report": report,
                "schools": T.schools_table(report, municipality.name, params),
                "providers": T.providers_table(report, municipality.name, params),
                "municipalities": None,
                "may_list_students": False,
            },
        )


@login_required
def funding_broker(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request)
    broker = F.get_broker_for_funding(scope, pk)
    year = F.parse_school_year(request.GET.get("year"))
    params = {"broker": str(broker.pk), "year": str(year)}
    with without_jit():
        report = F.broker_report(broker, year)
        return render(
            request,
            "funding/report.html",
            {
                **_years(year),
                "subject": broker,
                "broker": broker,
                "report": report,
                "schools": T.schools_table(report, broker.name, params),
                "providers": T.providers_table(report, broker.name, params),
                "municipalities": T.municipalities_table(
                    report.municipalities,
                    _("Municipalities served by %(name)s") % {"name": broker.name},
                    params,
                    links=FA.may_see_national_funding(scope),
                ),
                "may_list_students": FA.may_list_funded_students(scope, broker.pk),
            },
        )


@login_required
def funding_students(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The per-student list: which municipality and broker serve each student. For the broker
    itself (and the admin) only: municipalities and the national viewer get numbers."""
    scope = get_scope(request)
    broker = F.get_broker_for_funding(scope, pk)
    require(FA.may_list_funded_students(scope, broker.pk))
    year = F.parse_school_year(request.GET.get("year"))
    params = {"broker": str(broker.pk), "year": str(year)}
    with without_jit():
        table = T.funding_students(scope, params)
        page = paginate_by_keys(request, F.funded_student_rows(scope, broker, year))
        table.rows = list(T.funding_student_rows(page.object_list))
        return render(
            request,
            "funding/students.html",
            {**_years(year), "broker": broker, "table": table, "page": page},
        )
