"""Chart data for the browser (Chart.js, drawn by static/js/charts.js). A chart is
passed to the page with json_script, never as inline script, and always sits beside the table
that holds the same figures (the accessible alternative)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from stageplein.dashboards import figures as FG
from stageplein.dashboards import selectors as S
from stageplein.dashboards.progress import STATUS_ORDER, StudentStatus

# Okabe-Ito: tells the statuses apart for colour-blind readers too.
STATUS_COLOURS = {
    StudentStatus.NONE: "#a3341b",
    StudentStatus.REACTED: "#e69f00",
    StudentStatus.MATCHED: "#56b4e9",
    StudentStatus.IN_PROGRESS: "#0072b2",
    StudentStatus.DONE: "#009e73",
}


@dataclass
class Dataset:
    label: str
    data: list[float | int]
    color: str = ""


@dataclass
class Chart:
    id: str
    label: str  # what the chart shows, for screen readers (the table follows it)
    labels: list[str]
    datasets: list[Dataset] = field(default_factory=list)
    type: str = "bar"
    stacked: bool = False
    horizontal: bool = True
    percent: bool = False

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"

    @property
    def data(self) -> dict:
        d = asdict(self)
        d.pop("id")
        d.pop("label")
        return d


def status_labels() -> dict[str, str]:
    return {s.value: str(s.label) for s in StudentStatus}


def classes_chart(rows: list[S.ClassRow], label: str) -> Chart:
    names = status_labels()
    return Chart(
        id="chart-classes",
        label=label,
        labels=[r.name or "–" for r in rows],
        datasets=[
            Dataset(names[s], [r.by_status[s] for r in rows], STATUS_COLOURS[StudentStatus(s)])
            for s in STATUS_ORDER
        ],
        stacked=True,
    )


def status_chart(figures: FG.Figures, label: str) -> Chart:
    names = status_labels()
    return Chart(
        id="chart-status",
        label=label,
        labels=[names[s] for s in STATUS_ORDER],
        datasets=[
            Dataset(
                label,
                [figures.by_status[s] for s in STATUS_ORDER],
                "#0b5d4b",
            )
        ],
    )


def simple_chart(
    chart_id: str, label: str, labels: list[str], series: list[tuple[str, list]], **options
) -> Chart:
    return Chart(
        id=chart_id,
        label=label,
        labels=labels,
        datasets=[Dataset(name, values) for name, values in series],
        **options,
    )
