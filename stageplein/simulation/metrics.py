"""One region's figures for one simulated week, counted from the rows (counts only, never a
person): who found a place and how, where seats ran short or were left over, flooded
providers, hours against the windows' hours, share finished, the brokers' work."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum

from stageplein.applications.models import Application, Status
from stageplein.internships.models import Certificate, HourEntry, Internship
from stageplein.mediation.models import MediationRequest
from stageplein.simulation.area import Area
from stageplein.simulation.params import Params

DAY = datetime.timedelta(days=1)
SIDES = ("student", "broker", "school")
# Placed by mediation: an approved reaction made when a proposal was accepted (its side is the
# broker's or the school's, so it is told apart by its request, not by the side).
ROUTES = (*SIDES, "mediation")
# The figures a week row carries, in the order of the report's table and CSV.
COLUMNS = [
    "week",
    "monday",
    "students",
    "in_window",
    "waiting",
    "placed_student",
    "placed_broker",
    "placed_school",
    "placed_mediation",
    "placed_total",
    "dropped_out",
    "free_seats",
    "shortage",
    "surplus",
    "flooded_providers",
    "running",
    "completed",
    "cancelled",
    "hours",
    "hours_norm",
    "finished",
    "certificates",
    "broker_queue",
    "broker_students",
    "broker_proposed",
    "mediation_asked",
    "mediation_proposed",
    "mediation_accepted",
]


def week_row(
    area: Area, p: Params, week: int, monday: datetime.date, sunday: datetime.date
) -> dict:
    row: dict = {"week": week + 1, "monday": monday.isoformat(), "students": len(area.pupils)}
    placed_ids = set()
    approvals = (
        Application.objects.filter(area.students(), area.this_year())
        .filter(approved_at__date__gte=monday, approved_at__date__lte=sunday)
        .annotate(mediated=Exists(MediationRequest.objects.filter(application=OuterRef("pk"))))
        .values("submitted_side", "mediated")
        .annotate(n=Count("pk"))
    )
    by_route: dict[str, int] = defaultdict(int)
    for r in approvals:
        by_route["mediation" if r["mediated"] else r["submitted_side"]] += r["n"]
    for route in ROUTES:
        row[f"placed_{route}"] = by_route.get(route, 0)
    placed_ids = set(
        Application.objects.filter(
            area.students(), area.this_year(), status=Status.APPROVED
        ).values_list("student_id", flat=True)
    )
    row["placed_total"] = len(placed_ids)
    # Left for the rest of the year: not among those who could still be placed (the ill come
    # back after a few weeks and are).
    row["dropped_out"] = len(area.gone)
    in_window = [
        pk
        for pk, pupil in area.pupils.items()
        if pupil.window
        and pupil.window.starts <= sunday
        and pupil.window.ends >= monday
        and pk not in area.gone
    ]
    row["in_window"] = len(in_window)
    row["waiting"] = sum(1 for pk in in_window if pk not in placed_ids)
    cells = area.open_periods(monday)
    free_by_sector: dict[str, int] = defaultdict(int)
    for options in cells.values():
        for option in options:
            if option.period.starts_on <= sunday + 28 * DAY:
                free_by_sector[option.placement.sector_id] += option.free
    row["free_seats"] = sum(free_by_sector.values())
    row["free_by_sector"] = dict(sorted(free_by_sector.items()))
    row["shortage"] = max(0, row["waiting"] - row["free_seats"])
    row["surplus"] = max(0, row["free_seats"] - row["waiting"])
    starts = (
        Internship.objects.filter(
            student__school__region=area.region, start_date__gte=monday, start_date__lte=sunday
        )
        .values("provider_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=p.flooded_at)
    )
    row["flooded_providers"] = starts.count()
    status = dict(
        Internship.objects.filter(student__school__region=area.region)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    row["running"] = status.get("planned", 0) + status.get("active", 0)
    row["completed"] = status.get("completed", 0)
    row["cancelled"] = status.get("cancelled", 0)
    per_student = dict(
        HourEntry.objects.counting()
        .filter(internship__student__school__region=area.region)
        .values_list("internship__student_id")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    row["hours"] = float(sum(per_student.values(), Decimal(0)))
    started = [
        pupil for pupil in area.pupils.values() if pupil.window and pupil.window.starts <= sunday
    ]
    row["hours_norm"] = sum(pupil.window.hours for pupil in started if pupil.window)
    row["finished"] = sum(
        1
        for pk, pupil in area.pupils.items()
        if pupil.window and per_student.get(pk, Decimal(0)) >= pupil.window.hours
    )
    row["certificates"] = Certificate.objects.filter(student__school__region=area.region).count()
    row["broker_queue"] = area.broker_round.pop("queue", 0)
    row["broker_students"] = area.broker_round.pop("students", 0)
    row["broker_proposed"] = area.broker_round.pop("proposed", 0)
    for step in ("asked", "proposed", "accepted"):
        row[f"mediation_{step}"] = area.mediation.pop(step, 0)
    row["refused"] = dict(sorted(area.refused.items()))
    area.refused.clear()
    return row


def add_rows(rows: list[dict]) -> dict:
    """The country's row of a week: the regions' rows added up."""
    total: dict = {"week": rows[0]["week"], "monday": rows[0]["monday"]}
    for key in COLUMNS[2:]:
        total[key] = sum(r.get(key, 0) for r in rows)
    sectors: dict[str, int] = defaultdict(int)
    for r in rows:
        for code, n in r["free_by_sector"].items():
            sectors[code] += n
    total["free_by_sector"] = dict(sorted(sectors.items()))
    refused: dict[str, int] = defaultdict(int)
    for r in rows:
        for name, n in r["refused"].items():
            refused[name] += n
    total["refused"] = dict(sorted(refused.items()))
    return total
