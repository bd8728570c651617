"""Step 2 of the candidate pipeline: the open periods of findable placements around the
students (one query), with the seats they hold and are asked for (one query) and the
providers' intake this week, as NumPy columns (index = the problem's period index)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.db.models import Count
from django.utils import timezone

from stageplein.applications.models import Application, Status, WaitingListEntry, WaitStatus
from stageplein.applications.services.seats import week_bounds
from stageplein.geo.distance import degrees_around
from stageplein.matching.candidates.students import HOLIDAY_REGIONS, Students
from stageplein.matching.candidates.types import LEVELS, NEED_PAIR, NEED_TEACHER, ids_in
from stageplein.organisations.models import Provider
from stageplein.placements.models import LEVEL_FIELDS, Placement, PlacementPeriod
from stageplein.planning.models import SchoolHoliday


@dataclass
class Periods:
    """The periods sorted by placement (a placement's periods are one run of columns)."""

    pk: npt.NDArray[np.int64]
    placement: npt.NDArray[np.int64]
    provider: npt.NDArray[np.int64]
    sector: list[str]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    start: npt.NDArray[np.int64]  # ordinal
    end: npt.NDArray[np.int64]
    from_day: npt.NDArray[np.int64]  # ordinal of the day a student would start (>= today)
    holidays: list[tuple[int, int, int]]  # (index in HOLIDAY_REGIONS, first, last ordinal)
    min_age: npt.NDArray[np.int32]
    offers: npt.NDArray[np.int8]  # NEED_TEACHER | NEED_PAIR
    own_school: npt.NDArray[np.int64]  # the school whose own placement it is, -1: none
    levels: npt.NDArray[np.bool_]  # [period, level]
    day_y: npt.NDArray[np.int32]  # the day a student would start: the period's first day,
    day_md: npt.NDArray[np.int32]  # or today when it has begun
    free: npt.NDArray[np.int64]  # seats nobody holds or asked for
    intake_left: dict[int, int]  # capped provider -> new students it may still take this week
    intake_ok: npt.NDArray[np.bool_]

    @property
    def m(self) -> int:
        return len(self.pk)


def _query(
    students: Students, today: datetime.date, year_end: datetime.date, now: datetime.datetime
) -> list[tuple]:
    """The periods within reach of any student: a box around all of them first (an index
    filter); the exact distance per student comes later."""
    known = students.known
    if not known.any():
        return []
    s_lat, s_lon = students.lat, students.lon
    reach = float(students.max_km[known].max())
    dlat, dlon = degrees_around(reach, float(np.nanmax(np.abs(s_lat))))
    level_columns = [f"placement__{LEVEL_FIELDS[lvl]}" for lvl in LEVELS]
    return list(
        PlacementPeriod.objects.filter(
            placement__in=Placement.objects.findable(now),
            ends_on__gte=today,
            starts_on__lte=year_end,
            placement__lat__range=(np.nanmin(s_lat) - dlat, np.nanmax(s_lat) + dlat),
            placement__lon__range=(np.nanmin(s_lon) - dlon, np.nanmax(s_lon) + dlon),
        )
        .order_by("placement_id", "starts_on", "pk")
        .values_list(
            "pk",
            "placement_id",
            "placement__provider_id",
            "placement__sector_id",
            "placement__postcode_id",
            "placement__lat",
            "placement__lon",
            "starts_on",
            "ends_on",
            "capacity",
            "placement__min_age",
            "placement__teacher_welcome",
            "placement__pairs_welcome",
            "placement__kind",
            "placement__provider__kind",
            "placement__provider__school_id",
            "placement__provider__weekly_intake_cap",
            *level_columns,
        )
    )


def _free_seats(
    p_pk: npt.NDArray[np.int64], p_capacity: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], dict[int, int]]:
    """Seats nobody holds or asked for, and per provider the reactions still waiting for it."""
    held: dict[int, int] = defaultdict(int)
    waiting_at_provider: dict[int, int] = defaultdict(int)
    if len(p_pk):
        for period_id, provider_id, status, count in (
            Application.objects.active()
            .filter(period_id__in=ids_in(p_pk.tolist()))
            .values_list("period_id", "placement__provider_id", "status")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            # Seats claimed and seats asked for by students who reacted themselves: theirs go
            # first (R-MATCH-1, R-MATCH-4), the matching only divides what nobody asked for.
            held[period_id] += count
            if status == Status.SUBMITTED:
                waiting_at_provider[provider_id] += count
        # A seat offered to the first on a waiting list is held until its deadline (R-PLACE-8).
        for period_id, count in (
            WaitingListEntry.objects.filter(
                period_id__in=ids_in(p_pk.tolist()),
                status=WaitStatus.OFFERED,
                offer_expires_at__gt=timezone.now(),
            )
            .values_list("period_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            held[period_id] += count
    p_free = np.maximum(
        0, p_capacity - np.array([held[pk] for pk in p_pk.tolist()], dtype=np.int64)
    )
    return p_free, waiting_at_provider


def _intake_left(
    caps: dict[int, int], waiting_at_provider: dict[int, int], now: datetime.datetime
) -> dict[int, int]:
    """New students each capped provider may still take this week: its cap minus the
    reactions accepted this week and those still waiting for it."""
    if not caps:
        return {}
    start, end = week_bounds(now)
    accepted = dict(
        Application.objects.claiming()
        .filter(
            placement__provider_id__in=list(caps),
            accepted_at__gte=start,
            accepted_at__lt=end,
        )
        .values_list("placement__provider_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        pid: max(0, cap - accepted.get(pid, 0) - waiting_at_provider.get(pid, 0))
        for pid, cap in caps.items()
    }


def load_holidays(today: datetime.date) -> list[tuple[int, int, int]]:
    """The school holidays not yet over, per holiday region (R-PLAN-5; a handful of rows)."""
    return [
        (HOLIDAY_REGIONS.index(region), starts_on.toordinal(), ends_on.toordinal())
        for region, starts_on, ends_on in SchoolHoliday.objects.filter(
            ends_on__gte=today
        ).values_list("holiday_region", "starts_on", "ends_on")
        if region in HOLIDAY_REGIONS
    ]


def load_periods(
    students: Students, *, today: datetime.date, year_end: datetime.date, now: datetime.datetime
) -> Periods:
    periods = _query(students, today, year_end, now)
    m = len(periods)
    p_pk = np.array([p[0] for p in periods], dtype=np.int64)
    p_provider = np.array([p[2] for p in periods], dtype=np.int64)
    p_capacity = np.array([p[9] for p in periods], dtype=np.int64)
    # The day a student would start: the period's first day, or today when it has begun.
    start_days = [max(p[7], today) for p in periods]
    p_free, waiting_at_provider = _free_seats(p_pk, p_capacity)
    caps = {p[2]: p[16] for p in periods if p[16]}
    intake_left = _intake_left(caps, waiting_at_provider, now)
    p_end = np.array([p[8].toordinal() for p in periods], dtype=np.int64)
    from_day = np.array([d.toordinal() for d in start_days], dtype=np.int64)
    return Periods(
        pk=p_pk,
        placement=np.array([p[1] for p in periods], dtype=np.int64),
        provider=p_provider,
        sector=[p[3] for p in periods],
        lat=np.array([p[5] for p in periods], dtype=np.float64),
        lon=np.array([p[6] for p in periods], dtype=np.float64),
        start=np.array([p[7].toordinal() for p in periods], dtype=np.int64),
        end=p_end,
        from_day=from_day,
        holidays=load_holidays(today),
        min_age=np.array([p[10] for p in periods], dtype=np.int32),
        offers=np.array(
            [
                (NEED_TEACHER if p[11] else 0)
                | (NEED_PAIR if p[12] or p[13] == Placement.Kind.GROUP else 0)
                for p in periods
            ],
            dtype=np.int8,
        ),
        own_school=np.array(
            [p[15] if p[14] == Provider.Kind.SCHOOL and p[15] else -1 for p in periods],
            dtype=np.int64,
        ),
        levels=np.array([p[17:21] for p in periods], dtype=bool).reshape(m, len(LEVELS)),
        day_y=np.array([d.year for d in start_days], dtype=np.int32),
        day_md=np.array([d.month * 100 + d.day for d in start_days], dtype=np.int32),
        free=p_free,
        intake_left=intake_left,
        intake_ok=np.array([intake_left.get(int(pid), 1) > 0 for pid in p_provider], dtype=bool),
    )
