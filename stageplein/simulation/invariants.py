"""The rules a whole season must keep, checked from the raw rows every simulated week. Each
check recounts from the tables themselves and compares with what the platform's own selectors
and figures say, so a rule broken anywhere (a guard switched off, a count that drifts) shows up
here. The season stops at the first week a check fails and reports what it found.

One reading needs saying: the platform lets a supervisor confirm hours before every party has
signed (the student may start while a parent's signature is on its way); those hours do not
*count* until the contract is signed (``HourEntry.objects.counting()``). The rule checked is
therefore "every verified hour that counts anywhere (totals, certificates, dashboards) belongs
to a fully signed internship"."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import TruncWeek

from stageplein.applications.mas_state import with_status
from stageplein.applications.models import Application, Status
from stageplein.dashboards.figures import RegionRow, region_rows
from stageplein.geo.models import Region
from stageplein.internships.models import Certificate, Contract, HourEntry, Internship
from stageplein.matching.selectors import broker_scope, queue
from stageplein.organisations.models import Broker
from stageplein.placements.capacity import SEAT_HOLDING, claimed_in_period
from stageplein.placements.models import PlacementPeriod
from stageplein.students.models import Student
from stageplein.students.selectors import NormTable

MAX_EXAMPLES = 5


@dataclass(frozen=True)
class Violation:
    rule: str
    detail: str
    examples: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"rule": self.rule, "detail": self.detail, "examples": list(self.examples)}


def _ex(rows) -> tuple[str, ...]:
    return tuple(str(r) for r in list(rows)[:MAX_EXAMPLES])


def capacity(region: Region) -> list[Violation]:
    over = list(
        PlacementPeriod.objects.filter(placement__provider__region=region)
        .annotate(held=claimed_in_period())
        .filter(held__gt=F("capacity"))
        .values_list("pk", "capacity", "held")
    )
    if not over:
        return []
    return [
        Violation(
            "capacity",
            f"{len(over)} period(s) hold more students than their capacity",
            _ex(f"period {pk}: capacity {c}, {h} seats held" for pk, c, h in over),
        )
    ]


def intake_caps(region: Region) -> list[Violation]:
    rows = list(
        Application.objects.claiming()
        .filter(
            placement__provider__region=region,
            placement__provider__weekly_intake_cap__isnull=False,
            accepted_at__isnull=False,
        )
        .annotate(week=TruncWeek("accepted_at"))
        .values("placement__provider_id", "placement__provider__weekly_intake_cap", "week")
        .annotate(n=Count("pk"))
        .filter(n__gt=F("placement__provider__weekly_intake_cap"))
        .values_list(
            "placement__provider_id", "week", "n", "placement__provider__weekly_intake_cap"
        )
    )
    if not rows:
        return []
    return [
        Violation(
            "intake_cap",
            f"{len(rows)} provider-week(s) took more new students than the provider's cap",
            _ex(f"provider {p}, week of {w:%Y-%m-%d}: {n} > {c}" for p, w, n, c in rows),
        )
    ]


def reaction_order(region: Region) -> list[Violation]:
    """R-MATCH-4. Reactions only leave "waiting", a held seat is held from its acceptance on,
    and a later reaction takes a seat only while the earlier waiting reactions fit in the free
    seats. So for a reaction still waiting that k later reactions passed (k > 0), the k-th was
    accepted with at least k - 1 seats held and every waiting reaction up to this one still
    waiting: k + (waiting up to this one) never exceeds the capacity."""
    periods: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        Application.objects.filter(
            placement__provider__region=region, status__in=[Status.SUBMITTED, *SEAT_HOLDING]
        )
        .order_by("period_id", "submitted_at", "pk")
        .values_list("period_id", "pk", "status", "period__capacity")
    ):
        periods[row[0]].append(row)
    broken = []
    for period_id, rows in periods.items():
        capacity_ = rows[0][3]
        waiting_so_far = 0
        held_after = [0] * (len(rows) + 1)
        for i in range(len(rows) - 1, -1, -1):
            held_after[i] = held_after[i + 1] + (rows[i][2] != Status.SUBMITTED)
        for i, (_p, pk, status, _c) in enumerate(rows):
            if status != Status.SUBMITTED:
                continue
            waiting_so_far += 1
            if held_after[i + 1] and held_after[i + 1] + waiting_so_far > capacity_:
                broken.append(f"period {period_id}: reaction {pk} was passed over")
                break
    if not broken:
        return []
    return [
        Violation("reaction_order", f"{len(broken)} period(s) gave a seat out of turn", _ex(broken))
    ]


def _raw_hours(region: Region) -> dict[int, Decimal]:
    """Per student: the verified (not corrected) entries of internships that are not cancelled
    and whose current contract is fully signed (R-HOURS-4, R-INT-1), summed here in Python
    from the raw rows."""
    signed = set(
        Contract.objects.filter(
            internship__student__school__region=region,
            superseded_at__isnull=True,
            fully_signed_at__isnull=False,
        ).values_list("internship_id", flat=True)
    )
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for internship_id, student_id, status, hours in HourEntry.objects.filter(
        internship__student__school__region=region, status=HourEntry.Status.VERIFIED
    ).values_list("internship_id", "internship__student_id", "internship__status", "hours"):
        if internship_id in signed and status != Internship.Status.CANCELLED:
            totals[student_id] += hours
    return totals


def hours(region: Region, school_year: int) -> list[Violation]:
    found = []
    raw = _raw_hours(region)
    counting = set(
        HourEntry.objects.counting()
        .filter(internship__student__school__region=region)
        .values_list("internship_id", flat=True)
    )
    unsigned = counting - set(
        Contract.objects.filter(
            internship_id__in=counting, fully_signed_at__isnull=False
        ).values_list("internship_id", flat=True)
    )
    if unsigned:
        found.append(
            Violation(
                "hours_signed",
                f"{len(unsigned)} internship(s) count verified hours without a signed contract",
                _ex(f"internship {pk}" for pk in sorted(unsigned)),
            )
        )
    students = with_status(Student.objects.filter(school__region=region), school_year=school_year)
    wrong = [
        f"student {pk}: platform {total}, entries {raw.get(pk, Decimal(0))}"
        # verified_hours is with_status's annotation (the platform's own total).
        for pk, total in students.values_list("pk", "verified_hours")  # type: ignore[misc]
        if Decimal(total or 0) != raw.get(pk, Decimal(0))
    ]
    if wrong:
        found.append(
            Violation(
                "student_totals",
                f"{len(wrong)} student total(s) differ from their entries",
                _ex(wrong),
            )
        )
    norms = NormTable()
    level_cohort = {
        pk: (level, cohort)
        for pk, level, cohort in Student.objects.filter(school__region=region).values_list(
            "pk", "level", "cohort"
        )
    }
    bad = []
    holders = set()
    for student_id, cert_hours, revoked in Certificate.objects.filter(
        student__school__region=region
    ).values_list("student_id", "hours", "revoked_at"):
        holders.add(student_id)
        norm = norms.norm(*level_cohort[student_id])
        if revoked is None and (cert_hours < norm or cert_hours > raw.get(student_id, Decimal(0))):
            bad.append(f"student {student_id}: certificate {cert_hours} h, norm {norm}")
    for student_id, total in raw.items():
        if total >= norms.norm(*level_cohort[student_id]) and student_id not in holders:
            bad.append(f"student {student_id}: {total} h reached the norm, no certificate")
    if bad:
        found.append(
            Violation("certificates", f"{len(bad)} certificate(s) do not match the hours", _ex(bad))
        )
    return found


def queue_and_placed(region: Region, school_year: int) -> list[Violation]:
    placed = set(
        Application.objects.filter(
            student__school__region=region, status=Status.APPROVED, flagged_at__isnull=True
        )
        .filter(
            Q(period__ends_on__gte=f"{school_year}-08-01"),
            Q(period__starts_on__lte=f"{school_year + 1}-07-31"),
        )
        .values_list("student_id", flat=True)
    )
    both: set[int] = set()
    for broker in Broker.objects.filter(region=region):
        both |= placed & set(
            queue(broker_scope(broker), school_year)
            .filter(flagged_on__isnull=True)
            .values_list("pk", flat=True)
        )
    if not both:
        return []
    return [
        Violation(
            "queue",
            f"{len(both)} student(s) have a place and still wait in the broker's queue",
            _ex(f"student {pk}" for pk in sorted(both)),
        )
    ]


def dashboard_rows() -> dict[int, RegionRow]:
    """The national dashboard's table, read once a week for every region."""
    return {r.region_id: r for r in region_rows()}


def dashboards(region: Region, rows: dict[int, RegionRow]) -> list[Violation]:
    """The national dashboard's row for the region against a recount from the raw rows."""
    row = rows.get(region.pk)
    if row is None:
        return []
    raw = _raw_hours(region)
    current = {
        pk: (level, cohort)
        for pk, level, cohort in Student.objects.filter(
            school__region=region, left_on__isnull=True
        ).values_list("pk", "level", "cohort")
    }
    norms = NormTable()
    recount = {
        "students": len(current),
        "with_hours": sum(1 for pk in current if pk in raw),
        "hours": sum((raw.get(pk, Decimal(0)) for pk in current), Decimal(0)),
        "reached": sum(
            1 for pk, lc in current.items() if raw.get(pk, Decimal(0)) >= norms.norm(*lc)
        ),
    }
    shown = {
        "students": row.figures.students,
        "with_hours": row.figures.with_hours,
        "hours": row.figures.hours,
        "reached": row.figures.reached,
    }
    differ = [
        f"{k}: dashboard {shown[k]}, recount {recount[k]}"
        for k in recount
        if shown[k] != recount[k]
    ]
    if not differ:
        return []
    return [
        Violation(
            "dashboards", "the national dashboard's figures differ from a recount", _ex(differ)
        )
    ]


def check(
    region: Region, school_year: int, dashboard: dict[int, RegionRow] | None = None
) -> list[Violation]:
    found: list[Violation] = []
    for rule in (capacity, intake_caps, reaction_order):
        found += rule(region)
    found += hours(region, school_year)
    found += queue_and_placed(region, school_year)
    found += dashboards(region, dashboard if dashboard is not None else dashboard_rows())
    return found
