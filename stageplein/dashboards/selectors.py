"""Reads for the dashboards (R-PLAN-3). Every figure is one aggregate query over the person's
scope (no query per class, school or student); the definitions of a student's status and of
falling behind are in dashboards/progress.py.

School and broker dashboards show people to those who may see them (through the access
layer's selectors); the municipality and national figures are numbers only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone
from django.utils.translation import get_language

from stageplein.accounts.access import Scope
from stageplein.applications.models import Application
from stageplein.applications.selectors import students_without_place
from stageplein.dashboards.progress import (
    STATUS_ORDER,
    norm_expression,
    percent,
    with_status,
)
from stageplein.geo.models import PostcodeArea
from stageplein.internships.models import Internship, Report
from stageplein.internships.progress import with_progress
from stageplein.internships.selectors import reports_to_review
from stageplein.organisations.models import Broker, Provider, School, Sector
from stageplein.placements.models import REVIEW_PASSED, Placement, PlacementPeriod, stale_cutoff
from stageplein.students.access import students_visible_to
from stageplein.students.models import Student


def sector_name(nl: str, en: str) -> str:
    return en if (get_language() or "nl").startswith("en") else nl


# -- who sees which dashboard ----------------------------------------------------------------


def broker_codes(broker: Broker) -> list[str]:
    return list(broker.municipalities.order_by("name").values_list("pk", flat=True))


# -- the school (coordinator) ------------------------------------------------------------------


@dataclass
class ClassRow:
    name: str
    students: int = 0
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_ORDER, 0))
    behind: int = 0
    counted_hours: Decimal = Decimal(0)
    norm_hours: int = 0

    @property
    def percent(self) -> int:
        return percent(self.counted_hours, self.norm_hours)

    def add(self, other: ClassRow) -> None:
        self.students += other.students
        self.behind += other.behind
        self.counted_hours += other.counted_hours
        self.norm_hours += other.norm_hours
        for status, n in other.by_status.items():
            self.by_status[status] += n


def current_students(school: School) -> QuerySet[Student]:
    return Student.objects.filter(school=school, left_on__isnull=True)


def class_rows(school: School) -> list[ClassRow]:
    """Per class: students by status, falling behind, hours against the norm. One query,
    grouped by class, status and whether behind."""
    rows = (
        with_status(current_students(school))
        .values("class_name", "status", "behind")  # type: ignore[misc]
        .annotate(n=Count("pk"), counted=Sum("counted_hours"), norm_total=Sum("norm"))
        .order_by()
    )
    classes: dict[str, ClassRow] = {}
    for r in rows:
        c = classes.setdefault(r["class_name"], ClassRow(name=r["class_name"]))
        c.students += r["n"]
        c.by_status[r["status"]] += r["n"]
        if r["behind"]:
            c.behind += r["n"]
        c.counted_hours += r["counted"] or 0
        c.norm_hours += r["norm_total"] or 0
    return sorted(classes.values(), key=lambda c: c.name)


def school_totals(rows: list[ClassRow]) -> ClassRow:
    total = ClassRow(name="")
    for row in rows:
        total.add(row)
    return total


def school_students(
    school: School,
    *,
    status: str = "",
    class_name: str | None = None,
    behind: bool = False,
) -> QuerySet[Student]:
    """The students behind a count on the dashboard (the drill-down list)."""
    qs = with_status(current_students(school))
    if status:
        qs = qs.filter(status=status)  # type: ignore[misc]
    if class_name is not None:
        qs = qs.filter(class_name=class_name)
    if behind:
        qs = qs.filter(behind=True)  # type: ignore[misc]
    return qs


def behind_students(school: School) -> QuerySet[Student]:
    """Falling behind, furthest behind first."""
    return (
        school_students(school, behind=True)
        .annotate(
            deficit=ExpressionWrapper(
                F("expected_hours") - F("verified_hours"), output_field=FloatField()
            )
        )
        .select_related("user")
        .order_by("-deficit", "class_name", "user__last_name")
    )


def reports_waiting(scope: Scope, school: School) -> QuerySet[Report]:
    """Reports waiting for the school's approval, oldest first (the access layer's own list,
    narrowed to this school)."""
    return (
        reports_to_review(scope)
        .filter(internship__student__school=school, internship__student__left_on__isnull=True)
        .select_related("internship__student__user")
        .order_by("submitted_at")
    )


# -- the broker --------------------------------------------------------------------------------


def area_q(codes: list[str]) -> Q:
    """A broker's students: at a school in its municipalities or living in one (as the
    access layer lets a broker see them), over the student's own columns so that PostgreSQL
    selects them by index first."""
    return Q(school_id__in=School.objects.filter(municipality_id__in=codes).values("pk")) | Q(
        home_postcode_id__in=PostcodeArea.objects.filter(municipality_id__in=codes).values("pk")
    )


def unplaced_students(scope: Scope, codes: list[str]) -> QuerySet[Student]:
    """Students without a place (``applications.selectors.students_without_place``) in the
    broker's area who have not reached the norm yet: the ones who need the broker."""
    return (
        with_progress(students_without_place(scope).filter(area_q(codes)).order_by())
        .annotate(norm=norm_expression())
        .filter(verified_hours__lt=F("norm"))  # type: ignore[misc]
    )


@dataclass
class SchoolUnplaced:
    school_id: int
    name: str
    municipality: str
    students: int
    unplaced: int

    @property
    def percent(self) -> int:
        return percent(self.unplaced, self.students)


def unplaced_by_school(scope: Scope, codes: list[str]) -> list[SchoolUnplaced]:
    unplaced = dict(
        unplaced_students(scope, codes)
        .values("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
    rows = (
        students_visible_to(scope)
        .filter(area_q(codes), left_on__isnull=True)
        .values("school_id", "school__name", "school__municipality__name")
        .annotate(n=Count("pk"))
        .order_by("school__name")
    )
    return [
        SchoolUnplaced(
            school_id=r["school_id"],
            name=r["school__name"],
            municipality=r["school__municipality__name"],
            students=r["n"],
            unplaced=unplaced.get(r["school_id"], 0),
        )
        for r in rows
    ]


@dataclass
class SectorRow:
    code: str
    name: str
    providers: int = 0
    placements: int = 0
    stale: int = 0
    seats: int = 0
    claimed: int = 0

    @property
    def free(self) -> int:
        return max(0, self.seats - self.claimed)


def sector_rows(codes: list[str], today: datetime.date | None = None) -> list[SectorRow]:
    """Per sector in these municipalities: providers, published placements (of which stale),
    seats in periods not yet over of findable placements, and how many are taken."""
    today = today or timezone.localdate()
    cutoff = stale_cutoff()
    rows = {
        s.code: SectorRow(code=s.code, name=sector_name(s.name_nl, s.name_en))
        for s in Sector.objects.all()
    }
    for sector, n in (
        Provider.objects.filter(municipality_id__in=codes)
        .exclude(kind=Provider.Kind.SCHOOL)
        .values("sector_id")
        .annotate(n=Count("pk"))
        .values_list("sector_id", "n")
    ):
        rows[sector].providers = n
    published = Placement.objects.published().filter(provider__municipality_id__in=codes)
    for sector, n, stale in (
        published.values("sector_id")
        .annotate(n=Count("pk"), stale=Count("pk", filter=Q(confirmed_at__lt=cutoff)))
        .values_list("sector_id", "n", "stale")
    ):
        rows[sector].placements = n
        rows[sector].stale = stale
    findable = Q(
        placement__status=Placement.Status.PUBLISHED,
        placement__confirmed_at__gte=cutoff,
        placement__review__in=REVIEW_PASSED,
        placement__provider__municipality_id__in=codes,
    )
    for sector, seats in (
        PlacementPeriod.objects.filter(findable, ends_on__gte=today)
        .values("placement__sector_id")
        .annotate(n=Sum("capacity"))
        .values_list("placement__sector_id", "n")
    ):
        rows[sector].seats = seats or 0
    for sector, n in (
        Application.objects.claiming()
        .filter(findable, period__ends_on__gte=today)
        .values("placement__sector_id")
        .annotate(n=Count("pk"))
        .values_list("placement__sector_id", "n")
    ):
        rows[sector].claimed = n
    return [r for r in rows.values() if r.providers or r.placements]


def sector_totals(rows: list[SectorRow]) -> SectorRow:
    total = SectorRow(code="", name="")
    for r in rows:
        total.providers += r.providers
        total.placements += r.placements
        total.stale += r.stale
        total.seats += r.seats
        total.claimed += r.claimed
    return total


def evaluations_by_provider(codes: list[str]) -> QuerySet:
    """Per provider in these municipalities: completed internships, students' grades (count,
    average) and the provider's own assessments. Aggregates, no students."""
    return (
        Internship.objects.filter(provider__municipality_id__in=codes)
        .exclude(provider__kind=Provider.Kind.SCHOOL)
        .values("provider_id", "provider__name")
        .annotate(
            completed=Count("pk", filter=Q(status=Internship.Status.COMPLETED)),
            evaluations=Count("student_evaluation"),
            average=Avg("student_evaluation__grade"),
            assessments=Count("provider_assessment"),
        )
        .filter(Q(evaluations__gt=0) | Q(assessments__gt=0))
        .order_by("-evaluations", "provider__name")
    )
