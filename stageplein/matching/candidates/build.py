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
``window``    it gives the student two weeks (what is left of a shorter window, or half of a
              shorter period) inside their window in the annual calendar, from the day they
              would start and outside the school holidays of their holiday region (R-PLAN-5);
              the rest of the school year when the group has no window, or its window is over;
``guidance``  it offers what the student needs (a teacher present, at least in pairs);
``new``       the student has no active reaction to that placement yet;
``seats``     it has a seat that nobody holds or asked for (capacity - claimed - waiting);
``intake``    its provider has not reached its weekly intake cap.

School level only chooses the distance; it never enters the cost or the order (R-MATCH-4).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from django.utils import timezone

from stageplein.core.schoolyear import current_school_year, school_year_bounds
from stageplein.geo.distance import centroids
from stageplein.matching.candidates.periods import Periods, load_periods
from stageplein.matching.candidates.ranking import Ranked, rank_blocks
from stageplein.matching.candidates.rules import Funnel
from stageplein.matching.candidates.students import Students, load_students
from stageplein.matching.candidates.types import (
    PAIR_DTYPES,
    PAIR_FIELDS,
    CandidateSet,
    Clock,
    Weights,
)
from stageplein.matching.engine import AllocationProblem


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
    Students that no longer exist are left out. The pipeline, one step each:
    ``load_students`` → ``load_periods`` → ``Funnel`` (links, distances, interests) →
    ``rank_blocks`` → ``assemble``."""
    now = now or timezone.now()
    today = today or timezone.localdate()
    school_year = current_school_year()
    year_end = school_year_bounds(school_year)[1]

    clock = Clock()
    students = load_students(
        student_ids=student_ids,
        weights=weights,
        today=today,
        year_end=year_end,
        school_year=school_year,
        table=centroids(),
    )
    clock.lap("students")
    periods = load_periods(students, today=today, year_end=year_end, now=now)
    clock.lap("periods")
    funnel = Funnel(students, periods, school_year)
    clock.lap("links and distances")
    ranked = rank_blocks(funnel, weights, progress)
    clock.lap("blocks")
    return assemble(students, periods, funnel, ranked, clock)


def assemble(
    students: Students, periods: Periods, funnel: Funnel, ranked: Ranked, clock: Clock
) -> CandidateSet:
    """The blocks went neighbourhood by neighbourhood: put the pairs back in student order
    (a stable sort keeps each student's own order, best first) and build the problem."""
    n, m = students.n, periods.m
    facts = students.facts
    counts = ranked.counts
    block_rows, block_pairs = ranked.block_rows, ranked.block_pairs
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
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
        text = funnel.period_text[int(cand[j])]
        pair_hobby[j] = next((w for w in facts[int(pair_student[j])].hobbies if w in text), "")
    p_free, intake_left = periods.free, periods.intake_left
    capacity = (
        np.minimum(p_free, [intake_left.get(int(pid), 10**6) for pid in periods.provider])
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
        period_pk=periods.pk,
        placement_pk=periods.placement,
        provider_pk=periods.provider,
        sector=periods.sector,
        free=p_free,
        intake_left=intake_left,
        pair_step=joined(2),
        pair_interest=joined(3),
        pair_km=joined(4),
        pair_linked=joined(5),
        pair_hobby=pair_hobby,
        funnel=ranked.funnel,
        full_sectors=ranked.full_sectors,
        stats={
            "seconds": clock.lap("assembling"),
            "students": n,
            "periods": m,
            "seats": int(p_free.sum()) if m else 0,
            "pairs": int(indptr[-1]),
        },
    )
