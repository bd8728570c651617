"""From the database to the allocation problem: which placement-periods suit which student, at
what cost, and, for every student, how many placements each rule left over (the explanations
are made from those counts, see explain.py).

Built for a region of 10,000 students: a fixed number of queries (students, interests,
windows, reactions, periods, seat counts, intake, school links), then NumPy on blocks of
students × all periods. Nothing here is stored: free seats are counted from the reactions.

A period suits a student when, in this order (the funnel, ``STEPS``):

``near``      its placement lies within the broker's distance for the student's level, from home
              (from school when the home postcode is unknown);
``level``     it is open to the student's level (and it is not another school's own placement);
``age``       the student is old enough on the day they would start;
``window``    it overlaps the student's window in the annual calendar (the rest of the school
              year when the group has no window, or its window is over);
``guidance``  it offers what the student needs (a teacher present, at least in pairs);
``new``       the student has no active reaction to that placement yet;
``seats``     it has a seat that nobody holds or asked for (capacity - claimed - waiting);
``intake``    its provider has not reached its weekly intake cap.

School level only chooses the distance; it never enters the cost or the order (R-MATCH-4).
"""

from __future__ import annotations

import datetime
import math
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.utils import timezone

from stageplein.applications.models import ACTIVE, OPEN, Application, Status
from stageplein.applications.services import week_bounds
from stageplein.core.schoolyear import current_school_year, school_year_bounds
from stageplein.geo.distance import EARTH_RADIUS_KM, centroids
from stageplein.matching.engine import AllocationProblem
from stageplein.organisations.models import Provider, SchoolLocation
from stageplein.placements.models import LEVEL_FIELDS, Placement, PlacementPeriod, SchoolLink
from stageplein.planning.models import InternshipWindow
from stageplein.planning.selectors import windows_for_students
from stageplein.students.models import Student

LEVELS = list(LEVEL_FIELDS)  # vmbo, havo, vwo, pro
STEPS = ("near", "level", "age", "window", "guidance", "new", "seats", "intake")
# A sector among the student's first three interests is 0, 1 or 2 steps down; any other is 3.
INTERESTS_COUNTED = 3
OTHER_STEP = 3
MAX_CANDIDATES = 30  # per student, best first: what the engine chooses from
KEPT_CANDIDATES = 8  # per student, kept with the proposal for the broker's hand changes
BLOCK = 512  # students per NumPy block: [512 × periods] arrays stay a few MB each
NEED_TEACHER, NEED_PAIR = 1, 2
NEEDS = {NEED_TEACHER: "teacher", NEED_PAIR: "pair"}
BIG = np.iinfo(np.int32).max
HOBBY_STOPWORDS = {"en", "de", "het", "een", "van", "met", "and", "the", "of", "graag", "veel"}


@dataclass(frozen=True)
class Weights:
    rank_weight: int
    km_weight: int
    link_bonus: int
    max_km: dict[str, int]

    @classmethod
    def from_dict(cls, d: dict[str, int]) -> Weights:
        return cls(
            rank_weight=int(d["rank_weight"]),
            km_weight=int(d["km_weight"]),
            link_bonus=int(d["link_bonus"]),
            max_km={level: int(d[f"max_km_{level}"]) for level in LEVELS},
        )

    def cost(self, step: int, km: float, linked: bool) -> int:
        """The cost of one pair: also what the review page shows next to each option."""
        return (
            self.rank_weight * step
            + round(self.km_weight * km)
            + (0 if linked else self.link_bonus)
        )


class StudentRow(NamedTuple):
    """The student columns the candidates need (model instances cost more than the rest)."""

    pk: int
    school_id: int
    year: int
    level: str
    class_name: str
    date_of_birth: datetime.date
    home_postcode_id: str | None
    location_pc4: str | None
    needs_teacher_present: bool
    needs_pair: bool
    hobbies: str


def ids_in(ids: list[int]) -> list[int] | RawSQL:
    """``pk__in`` for thousands of ids: on PostgreSQL one array parameter instead of one
    placeholder each (the query text of 10,000 placeholders alone takes longer than the
    query)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return list(ids)


@dataclass
class StudentFacts:
    """What the explanations need to know about one student (stored with the proposal)."""

    pk: int
    level: str
    origin: str | None  # "home", "school" or None (no postcode known)
    max_km: int
    window: dict[str, Any]
    needs: list[str]
    interests: list[str]
    hobbies: list[str]
    open_reactions: int

    def as_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "origin": self.origin,
            "max_km": self.max_km,
            "window": self.window,
            "needs": self.needs,
            "interests": self.interests,
            "hobbies": self.hobbies,
            "open_reactions": self.open_reactions,
        }


@dataclass
class CandidateSet:
    """The allocation problem plus everything needed to explain and save its outcome."""

    problem: AllocationProblem
    students: list[StudentFacts]
    period_pk: npt.NDArray[np.int64]
    placement_pk: npt.NDArray[np.int64]
    provider_pk: npt.NDArray[np.int64]
    sector: list[str]  # per period
    free: npt.NDArray[np.int64]  # seats for matching, per period
    intake_left: dict[int, int]  # capped provider -> new students it may still take this week
    # Per candidate pair (aligned with problem.candidates): the facts behind its cost.
    pair_step: npt.NDArray[np.int16]
    pair_interest: npt.NDArray[np.int16]  # position among interests, -1 when none
    pair_km: npt.NDArray[np.float32]
    pair_linked: npt.NDArray[np.bool_]
    pair_hobby: list[str]  # the hobby word the placement matched, "" when none
    # Per student and funnel step: placements left after that rule (STEPS order).
    funnel: npt.NDArray[np.int32]
    # Per student: the sectors of the placements that were left before "seats" (for "all five
    # nearby care placements are full").
    full_sectors: dict[int, list[str]]
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def n_students(self) -> int:
        return len(self.students)


# -- loading -------------------------------------------------------------------------------------


def hobby_words(hobbies: str) -> list[str]:
    """ "voetbal, tekenen en koken" → ["voetbal", "tekenen", "koken"]; short words are noise."""
    words = re.split(r"[\s,;/+&]+", hobbies.lower())
    return [w for w in dict.fromkeys(words) if len(w) >= 4 and w not in HOBBY_STOPWORDS][:5]


def _window_facts(
    window: InternshipWindow | None, today: datetime.date, year_end: datetime.date
) -> tuple[dict[str, Any], datetime.date, datetime.date]:
    """The dates a period must overlap, and how to say it. A group without a window, or whose
    window is over, may still be placed in the rest of the school year."""
    rest = {"kind": "none", "until": year_end.isoformat()}
    if window is None:
        return rest, today, year_end
    first, last = window.weeks
    facts = {
        "first_week": first,
        "last_week": last,
        "starts": window.starts_on.isoformat(),
        "ends": window.ends_on.isoformat(),
    }
    if window.ends_on < today:
        return {**rest, "kind": "over", **facts}, today, year_end
    return {"kind": "window", **facts}, window.starts_on, window.ends_on


def _haversine_matrix(
    lat1: npt.NDArray[np.float64],
    lon1: npt.NDArray[np.float64],
    lat2: npt.NDArray[np.float64],
    lon2: npt.NDArray[np.float64],
) -> npt.NDArray[np.float32]:
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dphi = p2 - p1
    dlmb = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return (2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))).astype(np.float32)


def _ymd(day: datetime.date) -> tuple[int, int]:
    return day.year, day.month * 100 + day.day


class _Clock:
    """Seconds per phase of the candidate generation (for the run's stats and the bench)."""

    def __init__(self) -> None:
        self.t = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> dict[str, float]:
        now = time.perf_counter()
        self.laps[name] = round(now - self.t, 3)
        self.t = now
        return self.laps


PAIR_FIELDS = ("cand", "cost", "step", "interest", "km", "linked", "hobby")
PAIR_DTYPES = (np.int32, np.int32, np.int16, np.int16, np.float32, np.bool_, np.bool_)


def _count_placements(mask: npt.NDArray[np.bool_], starts: npt.NDArray[np.intp]) -> npt.NDArray:
    """Distinct placements per row: periods are sorted by placement, so OR over each run."""
    if mask.shape[1] == 0:
        return np.zeros(mask.shape[0], dtype=np.int32)
    return np.logical_or.reduceat(mask, starts, axis=1).sum(axis=1, dtype=np.int32)


def build_candidates(
    *,
    student_ids: list[int],
    weights: Weights,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CandidateSet:
    """Candidates for the students. The order given is the waiting order: it becomes the
    problem's student index and the stable mode's priority (never school level, R-MATCH-4).
    Students that no longer exist are left out."""
    now = now or timezone.now()
    today = today or timezone.localdate()
    school_year = current_school_year()
    year_end = school_year_bounds(school_year)[1]
    table = centroids()

    clock = _Clock()
    # 1. The students, their interests, windows and reactions (one query each).
    wanted = ids_in(student_ids)
    by_pk = {
        row[0]: StudentRow(*row)
        for row in Student.objects.filter(pk__in=wanted).values_list(
            "pk",
            "school_id",
            "year",
            "level",
            "class_name",
            "date_of_birth",
            "home_postcode_id",
            "location__postcode_id",
            "needs_teacher_present",
            "needs_pair",
            "hobbies",
        )
    }
    students = [by_pk[pk] for pk in student_ids if pk in by_pk]
    n = len(students)
    school_pc4: dict[int, str] = {}
    for school_id, pc4 in (
        SchoolLocation.objects.filter(school_id__in={s.school_id for s in students})
        .order_by("-pk")
        .values_list("school_id", "postcode_id")
    ):
        school_pc4[school_id] = pc4  # the first location wins (ordered by -pk)
    interests: dict[int, list[str]] = defaultdict(list)
    for student_id, sector_id in (
        Student.interests.through.objects.filter(student_id__in=wanted)
        .order_by("pk")
        .values_list("student_id", "sector_id")
    ):
        interests[student_id].append(sector_id)  # in the order they were chosen
    # windows_for_students reads pk, school_id, year, level and class_name only.
    windows = windows_for_students(cast(list[Student], students), school_year)
    reacted: dict[int, set[int]] = defaultdict(set)
    open_count: dict[int, int] = defaultdict(int)
    for student_id, placement_id, status in Application.objects.filter(
        student_id__in=wanted, status__in=ACTIVE
    ).values_list("student_id", "placement_id", "status"):
        reacted[student_id].add(placement_id)
        if status in OPEN:
            open_count[student_id] += 1
    max_open = settings.APPLICATION_MAX_OPEN

    clock.lap("students")
    facts: list[StudentFacts] = []
    s_lat = np.full(n, np.nan)
    s_lon = np.full(n, np.nan)
    s_level = np.zeros(n, dtype=np.int8)
    s_maxkm = np.zeros(n, dtype=np.float32)
    s_birth_y = np.zeros(n, dtype=np.int32)
    s_birth_md = np.zeros(n, dtype=np.int32)
    s_win_start = np.zeros(n, dtype=np.int64)
    s_win_end = np.zeros(n, dtype=np.int64)
    s_needs = np.zeros(n, dtype=np.int8)
    s_blocked = np.zeros(n, dtype=bool)  # open-reaction limit reached
    for i, s in enumerate(students):
        origin = None
        code = s.home_postcode_id
        if code and code in table:
            origin = "home"
        else:
            code = s.location_pc4 or school_pc4.get(s.school_id)
            origin = "school" if code and code in table else None
        if origin is not None:
            s_lat[i], s_lon[i] = table[str(code)]
        s_level[i] = LEVELS.index(s.level)
        s_maxkm[i] = weights.max_km[s.level]
        s_birth_y[i], s_birth_md[i] = _ymd(s.date_of_birth)
        window_facts, w_start, w_end = _window_facts(windows.get(s.pk), today, year_end)
        s_win_start[i], s_win_end[i] = w_start.toordinal(), w_end.toordinal()
        needs = (NEED_TEACHER if s.needs_teacher_present else 0) | (
            NEED_PAIR if s.needs_pair else 0
        )
        s_needs[i] = needs
        s_blocked[i] = open_count[s.pk] >= max_open
        facts.append(
            StudentFacts(
                pk=s.pk,
                level=s.level,
                origin=origin,
                max_km=weights.max_km[s.level],
                window=window_facts,
                needs=[name for bit, name in NEEDS.items() if needs & bit],
                interests=interests.get(s.pk, []),
                hobbies=hobby_words(s.hobbies),
                open_reactions=open_count[s.pk],
            )
        )

    clock.lap("facts")
    # 2. The open periods of findable placements around these students (one query), with the
    # seats they hold and are asked for (one query) and the providers' intake this week.
    known = ~np.isnan(s_lat)
    periods: list[tuple] = []
    if known.any():
        reach = float(s_maxkm[known].max())
        dlat = reach / 111.0
        dlon = reach / (111.32 * max(0.01, math.cos(math.radians(float(np.nanmax(np.abs(s_lat)))))))
        level_columns = [f"placement__{LEVEL_FIELDS[lvl]}" for lvl in LEVELS]
        periods = list(
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
    m = len(periods)
    p_pk = np.array([p[0] for p in periods], dtype=np.int64)
    p_placement = np.array([p[1] for p in periods], dtype=np.int64)
    p_provider = np.array([p[2] for p in periods], dtype=np.int64)
    p_sector = [p[3] for p in periods]
    p_lat = np.array([p[5] for p in periods], dtype=np.float64)
    p_lon = np.array([p[6] for p in periods], dtype=np.float64)
    p_start = np.array([p[7].toordinal() for p in periods], dtype=np.int64)
    p_end = np.array([p[8].toordinal() for p in periods], dtype=np.int64)
    p_capacity = np.array([p[9] for p in periods], dtype=np.int64)
    p_min_age = np.array([p[10] for p in periods], dtype=np.int32)
    p_offers = np.array(
        [
            (NEED_TEACHER if p[11] else 0)
            | (NEED_PAIR if p[12] or p[13] == Placement.Kind.GROUP else 0)
            for p in periods
        ],
        dtype=np.int8,
    )
    p_own_school = np.array(
        [p[15] if p[14] == Provider.Kind.SCHOOL and p[15] else -1 for p in periods], dtype=np.int64
    )
    p_levels = np.array([p[17:21] for p in periods], dtype=bool).reshape(m, len(LEVELS))
    # The day a student would start: the period's first day, or today when it has begun.
    start_days = [max(p[7], today) for p in periods]
    p_day_y = np.array([d.year for d in start_days], dtype=np.int32)
    p_day_md = np.array([d.month * 100 + d.day for d in start_days], dtype=np.int32)

    held: dict[int, int] = defaultdict(int)
    waiting_at_provider: dict[int, int] = defaultdict(int)
    if m:
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
    p_free = np.maximum(
        0, p_capacity - np.array([held[pk] for pk in p_pk.tolist()], dtype=np.int64)
    )
    caps = {p[2]: p[16] for p in periods if p[16]}
    intake_left: dict[int, int] = {}
    if caps:
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
        intake_left = {
            pid: max(0, cap - accepted.get(pid, 0) - waiting_at_provider.get(pid, 0))
            for pid, cap in caps.items()
        }
    p_intake_ok = np.array([intake_left.get(int(pid), 1) > 0 for pid in p_provider], dtype=bool)

    clock.lap("periods")
    # 3. School links this year (R-MATCH-6) and schools' own placements, as a mask per school.
    schools = sorted({s.school_id for s in students})
    school_row = {school_id: k for k, school_id in enumerate(schools)}
    s_school = np.array([school_row[s.school_id] for s in students], dtype=np.int32)
    link_mask = np.zeros((len(schools), m), dtype=bool)
    if m and schools:
        for school_id, provider_id, placement_id in SchoolLink.objects.filter(
            school_id__in=schools, school_year=school_year
        ).values_list("school_id", "provider_id", "placement_id"):
            row = link_mask[school_row[school_id]]
            if placement_id is None:
                row |= p_provider == provider_id
            else:
                row |= p_placement == placement_id
    own_ok = np.ones((len(schools), m), dtype=bool)
    if m and (p_own_school >= 0).any():
        for k, school_id in enumerate(schools):
            own_ok[k] = (p_own_school < 0) | (p_own_school == school_id)

    # Distances between the distinct origins and the distinct placement postcodes.
    o_keys = {(float(a), float(b)) for a, b in zip(s_lat[known], s_lon[known], strict=True)}
    origins = sorted(o_keys)
    o_index = {o: k for k, o in enumerate(origins)}
    s_origin = np.array(
        [
            o_index[(float(a), float(b))] if ok else -1
            for a, b, ok in zip(s_lat, s_lon, known, strict=True)
        ],
        dtype=np.int64,
    )
    q_keys = sorted({(float(a), float(b)) for a, b in zip(p_lat, p_lon, strict=True)})
    q_index = {q: k for k, q in enumerate(q_keys)}
    p_q = np.array(
        [q_index[(float(a), float(b))] for a, b in zip(p_lat, p_lon, strict=True)], dtype=np.int64
    )
    if origins and q_keys:
        dist = _haversine_matrix(
            np.array([o[0] for o in origins]),
            np.array([o[1] for o in origins]),
            np.array([q[0] for q in q_keys]),
            np.array([q[1] for q in q_keys]),
        )
    else:
        dist = np.zeros((len(origins), len(q_keys)), dtype=np.float32)

    # Interests as steps per (student, sector) and hobby words as masks over periods.
    sector_codes = sorted(set(p_sector))
    sector_index = {code: k for k, code in enumerate(sector_codes)}
    p_sector_idx = np.array([sector_index[c] for c in p_sector], dtype=np.int64)
    placement_text: dict[int, str] = {}
    if m and any(f.hobbies for f in facts):
        placement_text = dict(
            Placement.objects.filter(pk__in=set(p_placement.tolist())).values_list(
                "pk", "search_text"
            )
        )
    period_text = [placement_text.get(int(pk), "") for pk in p_placement]
    word_masks: dict[str, npt.NDArray[np.bool_]] = {}

    def word_mask(word: str) -> npt.NDArray[np.bool_]:
        if word not in word_masks:
            word_masks[word] = np.fromiter((word in t for t in period_text), dtype=bool, count=m)
        return word_masks[word]

    def col_starts(cols: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
        """Where each placement's run of periods begins among these (sorted) columns."""
        placement = p_placement[cols]
        return np.flatnonzero(np.r_[True, placement[1:] != placement[:-1]])

    reacted_cols: dict[int, npt.NDArray[np.intp]] = {}
    if reacted and m:
        by_placement: dict[int, list[int]] = defaultdict(list)
        for col, placement_pk in enumerate(p_placement.tolist()):
            by_placement[placement_pk].append(col)
        for i, f in enumerate(facts):
            done = reacted.get(f.pk)
            if done:
                found = [c for pk in done for c in by_placement.get(pk, [])]
                reacted_cols[i] = np.array(found, dtype=np.intp)
    s_interest = np.full((n, len(sector_codes)), -1, dtype=np.int16)  # position, -1: none
    for i, f in enumerate(facts):
        for pos, code in enumerate(f.interests[:INTERESTS_COUNTED]):
            sector_col = sector_index.get(code)
            if sector_col is not None and s_interest[i, sector_col] < 0:
                s_interest[i, sector_col] = pos

    def masks(rows: npt.NDArray[np.intp], cols: npt.NDArray[np.intp], every_step: bool):
        """The rules of STEPS for these students over these periods, one after the other:
        the last mask only, or (``every_step``) the mask after each rule."""
        found = []
        km = dist[s_origin[rows]][:, p_q[cols]]
        mask = km <= s_maxkm[rows, None]
        mask[s_blocked[rows]] = False  # no new reaction possible: nothing counts
        found.append(mask.copy() if every_step else None)
        mask &= p_levels[cols][:, s_level[rows]].T & own_ok[s_school[rows]][:, cols]
        found.append(mask.copy() if every_step else None)
        age = (
            p_day_y[cols][None, :]
            - s_birth_y[rows, None]
            - (p_day_md[cols][None, :] < s_birth_md[rows, None])
        )
        mask &= age >= p_min_age[cols][None, :]
        found.append(mask.copy() if every_step else None)
        mask &= (p_start[cols][None, :] <= s_win_end[rows, None]) & (
            s_win_start[rows, None] <= p_end[cols][None, :]
        )
        found.append(mask.copy() if every_step else None)
        mask &= (s_needs[rows, None] & ~p_offers[cols][None, :]) == 0
        found.append(mask.copy() if every_step else None)
        if reacted_cols:
            position = np.full(m, -1, dtype=np.intp)
            position[cols] = np.arange(len(cols))
            for r, i in enumerate(rows.tolist()):
                done = reacted_cols.get(i)
                if done is not None:
                    hit = position[done]
                    mask[r, hit[hit >= 0]] = False
        found.append(mask.copy() if every_step else None)
        mask &= (p_free[cols] > 0)[None, :]
        found.append(mask.copy() if every_step else None)
        mask &= p_intake_ok[cols][None, :]
        found.append(mask)
        return (found if every_step else mask), km

    clock.lap("links and distances")
    # 4. Students in blocks of neighbours, each block against the periods within its reach
    # only: the arrays stay small however big the region is.
    funnel = np.zeros((n, len(STEPS)), dtype=np.int32)
    full_sectors: dict[int, list[str]] = {}
    block_rows: list[npt.NDArray] = []
    block_pairs: list[dict[str, npt.NDArray]] = []
    counts = np.zeros(n, dtype=np.int64)
    # A block: the students of one postcode area with the same distance limit (the same
    # reach), at most BLOCK of them.
    groups: dict[tuple[int, float], list[int]] = defaultdict(list)
    for i in np.flatnonzero(s_origin >= 0).tolist():
        groups[(int(s_origin[i]), float(s_maxkm[i]))].append(i)
    blocks = [
        members[k : k + BLOCK] for members in groups.values() for k in range(0, len(members), BLOCK)
    ]
    done_count = 0
    for members in blocks:
        rows = np.array(members, dtype=np.intp)
        origin_row = dist[int(s_origin[rows[0]])] if m else np.zeros(0, dtype=np.float32)
        cols = np.flatnonzero(origin_row[p_q] <= s_maxkm[rows[0]]) if m else np.zeros(0, np.intp)
        if cols.size:
            mask, km = masks(rows, cols, every_step=False)
        else:
            mask = np.zeros((len(rows), 0), dtype=bool)
            km = np.zeros((len(rows), 0), dtype=np.float32)
        # Cost: steps down the interests (a hobby match is one step better), km, school link.
        interest = s_interest[rows][:, p_sector_idx[cols]]
        step = np.where(interest >= 0, interest, OTHER_STEP).astype(np.int16)
        hobby = np.zeros(mask.shape, dtype=bool)
        with_word: dict[str, list[int]] = defaultdict(list)
        for r, i in enumerate(rows.tolist()):
            for word in facts[i].hobbies:
                with_word[word].append(r)
        for word, word_rows in with_word.items():
            hobby[word_rows] |= word_mask(word)[cols][None, :]
        step = np.maximum(0, step - hobby).astype(np.int16)
        linked = link_mask[s_school[rows]][:, cols]
        cost = (
            weights.rank_weight * step.astype(np.int64)
            + np.rint(weights.km_weight * km).astype(np.int64)
            + np.where(linked, 0, weights.link_bonus)
        )
        # Best first: by cost, then nearer, then the older period (its pk). The block's
        # students share one origin, so the tie order is one ranking of the columns and the
        # key is unique: the cut at MAX_CANDIDATES is exact, whatever the block.
        tie = np.empty(cols.size, dtype=np.int64)
        tie[np.lexsort((p_pk[cols], km[0] if len(rows) else np.zeros(cols.size)))] = np.arange(
            cols.size
        )
        key = np.where(
            mask, np.minimum(cost, BIG - 1) * (cols.size + 1) + tie, np.iinfo(np.int64).max
        )
        k_keep = min(MAX_CANDIDATES, cols.size)
        if k_keep and k_keep < cols.size:
            top = np.argpartition(key, k_keep - 1, axis=1)[:, :k_keep]
        else:
            top = np.broadcast_to(np.arange(cols.size), (len(rows), cols.size)).copy()
        top = np.take_along_axis(
            top, np.argsort(np.take_along_axis(key, top, axis=1), axis=1), axis=1
        )
        valid = np.take_along_axis(mask, top, axis=1)
        c_top = np.take_along_axis(cost, top, axis=1)
        counts[rows] = valid.sum(axis=1)
        picked = {
            "cand": cols[top],
            "cost": c_top,
            "step": np.take_along_axis(step, top, axis=1),
            "interest": np.take_along_axis(interest, top, axis=1),
            "km": np.take_along_axis(km, top, axis=1),
            "linked": np.take_along_axis(linked, top, axis=1),
            "hobby": np.take_along_axis(hobby, top, axis=1),
        }
        block_rows.append(rows)
        block_pairs.append({k: v[valid] for k, v in picked.items()})  # row by row, best first
        # The funnel (why no place) only for students left without any candidate.
        empty = np.flatnonzero(~valid.any(axis=1)) if valid.size else np.arange(len(rows))
        if empty.size and cols.size:
            steps_masks, _km = masks(rows[empty], cols, every_step=True)
            for k, step_mask in enumerate(steps_masks):
                funnel[rows[empty], k] = _count_placements(step_mask, col_starts(cols))
            before_seats = steps_masks[STEPS.index("new")]
            counted = funnel[rows[empty]]
            full = (counted[:, STEPS.index("seats")] == 0) & (counted[:, STEPS.index("new")] > 0)
            for e in np.flatnonzero(full):
                hit = cols[before_seats[e]]
                first = hit[np.r_[True, p_placement[hit[1:]] != p_placement[hit[:-1]]]]
                full_sectors[int(rows[empty][e])] = list(dict.fromkeys(p_sector[c] for c in first))
        done_count += len(rows)
        if progress:
            progress(done_count, n)
    if progress and done_count < n:
        progress(n, n)  # students without a postcode have no block

    clock.lap("blocks")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    # The blocks went neighbourhood by neighbourhood: put the pairs back in student order
    # (a stable sort keeps each student's own order, best first).
    if block_rows:
        owner = np.repeat(np.concatenate(block_rows), counts[np.concatenate(block_rows)])
        into_order = np.argsort(owner, kind="stable")

    def joined(k: int) -> npt.NDArray:
        name, dtype = PAIR_FIELDS[k], PAIR_DTYPES[k]
        if not block_rows:
            return np.zeros(0, dtype=dtype)
        return np.concatenate([b[name] for b in block_pairs]).astype(dtype)[into_order]

    cand = joined(0)
    pair_cost = joined(1)
    pair_hobby_hit = joined(6)
    pair_student = np.repeat(np.arange(n), counts)
    pair_hobby = [""] * int(indptr[-1])
    for j in np.flatnonzero(pair_hobby_hit):
        text = period_text[int(cand[j])]
        pair_hobby[j] = next((w for w in facts[int(pair_student[j])].hobbies if w in text), "")
    capacity = (
        np.minimum(p_free, [intake_left.get(int(pid), 10**6) for pid in p_provider])
        if m
        else p_free
    )
    problem = AllocationProblem(
        capacity=np.asarray(capacity, dtype=np.int64),
        indptr=indptr,
        candidates=cand,
        cost=pair_cost,
        priority=np.arange(n, dtype=np.int64),
    )
    return CandidateSet(
        problem=problem,
        students=facts,
        period_pk=p_pk,
        placement_pk=p_placement,
        provider_pk=p_provider,
        sector=p_sector,
        free=p_free,
        intake_left=intake_left,
        pair_step=joined(2),
        pair_interest=joined(3),
        pair_km=joined(4),
        pair_linked=joined(5),
        pair_hobby=pair_hobby,
        funnel=funnel,
        full_sectors=full_sectors,
        stats={
            "seconds": clock.lap("assembling"),
            "students": n,
            "periods": m,
            "seats": int(p_free.sum()) if m else 0,
            "pairs": int(indptr[-1]),
        },
    )


# -- dividing the places -------------------------------------------------------------------------


@dataclass
class Allocation:
    """Per student: the index of the chosen pair in the candidate arrays, or -1."""

    edge: npt.NDArray[np.int64]
    n_placed: int
    total_cost: int
    rounds: int
    timings: dict[str, float]


def allocate_candidates(cset: CandidateSet, mode: str) -> Allocation:
    """Run the engine; then keep every provider within its weekly intake cap. The engine knows
    seats per period only, and a cap spans all of a provider's periods: when a provider got
    more students than it may take, the best of them (cheapest in ``optimal`` mode, earliest
    in the waiting order in ``stable`` mode) keep their places, the provider's periods are
    closed to anyone else and the rest is divided again. Each round settles at least one
    provider for good, so this ends."""
    from stageplein.matching.engine import allocate

    problem = cset.problem
    capacity = problem.capacity.copy()
    settled: set[int] = set()
    timings: dict[str, float] = {}
    rounds = 0
    while True:
        rounds += 1
        current = AllocationProblem(
            capacity=capacity.copy(),  # the problem freezes its arrays; ours changes per round
            indptr=problem.indptr,
            candidates=problem.candidates,
            cost=problem.cost,
            priority=problem.priority,
        )
        result = allocate(current, mode)  # type: ignore[arg-type]
        for name, seconds in result.timings.items():
            timings[name] = timings.get(name, 0.0) + seconds
        placed = np.flatnonzero(result.assignment >= 0)
        edge = np.full(problem.n_students, -1, dtype=np.int64)
        edge[placed] = problem.indptr[placed] + result.rank[placed]
        over = False
        if cset.intake_left:
            provider_of = cset.provider_pk[result.assignment[placed]]
            for pid, left in cset.intake_left.items():
                if pid in settled:
                    continue
                mine = placed[provider_of == pid]
                if len(mine) <= left:
                    continue
                over = True
                settled.add(pid)
                if mode == "optimal":
                    mine = mine[np.argsort(problem.cost[edge[mine]], kind="stable")]
                keep = mine[:left]  # ``placed`` is in student (= waiting) order already
                periods = cset.provider_pk == pid
                capacity[periods] = 0
                np.add.at(capacity, result.assignment[keep], 1)
        if not over:
            return Allocation(
                edge=edge,
                n_placed=int(placed.size),
                total_cost=int(problem.cost[edge[placed]].sum()),
                rounds=rounds,
                timings=timings,
            )
