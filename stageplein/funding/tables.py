"""The funding report's tables, shown on the pages and exported from the same specs."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stageplein.accounts.access import Scope
from stageplein.core.cache import cached
from stageplein.core.schoolyear import school_year_label
from stageplein.exports.tables import Column, Kind, Link, Params, Table, TableSpec, url
from stageplein.funding import access as FA
from stageplein.funding import selectors as F
from stageplein.funding.access import may_list_any_funded_students, may_see_national_funding
from stageplein.geo.models import Municipality, Region
from stageplein.organisations.models import Level
from stageplein.students.models import Student

LEVEL_LABELS = dict(Level.choices)


def national(year: int):
    """Every region and municipality (kept a few minutes: see core/cache.py)."""
    return cached(f"funding:{year}", lambda: F.national_lines(year))[0]


def _year(params: Params) -> int:
    return F.parse_school_year(params.get("year"))


def _subject(scope: Scope, params: Params):
    """The municipality or broker a report is for, checked against the scope."""
    year = _year(params)
    if params.get("municipality"):
        m = F.get_municipality_for_funding(scope, params["municipality"])
        return year, m, None, {"municipality": m.pk, "year": str(year)}
    if params.get("broker"):
        try:
            broker_id = int(params["broker"])
        except ValueError:
            raise Http404 from None
        b = F.get_broker_for_funding(scope, broker_id)
        return year, None, b, {"broker": str(b.pk), "year": str(year)}
    raise Http404


def report_for(scope: Scope, params: Params):
    year, municipality, broker, table_params = _subject(scope, params)
    if municipality is not None:
        report = F.municipality_report(municipality, year)
        name = municipality.name
    else:
        report = F.broker_report(broker, year)
        name = broker.name
    return report, name, table_params


def schools_table(report: F.FundingReport, name: str, params: dict[str, str]) -> Table:
    return Table(
        key="funding_schools",
        title=_("Students per school and level, %(name)s %(year)s")
        % {"name": name, "year": school_year_label(report.school_year)},
        columns=[
            Column(gettext_lazy("School")),
            Column(gettext_lazy("Municipality of the school")),
            Column(gettext_lazy("Level")),
            Column(gettext_lazy("Students"), Kind.INT),
            Column(gettext_lazy("of whom live in another municipality"), Kind.INT),
        ],
        rows=[(r.school, r.municipality, r.level, r.students, r.commuting) for r in report.schools],
        footer=(
            _("Total"),
            "",
            "",
            sum(r.students for r in report.schools),
            sum(r.commuting for r in report.schools),
        ),
        params=params,
    )


def providers_table(report: F.FundingReport, name: str, params: dict[str, str]) -> Table:
    """One row per organisation to pay, with what a payment run needs."""
    return Table(
        key="funding_providers",
        title=_("Provider compensation, %(name)s %(year)s")
        % {"name": name, "year": school_year_label(report.school_year)},
        columns=[
            Column(gettext_lazy("Number")),
            Column(gettext_lazy("Provider")),
            Column(gettext_lazy("KvK number")),
            Column(gettext_lazy("Address")),
            Column(gettext_lazy("IBAN")),
            Column(gettext_lazy("Account holder")),
            Column(gettext_lazy("Completed internships"), Kind.INT),
            Column(gettext_lazy("Compensation (euro)"), Kind.DECIMAL),
        ],
        rows=[
            (
                r.identifier,
                r.name,
                r.kvk_number or "–",
                r.address or "–",
                r.iban or _("not filled in yet"),
                r.account_holder or "–",
                r.completed,
                r.amount,
            )
            for r in report.providers
        ],
        footer=(
            _("Total"),
            "",
            "",
            "",
            "",
            "",
            sum(r.completed for r in report.providers),
            sum((r.amount for r in report.providers), Decimal(0)),
        ),
        params=params,
    )


def provider_internships_table(report: F.FundingReport, name: str, params: dict[str, str]) -> Table:
    """The internships each amount covers, one per row: the payment run's specification."""
    return Table(
        key="funding_provider_internships",
        title=_("Internships covered by the compensation, %(name)s %(year)s")
        % {"name": name, "year": school_year_label(report.school_year)},
        columns=[
            Column(gettext_lazy("Number")),
            Column(gettext_lazy("Provider")),
            Column(gettext_lazy("Internship number")),
            Column(gettext_lazy("Internship")),
            Column(gettext_lazy("Ended on"), Kind.DATE),
            Column(gettext_lazy("Compensation (euro)"), Kind.DECIMAL),
        ],
        rows=[
            (r.identifier, r.name, f"#{i.internship_id}", i.title, i.end_date, i.amount)
            for r in report.providers
            for i in r.internships
        ],
        params=params,
    )


def municipalities_table(
    lines: list[F.MunicipalityLine], title: str, params: dict[str, str], links: bool
) -> Table:
    def name(line: F.MunicipalityLine):
        return Link(line.name, url("funding_municipality", line.code, year=params.get("year")))

    return Table(
        key="funding_municipalities",
        title=title,
        columns=[
            Column(gettext_lazy("Municipality")),
            Column(gettext_lazy("Region")),
            Column(gettext_lazy("Students served"), Kind.INT),
            Column(gettext_lazy("Brokers")),
            Column(gettext_lazy("Students per broker"), Kind.DECIMAL),
            Column(gettext_lazy("Completed internships"), Kind.INT),
            Column(gettext_lazy("Compensation (euro)"), Kind.DECIMAL),
        ],
        rows=[
            (
                name(line) if links else line.name,
                line.region,
                line.students,
                ", ".join(line.brokers) or _("none"),
                round(line.share, 1),
                line.completed,
                line.amount,
            )
            for line in lines
        ],
        footer=(
            _("Total"),
            "",
            sum(line.students for line in lines),
            "",
            None,
            sum(line.completed for line in lines),
            sum((line.amount for line in lines), Decimal(0)),
        ),
        params=params,
    )


def funding_schools(scope: Scope, params: Params) -> Table:
    report, name, table_params = report_for(scope, params)
    return schools_table(report, name, table_params)


def funding_providers(scope: Scope, params: Params) -> Table:
    report, name, table_params = report_for(scope, params)
    return providers_table(report, name, table_params)


def funding_provider_internships(scope: Scope, params: Params) -> Table:
    report, name, table_params = report_for(scope, params)
    return provider_internships_table(report, name, table_params)


def funding_municipalities(scope: Scope, params: Params) -> Table:
    year = _year(params)
    if params.get("broker"):
        report, name, table_params = report_for(scope, params)
        return municipalities_table(
            report.municipalities,
            _("Municipalities served by %(name)s") % {"name": name},
            table_params,
            links=may_see_national_funding(scope),
        )
    if not may_see_national_funding(scope):
        raise Http404
    _regions, lines = national(year)
    return municipalities_table(
        lines, _("Funding per municipality"), {"year": str(year)}, links=True
    )


def regions_table(lines: list[F.RegionLine], year: int) -> Table:
    return Table(
        key="funding_regions",
        title=_("Funding per region, %(year)s") % {"year": school_year_label(year)},
        columns=[
            Column(gettext_lazy("Region")),
            Column(gettext_lazy("Municipality that serves a student")),
            Column(gettext_lazy("Compensation per internship (euro)"), Kind.DECIMAL),
            Column(gettext_lazy("Students"), Kind.INT),
            Column(gettext_lazy("Completed internships"), Kind.INT),
            Column(gettext_lazy("Compensation (euro)"), Kind.DECIMAL),
        ],
        rows=[(r.name, r.rule, r.rate, r.students, r.completed, r.amount) for r in lines],
        footer=(
            _("The Netherlands"),
            "",
            None,
            sum(r.students for r in lines),
            sum(r.completed for r in lines),
            sum((r.amount for r in lines), Decimal(0)),
        ),
        params={"year": str(year)},
    )


def funding_regions(scope: Scope, params: Params) -> Table:
    year = _year(params)
    regions, _lines = national(year)
    return regions_table(regions, year)


def _students(scope: Scope, params: Params):
    year = _year(params)
    try:
        broker_id = int(params.get("broker", ""))
    except ValueError:
        raise Http404 from None
    if not FA.may_list_funded_students(scope, broker_id):
        raise Http404
    broker = F.get_broker_for_funding(scope, broker_id)
    return year, broker, F.funded_student_rows(scope, broker, year)


def funding_student_rows(students: Iterable[Student]):
    rules = dict(Region.FundingRule.choices)
    brokers = F.brokers_per_municipality()
    names = dict(Municipality.objects.values_list("pk", "name"))
    for s in students:
        serving = s.serving  # type: ignore[attr-defined]
        rate = s.school.region.provider_compensation or Decimal(0)
        yield (
            s.student_number,
            Link(s.user.get_full_name() or s.student_number, url("student_detail", s.pk)),
            s.school.name,
            LEVEL_LABELS.get(s.level, s.level),
            s.year,
            s.home_postcode.municipality.name if s.home_postcode else "",
            s.school.municipality.name,
            names.get(serving) or serving,
            rules.get(s.school.region.funding_rule, ""),
            ", ".join(b.name for b in brokers.get(serving, [])),
            s.completed,  # type: ignore[attr-defined]
            rate * s.completed,  # type: ignore[attr-defined]
        )


def funding_students(scope: Scope, params: Params) -> Table:
    year, broker, qs = _students(scope, params)
    return Table(
        key="funding_students",
        title=_("Students %(name)s serves, %(year)s")
        % {"name": broker.name, "year": school_year_label(year)},
        columns=[
            Column(gettext_lazy("Student number")),
            Column(gettext_lazy("Name")),
            Column(gettext_lazy("School")),
            Column(gettext_lazy("Level")),
            Column(gettext_lazy("Year group"), Kind.INT),
            Column(gettext_lazy("Lives in")),
            Column(gettext_lazy("School in")),
            Column(gettext_lazy("Served by")),
            Column(gettext_lazy("Rule")),
            Column(gettext_lazy("Brokers")),
            Column(gettext_lazy("Completed internships"), Kind.INT),
            Column(gettext_lazy("Compensation (euro)"), Kind.DECIMAL),
        ],
        rows=funding_student_rows(qs),
        params={"broker": str(broker.pk), "year": str(year)},
        students=qs,
    )


def funding_students_count(scope: Scope, params: Params) -> int:
    return _students(scope, params)[2].count()


TABLES = [
    TableSpec("funding_schools", funding_schools, FA.may_see_funding),
    TableSpec("funding_providers", funding_providers, FA.may_see_funding),
    TableSpec("funding_provider_internships", funding_provider_internships, FA.may_see_funding),
    TableSpec("funding_municipalities", funding_municipalities, FA.may_see_funding),
    TableSpec("funding_regions", funding_regions, may_see_national_funding),
    TableSpec(
        "funding_students",
        funding_students,
        may_list_any_funded_students,
        count=funding_students_count,
    ),
]
