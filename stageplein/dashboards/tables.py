"""The dashboards' tables: each page shows them and exports them through these specs, so an
export holds exactly what the page shows in the person's scope (see exports/tables.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stageplein.accounts.access import Scope
from stageplein.core.cache import cached
from stageplein.core.params import clean_params, text_field
from stageplein.dashboards import access as A
from stageplein.dashboards import figures as FG
from stageplein.dashboards import selectors as S
from stageplein.dashboards.progress import STATUS_ORDER, StudentStatus
from stageplein.exports.tables import Column, Kind, Link, Params, Table, TableSpec, url
from stageplein.internships.models import Report
from stageplein.organisations.models import Level
from stageplein.students.models import Student

STATUS_LABELS = dict(StudentStatus.choices)
LEVEL_LABELS = dict(Level.choices)


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


# -- the school ------------------------------------------------------------------------------


def _school(scope: Scope, params: Params):
    return A.get_dashboard_school(scope, params.get("school"))


def school_classes(scope: Scope, params: Params) -> Table:
    school = _school(scope, params)
    return classes_table(school, S.class_rows(school))


def classes_table(school, rows: list[S.ClassRow]) -> Table:
    total = S.school_totals(rows)

    def drill(n: int, class_name: str | None, **extra) -> Link | int:
        if not n or class_name == "":
            return n
        return Link(n, url("dashboard_students", school=school.pk, class_name=class_name, **extra))

    def line(row: S.ClassRow, label, class_name: str | None) -> tuple:
        return (
            label,
            drill(row.students, class_name),
            *(drill(row.by_status[s], class_name, status=s) for s in STATUS_ORDER),
            drill(row.behind, class_name, behind="1"),
            row.counted_hours,
            row.norm_hours,
            row.percent,
        )

    return Table(
        key="school_classes",
        title=_("Students per class by status"),
        columns=[
            Column(gettext_lazy("Class")),
            Column(gettext_lazy("Students"), Kind.INT),
            *(Column(STATUS_LABELS[s], Kind.INT) for s in STATUS_ORDER),
            Column(gettext_lazy("Falling behind"), Kind.INT),
            Column(gettext_lazy("Hours counted"), Kind.DECIMAL),
            Column(gettext_lazy("Hours the norm asks"), Kind.INT),
            Column(gettext_lazy("Share of the norm"), Kind.PERCENT),
        ],
        rows=[
            line(r, Link(r.name, url("student_list", class_name=r.name)) if r.name else "–", r.name)
            for r in rows
        ],
        footer=line(total, _("Whole school"), None),
        params={"school": str(school.pk)},
        caption=_("Students per class by status, %(school)s") % {"school": school.name},
        note=_(
            "Hours counted: confirmed hours that count, up to each student's norm. "
            "Every figure links to the students behind it."
        ),
    )


def _drill_params(params: Params) -> dict[str, str]:
    """The drill-down's filters, cleaned: a status, a class, falling behind."""
    status = params.get("status", "")
    class_name = clean_params(params, class_name=text_field(20))["class_name"] or ""
    return {
        "status": status if status in STATUS_ORDER else "",
        "class_name": class_name,
        "behind": "1" if params.get("behind") == "1" else "",
    }


def school_students_qs(scope: Scope, params: Params):
    school = _school(scope, params)
    p = _drill_params(params)
    qs = S.school_students(
        school,
        status=p["status"],
        class_name=p["class_name"] or None,
        behind=bool(p["behind"]),
    )
    return school, p, qs


def student_rows(qs: QuerySet[Student]):
    return student_rows_of(
        qs.select_related("user").order_by("class_name", "user__last_name", "user__first_name")
    )


def student_rows_of(students: Iterable[Student]):
    for s in students:
        yield (
            Link(s.user.get_full_name() or s.student_number, url("student_detail", s.pk)),
            s.student_number,
            s.class_name,
            LEVEL_LABELS.get(s.level, s.level),
            s.year,
            STATUS_LABELS[s.status],  # type: ignore[attr-defined]
            s.verified_hours,  # type: ignore[attr-defined]
            s.norm,  # type: ignore[attr-defined]
            round(s.due_this_year, 1),  # type: ignore[attr-defined]
            yes_no(s.behind),  # type: ignore[attr-defined]
        )


STUDENT_COLUMNS = [
    Column(gettext_lazy("Name")),
    Column(gettext_lazy("Student number")),
    Column(gettext_lazy("Class")),
    Column(gettext_lazy("Level")),
    Column(gettext_lazy("Year group"), Kind.INT),
    Column(gettext_lazy("Status")),
    Column(gettext_lazy("Hours that count"), Kind.DECIMAL),
    Column(gettext_lazy("Norm"), Kind.INT),
    Column(gettext_lazy("Still needed this school year"), Kind.DECIMAL),
    Column(gettext_lazy("Falling behind")),
]


def school_students_title(school, p: dict[str, str]) -> str:
    parts = [school.name]
    if p["class_name"]:
        parts.append(_("class %(name)s") % {"name": p["class_name"]})
    if p["status"]:
        parts.append(str(STATUS_LABELS[p["status"]]))
    if p["behind"]:
        parts.append(_("falling behind"))
    return _("Students") + ": " + ", ".join(parts)


def school_students(scope: Scope, params: Params) -> Table:
    school, p, qs = school_students_qs(scope, params)
    return Table(
        key="school_students",
        title=school_students_title(school, p),
        columns=STUDENT_COLUMNS,
        rows=student_rows(qs),
        params={"school": str(school.pk), **{k: v for k, v in p.items() if v}},
        students=qs,
    )


def school_students_count(scope: Scope, params: Params) -> int:
    return school_students_qs(scope, params)[2].count()


def school_behind(scope: Scope, params: Params, limit: int | None = None) -> Table:
    school = _school(scope, params)
    qs = S.behind_students(school)
    if limit:
        qs = qs[:limit]
    return Table(
        key="school_behind",
        title=_("Falling behind"),
        columns=[
            Column(gettext_lazy("Name")),
            Column(gettext_lazy("Class")),
            Column(gettext_lazy("Year group"), Kind.INT),
            Column(gettext_lazy("Hours that count"), Kind.DECIMAL),
            Column(gettext_lazy("On pace with"), Kind.DECIMAL),
            Column(gettext_lazy("Norm"), Kind.INT),
            Column(gettext_lazy("Still needed this school year"), Kind.DECIMAL),
        ],
        rows=[
            (
                Link(s.user.get_full_name() or s.student_number, url("student_detail", s.pk)),
                s.class_name,
                s.year,
                s.verified_hours,  # type: ignore[attr-defined]
                round(s.expected_hours, 1),  # type: ignore[attr-defined]
                s.norm,  # type: ignore[attr-defined]
                round(s.due_this_year, 1),  # type: ignore[attr-defined]
            )
            for s in qs
        ],
        params={"school": str(school.pk)},
        caption=_("Falling behind, furthest behind first"),
        students=S.behind_students(school),
    )


def school_behind_count(scope: Scope, params: Params) -> int:
    return S.behind_students(_school(scope, params)).count()


def school_reports(scope: Scope, params: Params, limit: int | None = None) -> Table:

    school = _school(scope, params)
    qs = S.reports_waiting(scope, school)
    if limit:
        qs = qs[:limit]
    kinds = dict(Report.Kind.choices)
    return Table(
        key="school_reports",
        title=_("Reports waiting for approval"),
        columns=[
            Column(gettext_lazy("Student")),
            Column(gettext_lazy("Class")),
            Column(gettext_lazy("What")),
            Column(gettext_lazy("Version"), Kind.INT),
            Column(gettext_lazy("Handed in"), Kind.DATE),
            Column(gettext_lazy("Action"), export=False),
        ],
        rows=[
            (
                Link(
                    r.internship.student.user.get_full_name(),
                    url("student_detail", r.internship.student_id),
                ),
                r.internship.student.class_name,
                kinds.get(r.kind, r.kind),
                r.version,
                r.submitted_at.date(),
                Link(_("Review"), url("report_page", r.internship_id, r.kind)),
            )
            for r in qs
        ],
        params={"school": str(school.pk)},
        students=Student.objects.filter(
            pk__in=S.reports_waiting(scope, school).values("internship__student_id")
        ),
    )


# -- the broker ------------------------------------------------------------------------------


def _broker(scope: Scope, params: Params):
    broker = A.get_dashboard_broker(scope, params.get("broker"))
    return broker, S.broker_codes(broker)


def broker_schools(scope: Scope, params: Params) -> Table:
    broker, codes = _broker(scope, params)
    return unplaced_schools_table(broker, S.unplaced_by_school(scope, codes))


def unplaced_schools_table(broker, rows: list[S.SchoolUnplaced]) -> Table:
    return Table(
        key="broker_schools",
        title=_("Students without a place per school"),
        columns=[
            Column(gettext_lazy("School")),
            Column(gettext_lazy("Municipality")),
            Column(gettext_lazy("Students in your area"), Kind.INT),
            Column(gettext_lazy("Without a place"), Kind.INT),
            Column(gettext_lazy("Share without a place"), Kind.PERCENT),
        ],
        rows=[
            (
                Link(r.name, url("school_detail", r.school_id)),
                r.municipality,
                r.students,
                Link(r.unplaced, url("dashboard_unplaced", broker=broker.pk, school=r.school_id))
                if r.unplaced
                else 0,
                r.percent,
            )
            for r in rows
        ],
        footer=(
            _("Total"),
            "",
            sum(r.students for r in rows),
            sum(r.unplaced for r in rows),
            S.percent(sum(r.unplaced for r in rows), sum(r.students for r in rows)),
        ),
        params={"broker": str(broker.pk)},
        note=_(
            "Without a place: no reaction yet, or a reaction still waiting for the provider; "
            "students who are matched, busy or done are not (the same states as the school "
            "overview)."
        ),
    )


def unplaced_qs(scope: Scope, params: Params):
    broker, codes = _broker(scope, params)
    qs = S.unplaced_students(scope, codes)
    school = params.get("school", "")
    if school:
        try:
            qs = qs.filter(school_id=int(school))
        except ValueError:
            school = ""
    return broker, school, qs


def unplaced_rows_of(students: Iterable[Student]):
    for s in students:
        yield (
            Link(s.user.get_full_name() or s.student_number, url("student_detail", s.pk)),
            s.school.name,
            s.class_name,
            LEVEL_LABELS.get(s.level, s.level),
            s.year,
            s.home_postcode.place if s.home_postcode else "",
            s.verified_hours,  # type: ignore[attr-defined]
            s.norm,  # type: ignore[attr-defined]
        )


def broker_unplaced(scope: Scope, params: Params) -> Table:
    broker, school, qs = unplaced_qs(scope, params)
    rows = unplaced_rows_of(
        qs.select_related("user", "school", "home_postcode").order_by(
            "school__name", "class_name", "user__last_name", "user__first_name"
        )
    )
    return Table(
        key="broker_unplaced",
        title=_("Students without a place"),
        columns=[
            Column(gettext_lazy("Name")),
            Column(gettext_lazy("School")),
            Column(gettext_lazy("Class")),
            Column(gettext_lazy("Level")),
            Column(gettext_lazy("Year group"), Kind.INT),
            Column(gettext_lazy("Lives in")),
            Column(gettext_lazy("Hours that count"), Kind.DECIMAL),
            Column(gettext_lazy("Norm"), Kind.INT),
        ],
        rows=rows,
        params={"broker": str(broker.pk), **({"school": school} if school else {})},
        students=qs,
    )


def broker_unplaced_count(scope: Scope, params: Params) -> int:
    return unplaced_qs(scope, params)[2].count()


SECTOR_COLUMNS = [
    Column(gettext_lazy("Sector")),
    Column(gettext_lazy("Providers"), Kind.INT),
    Column(gettext_lazy("Published placements"), Kind.INT),
    Column(gettext_lazy("of which stale"), Kind.INT),
    Column(gettext_lazy("Places in open periods"), Kind.INT),
    Column(gettext_lazy("Taken"), Kind.INT),
    Column(gettext_lazy("Free"), Kind.INT),
]


def sector_table(key: str, rows: list[S.SectorRow], params: dict[str, str]) -> Table:
    total = S.sector_totals(rows)

    def line(r: S.SectorRow, label) -> tuple:
        return (label, r.providers, r.placements, r.stale, r.seats, r.claimed, r.free)

    return Table(
        key=key,
        title=_("Providers and placements per sector"),
        columns=SECTOR_COLUMNS,
        rows=[line(r, r.name) for r in rows],
        footer=line(total, _("Total")),
        params=params,
        note=_(
            "Stale: published, but not confirmed by the provider for a year, so hidden from "
            "students until renewed. Places count the periods not yet over of the other "
            "placements."
        ),
    )


def broker_sectors(scope: Scope, params: Params) -> Table:
    broker, codes = _broker(scope, params)
    return sector_table("broker_sectors", S.sector_rows(codes), {"broker": str(broker.pk)})


def broker_evaluations(scope: Scope, params: Params) -> Table:
    broker, codes = _broker(scope, params)
    return evaluations_table(broker, S.evaluations_by_provider(codes))


def evaluations_table(broker, rows: Iterable[dict]) -> Table:
    return Table(
        key="broker_evaluations",
        title=_("Evaluations per provider"),
        columns=[
            Column(gettext_lazy("Provider")),
            Column(gettext_lazy("Completed internships"), Kind.INT),
            Column(gettext_lazy("Grades from students"), Kind.INT),
            Column(gettext_lazy("Average grade"), Kind.DECIMAL),
            Column(gettext_lazy("Assessments by the provider"), Kind.INT),
        ],
        rows=[
            (
                Link(r["provider__name"], url("provider_detail", r["provider_id"])),
                r["completed"],
                r["evaluations"],
                round(r["average"], 1) if r["average"] is not None else None,
                r["assessments"],
            )
            for r in rows
        ],
        params={"broker": str(broker.pk)},
        caption=_("Evaluations per provider, most evaluated first"),
    )


def broker_evaluations_count(scope: Scope, params: Params) -> int:
    _broker_obj, codes = _broker(scope, params)
    return S.evaluations_by_provider(codes).count()


# -- municipality and nation: numbers only -----------------------------------------------------


def status_table(key: str, figures: FG.Figures, params: dict[str, str]) -> Table:
    return Table(
        key=key,
        title=_("Students by status"),
        columns=[
            Column(gettext_lazy("Status")),
            Column(gettext_lazy("Students"), Kind.INT),
            Column(gettext_lazy("Share"), Kind.PERCENT),
        ],
        rows=[
            (
                STATUS_LABELS[s],
                figures.by_status[s],
                S.percent(figures.by_status[s], figures.students),
            )
            for s in STATUS_ORDER
        ],
        footer=(_("Total"), figures.students, 100 if figures.students else 0),
        params=params,
    )


def level_table(key: str, figures: FG.Figures, params: dict[str, str]) -> Table:
    order = [lvl for lvl in Level.values if lvl in figures.by_level]
    return Table(
        key=key,
        title=_("Students per level"),
        columns=[
            Column(gettext_lazy("Level")),
            Column(gettext_lazy("Students"), Kind.INT),
            Column(gettext_lazy("Norm reached"), Kind.INT),
            Column(gettext_lazy("Share that reached the norm"), Kind.PERCENT),
        ],
        rows=[
            (
                LEVEL_LABELS[lvl],
                figures.by_level[lvl][0],
                figures.by_level[lvl][1],
                S.percent(figures.by_level[lvl][1], figures.by_level[lvl][0]),
            )
            for lvl in order
        ],
        params=params,
    )


def _municipality(scope: Scope, params: Params):
    municipality = A.get_dashboard_municipality(scope, params.get("municipality"))
    return municipality, FG.municipality_figures(municipality.pk)


def municipality_status(scope: Scope, params: Params) -> Table:
    m, figures = _municipality(scope, params)
    return status_table("municipality_status", figures, {"municipality": m.pk})


def municipality_levels(scope: Scope, params: Params) -> Table:
    m, figures = _municipality(scope, params)
    return level_table("municipality_levels", figures, {"municipality": m.pk})


def municipality_sectors(scope: Scope, params: Params) -> Table:
    m, figures = _municipality(scope, params)
    return sector_table("municipality_sectors", figures.sectors, {"municipality": m.pk})


def region_table(rows: list[FG.RegionRow]) -> Table:
    total = FG.national_totals(rows)

    def line(label, f: FG.Figures, schools: int) -> tuple:
        return (
            label,
            schools,
            f.students,
            f.reached,
            f.reached_percent,
            f.hours,
            f.providers,
            f.placements,
            round(f.average_grade, 1) if f.average_grade is not None else None,
        )

    return Table(
        key="national_regions",
        title=_("Figures per region"),
        columns=[
            Column(gettext_lazy("Region")),
            Column(gettext_lazy("Schools"), Kind.INT),
            Column(gettext_lazy("Students"), Kind.INT),
            Column(gettext_lazy("Norm reached"), Kind.INT),
            Column(gettext_lazy("Share that reached the norm"), Kind.PERCENT),
            Column(gettext_lazy("Confirmed hours"), Kind.DECIMAL),
            Column(gettext_lazy("Providers"), Kind.INT),
            Column(gettext_lazy("Published placements"), Kind.INT),
            Column(gettext_lazy("Average grade"), Kind.DECIMAL),
        ],
        rows=[line(r.name, r.figures, r.schools) for r in rows],
        footer=line(_("The Netherlands"), total, sum(r.schools for r in rows)),
    )


def national_regions(scope: Scope, params: Params) -> Table:
    return region_table(cached("regions", FG.region_rows)[0])


def pilot_table(rows: list[FG.PilotRow]) -> Table:
    return Table(
        key="national_pilots",
        title=_("The twenty pilots of 2008-2009 and today"),
        columns=[
            Column(gettext_lazy("Pilot")),
            Column(gettext_lazy("Students 2008-2009"), Kind.INT),
            Column(gettext_lazy("Students now"), Kind.INT),
            Column(gettext_lazy("Schools 2008-2009"), Kind.INT),
            Column(gettext_lazy("Schools now"), Kind.INT),
            Column(gettext_lazy("Brokers 2008-2009"), Kind.INT),
            Column(gettext_lazy("Brokers now"), Kind.INT),
            Column(gettext_lazy("Municipalities 2008-2009"), Kind.INT),
            Column(gettext_lazy("Municipalities now"), Kind.INT),
        ],
        rows=[
            (
                r.name,
                r.pilot_students,
                r.students,
                r.pilot_schools,
                r.schools,
                r.pilot_brokers,
                r.brokers,
                r.pilot_municipalities,
                r.municipalities,
            )
            for r in rows
        ],
        note=_(
            "The pilots' own figures from the 2008-2009 booklet (some counted school locations, "
            "not schools); now: what is registered in Stageplein for the region of that name."
        ),
    )


def national_pilots(scope: Scope, params: Params) -> Table:
    return pilot_table(FG.pilot_rows(cached("regions", FG.region_rows)[0]))


TABLES = [
    TableSpec("school_classes", school_classes, A.may_see_school_dashboard),
    TableSpec(
        "school_students", school_students, A.may_see_school_dashboard, count=school_students_count
    ),
    TableSpec(
        "school_behind", school_behind, A.may_see_school_dashboard, count=school_behind_count
    ),
    TableSpec("school_reports", school_reports, A.may_see_school_dashboard),
    TableSpec("broker_schools", broker_schools, A.may_see_broker_dashboard),
    TableSpec(
        "broker_unplaced", broker_unplaced, A.may_see_broker_dashboard, count=broker_unplaced_count
    ),
    TableSpec("broker_sectors", broker_sectors, A.may_see_broker_dashboard),
    TableSpec(
        "broker_evaluations",
        broker_evaluations,
        A.may_see_broker_dashboard,
        count=broker_evaluations_count,
    ),
    TableSpec("municipality_status", municipality_status, A.may_see_municipality_dashboard),
    TableSpec("municipality_levels", municipality_levels, A.may_see_municipality_dashboard),
    TableSpec("municipality_sectors", municipality_sectors, A.may_see_municipality_dashboard),
    TableSpec("national_regions", national_regions, A.may_see_national_dashboard),
    TableSpec("national_pilots", national_pilots, A.may_see_national_dashboard),
]
