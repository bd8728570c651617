"""What the simulator knows of one region while it plays: the people who act (read once from
the database, as the pages would show them) and its own memory of what each person will do
(who never turns up, whose parent signs late, which supervisor never confirms). Everything
the platform decides is read back from the database every week, never kept here."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import time_machine
from django.db.models import Q

from stageplein.accounts.models import Membership, Role, User
from stageplein.applications.models import Application
from stageplein.demo.clock import moment
from stageplein.geo.models import PostcodeArea, Region
from stageplein.matching.selectors import broker_scope
from stageplein.organisations.models import Broker
from stageplein.placements.capacity import claimed_in_period
from stageplein.placements.models import REVIEW_PASSED, Placement, PlacementPeriod, stale_cutoff
from stageplein.planning.models import InternshipWindow
from stageplein.students.models import Student

GRID = 10  # cells of a tenth of a degree (about 11 by 7 km) for the search by distance


@dataclass(frozen=True)
class Window:
    starts: datetime.date
    ends: datetime.date
    hours: int


@dataclass
class Pupil:
    student: Student
    window: Window | None
    lat: float | None
    lon: float | None
    interests: tuple[str, ...] = ()


@dataclass
class Fate:
    """Drawn once per internship, the first week the simulator sees it."""

    no_show: bool
    late_parent: bool


@dataclass
class OpenPeriod:
    period: PlacementPeriod
    placement: Placement
    free: int


@dataclass
class Area:
    region: Region
    school_year: int
    pupils: dict[int, Pupil]
    coordinators: dict[int, User]
    brokers: list[tuple[Broker, User]]
    gone: set[int] = field(default_factory=set)
    ill_until: dict[int, datetime.date] = field(default_factory=dict)
    fates: dict[int, Fate] = field(default_factory=dict)
    never_verified: set[int] = field(default_factory=set)
    seen_entries: set[int] = field(default_factory=set)
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    broker_round: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    mediation: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def name(self) -> str:
        return self.region.name

    def students(self) -> Q:
        return Q(student__school__region=self.region)

    def this_year(self, prefix: str = "") -> Q:
        start = datetime.date(self.school_year, 8, 1)
        end = datetime.date(self.school_year + 1, 7, 31)
        return Q(**{f"{prefix}period__ends_on__gte": start, f"{prefix}period__starts_on__lte": end})

    def acting(self, pk: int, today: datetime.date) -> bool:
        return pk not in self.gone and self.ill_until.get(pk, today) <= today

    def placed_and_open(self) -> tuple[set[int], set[int]]:
        """Students holding a seat this year, and students with a reaction still waiting."""
        placed: set[int] = set()
        waiting: set[int] = set()
        for student_id, status in (
            Application.objects.filter(self.students(), self.this_year())
            .filter(status__in=["submitted", "accepted", "approved"])
            .values_list("student_id", "status")
        ):
            (waiting if status == "submitted" else placed).add(student_id)
        return placed, waiting

    def open_periods(self, today: datetime.date) -> dict[tuple[int, int], list[OpenPeriod]]:
        """What a student finds in the vacancy bank today, by grid cell: published, findable
        (not stale, provider approved) placements of the region with a period not yet over and
        a free seat."""
        cells: dict[tuple[int, int], list[OpenPeriod]] = defaultdict(list)
        periods = (
            PlacementPeriod.objects.filter(
                placement__provider__region=self.region,
                placement__status=Placement.Status.PUBLISHED,
                placement__confirmed_at__gte=stale_cutoff(),
                placement__provider__review_status="approved",
                placement__review__in=REVIEW_PASSED,
                ends_on__gte=today,
            )
            .annotate(claimed=claimed_in_period())
            .select_related("placement__contact")
            .order_by("starts_on", "pk")
        )
        for period in periods:
            free = period.capacity - period.claimed
            placement = period.placement
            if free > 0 and placement.lat is not None and placement.lon is not None:
                cells[cell(placement.lat, placement.lon)].append(
                    OpenPeriod(period, placement, free)
                )
        return cells


def cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat * GRID), math.floor(lon * GRID)


def load_area(region: Region, school_year: int) -> Area:
    windows: dict[tuple[int, int, str], Window] = {}
    for w in InternshipWindow.objects.filter(
        school__region=region, school_year=school_year, class_name=""
    ).order_by("starts_on", "pk"):
        windows.setdefault(
            (w.school_id, w.year, w.level), Window(w.starts_on, w.ends_on, w.hours_per_student)
        )
    students = list(
        Student.objects.filter(school__region=region, left_on__isnull=True)
        .select_related("user", "school", "mentor")
        .order_by("pk")
    )
    places = {
        pc4: (lat, lon)
        for pc4, lat, lon in PostcodeArea.objects.filter(
            pc4__in={s.home_postcode_id for s in students if s.home_postcode_id}
        ).values_list("pc4", "lat", "lon")
    }
    interests: dict[int, list[str]] = defaultdict(list)
    for student_id, sector_id in (
        Student.interests.through.objects.filter(student__school__region=region)
        .order_by("pk")
        .values_list("student_id", "sector_id")
    ):
        interests[student_id].append(sector_id)
    pupils = {}
    for s in students:
        window = windows.get((s.school_id, s.year, s.level)) or windows.get(
            (s.school_id, s.year, "")
        )
        lat, lon = places.get(s.home_postcode_id or "", (None, None))
        pupils[s.pk] = Pupil(s, window, lat, lon, tuple(interests.get(s.pk, ())))
    coordinators = {
        m.school_id: m.user
        for m in Membership.objects.filter(role=Role.COORDINATOR, school__region=region)
        .select_related("user")
        .order_by("-pk")
    }
    brokers = []
    for broker in Broker.objects.filter(region=region).order_by("pk"):
        m = (
            Membership.objects.filter(role=Role.BROKER, broker=broker)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if m is not None:
            brokers.append((broker, m.user))
    return Area(region, school_year, pupils, {k: u for k, u in coordinators.items() if k}, brokers)


def broker_scopes(area: Area) -> list[tuple[Broker, User, object]]:
    return [(b, u, broker_scope(b, u.pk)) for b, u in area.brokers]


class Clock:
    """The simulated time. Each action moves it on by a second, so reactions sent in one
    simulated hour still have an order (R-MATCH-4 is decided by it)."""

    def __init__(self) -> None:
        self.now = moment(datetime.date(2000, 1, 1), 0)
        self._traveller: time_machine.Traveller | None = None

    @contextmanager
    def running(self) -> Iterator[None]:
        with time_machine.travel(self.now, tick=False) as traveller:
            self._traveller = traveller
            try:
                yield
            finally:
                self._traveller = None

    def set(self, day: datetime.date, hour: int) -> None:
        self.now = moment(day, hour)
        self._move()

    def tick(self) -> datetime.datetime:
        self.now += datetime.timedelta(seconds=1)
        self._move()
        return self.now

    def _move(self) -> None:
        if self._traveller is not None:
            self._traveller.move_to(self.now)
