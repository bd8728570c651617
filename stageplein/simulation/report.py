"""The season report as the page and the exports show it: per pilot (region) or for the
country, week by week, from the report a run stored (counts only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stageplein.dashboards.charts import Chart, Dataset
from stageplein.exports.tables import Column, Kind, Table

COUNTRY = "country"
SIDE_COLOURS = {
    "student": "#0072b2",
    "broker": "#e69f00",
    "school": "#009e73",
    "mediation": "#cc79a7",
}
WEEK_COLUMNS = [
    ("week", gettext_lazy("Week"), Kind.INT),
    ("monday", gettext_lazy("Monday"), Kind.TEXT),
    ("in_window", gettext_lazy("In their window"), Kind.INT),
    ("waiting", gettext_lazy("In their window without a place"), Kind.INT),
    ("placed_student", gettext_lazy("Placed by own reaction"), Kind.INT),
    ("placed_broker", gettext_lazy("Placed by a broker round"), Kind.INT),
    ("placed_school", gettext_lazy("Placed by the school"), Kind.INT),
    ("placed_mediation", gettext_lazy("Placed by mediation"), Kind.INT),
    ("placed_total", gettext_lazy("Placed so far"), Kind.INT),
    ("dropped_out", gettext_lazy("Dropped out"), Kind.INT),
    ("free_seats", gettext_lazy("Free seats (next four weeks)"), Kind.INT),
    ("shortage", gettext_lazy("Shortage"), Kind.INT),
    ("surplus", gettext_lazy("Surplus"), Kind.INT),
    ("flooded_providers", gettext_lazy("Flooded providers"), Kind.INT),
    ("running", gettext_lazy("Internships running"), Kind.INT),
    ("completed", gettext_lazy("Completed"), Kind.INT),
    ("cancelled", gettext_lazy("Cancelled"), Kind.INT),
    ("hours", gettext_lazy("Hours counted"), Kind.DECIMAL),
    ("hours_norm", gettext_lazy("Hours planned by the windows so far"), Kind.INT),
    ("finished", gettext_lazy("Students finished"), Kind.INT),
    ("certificates", gettext_lazy("Certificates"), Kind.INT),
    ("broker_queue", gettext_lazy("Broker queue at the round"), Kind.INT),
    ("broker_students", gettext_lazy("Students in broker rounds"), Kind.INT),
    ("broker_proposed", gettext_lazy("Reactions made by broker rounds"), Kind.INT),
    ("mediation_asked", gettext_lazy("Requests for mediation"), Kind.INT),
    ("mediation_proposed", gettext_lazy("Places proposed by mediation"), Kind.INT),
    ("mediation_accepted", gettext_lazy("Proposals accepted"), Kind.INT),
]


def areas(report: dict) -> list[str]:
    return [COUNTRY, *report.get("regions", {})]


def rows_of(report: dict, area: str) -> list[dict]:
    if area == COUNTRY:
        return report.get("country", [])
    return report.get("regions", {}).get(area, [])


def area_label(area: str) -> str:
    return _("The whole country") if area == COUNTRY else area


def percent(part: float, whole: float) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Summary:
    students: int
    placed: int
    dropped_out: int
    # Placed of those who could be placed: every student but those who dropped out (a student
    # who fell ill looks again and counts).
    placed_percent: int | None
    by_student: int | None
    by_broker: int | None
    by_school: int | None
    by_mediation: int | None
    # What the booklet calls "needed the broker": a broker round or a mediated proposal.
    by_broker_help: int | None
    finished: int | None
    hours: float
    hours_norm: int
    hours_percent: int | None
    flooded_weeks: int
    broker_rounds_students: int
    shortage_weeks: int
    surplus_weeks: int


def summary(rows: list[dict]) -> Summary | None:
    if not rows:
        return None
    last = rows[-1]
    own = sum(r["placed_student"] for r in rows)
    broker = sum(r["placed_broker"] for r in rows)
    school = sum(r["placed_school"] for r in rows)
    # Reports stored before mediation was simulated have no such column.
    mediation = sum(r.get("placed_mediation", 0) for r in rows)
    placed = own + broker + school + mediation
    return Summary(
        students=last["students"],
        placed=last["placed_total"],
        dropped_out=last.get("dropped_out", 0),
        placed_percent=percent(last["placed_total"], last["students"] - last.get("dropped_out", 0)),
        by_student=percent(own, placed),
        by_broker=percent(broker, placed),
        by_school=percent(school, placed),
        by_mediation=percent(mediation, placed),
        by_broker_help=percent(broker + mediation, placed),
        finished=percent(last["finished"], last["students"]),
        hours=last["hours"],
        hours_norm=last["hours_norm"],
        hours_percent=percent(last["hours"], last["hours_norm"]),
        flooded_weeks=sum(1 for r in rows if r["flooded_providers"]),
        broker_rounds_students=sum(r["broker_students"] for r in rows),
        shortage_weeks=sum(1 for r in rows if r["shortage"]),
        surplus_weeks=sum(1 for r in rows if r["surplus"]),
    )


def booklet_rows(report: dict, area: str, s: Summary | None) -> list[tuple[str, int | None, float]]:
    """(figure, simulated, booklet) for the figures the booklet gives for this area."""
    given = report.get("booklet", {}).get(COUNTRY if area == COUNTRY else area)
    if given is None or s is None:
        return []
    names = {
        "share_broker": (_("Placed by the broker (%)"), s.by_broker_help),
        "share_finished": (_("Finished by the end of the year (%)"), s.finished),
    }
    return [(names[k][0], names[k][1], v) for k, v in given.items() if k in names]


def week_table(run_pk: int, title: str, rows: list[dict], area: str) -> Table:
    return Table(
        key="simulation_weeks",
        title=title,
        columns=[Column(label, kind) for _key, label, kind in WEEK_COLUMNS],
        rows=[tuple(r.get(key, 0) for key, _l, _k in WEEK_COLUMNS) for r in rows],
        params={"run": str(run_pk), "area": area},
        caption=_("Week by week: %(area)s") % {"area": area_label(area)},
    )


def placed_chart(rows: list[dict], chart_id: str = "placed", run: str = "") -> Chart:
    labels = [str(r["week"]) for r in rows]
    label = _("Students placed per week, by who found the place")
    return Chart(
        id=chart_id,
        label=f"{label}: {run}" if run else label,
        labels=labels,
        datasets=[
            Dataset(
                _("own reaction"), [r["placed_student"] for r in rows], SIDE_COLOURS["student"]
            ),
            Dataset(_("broker round"), [r["placed_broker"] for r in rows], SIDE_COLOURS["broker"]),
            Dataset(_("school"), [r["placed_school"] for r in rows], SIDE_COLOURS["school"]),
            Dataset(
                _("mediation"),
                [r.get("placed_mediation", 0) for r in rows],
                SIDE_COLOURS["mediation"],
            ),
        ],
        stacked=True,
        horizontal=False,
    )


def seats_chart(rows: list[dict]) -> Chart:
    return Chart(
        id="seats",
        label=_("Students in their window without a place, against free seats"),
        labels=[str(r["week"]) for r in rows],
        datasets=[
            Dataset(_("without a place"), [r["waiting"] for r in rows], "#a3341b"),
            Dataset(_("free seats"), [r["free_seats"] for r in rows], "#0b5d4b"),
        ],
        horizontal=False,
    )


def hours_chart(rows: list[dict]) -> Chart:
    return Chart(
        id="hours",
        label=_("Hours counted against the hours the windows planned so far"),
        labels=[str(r["week"]) for r in rows],
        datasets=[
            Dataset(_("hours counted"), [round(r["hours"]) for r in rows], "#0072b2"),
            Dataset(_("hours planned"), [r["hours_norm"] for r in rows], "#6b4c9a"),
        ],
        horizontal=False,
    )


def sector_rows(rows: list[dict]) -> list[tuple[str, int, int]]:
    """Per sector: the fewest and the most free seats over the weeks (short or left over)."""
    sectors: dict[str, list[int]] = {}
    for r in rows:
        for code, n in r.get("free_by_sector", {}).items():
            sectors.setdefault(code, []).append(n)
    return [(code, min(v), max(v)) for code, v in sorted(sectors.items())]


def same_area(a: dict, b: dict) -> list[str]:
    """The areas two reports share (the country always)."""
    return [x for x in areas(a) if x in areas(b)]
