"""Dividing the places: the engine, then every provider kept within its weekly intake cap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from stageplein.matching.candidates.types import CandidateSet
from stageplein.matching.engine import AllocationProblem, allocate


@dataclass
class Allocation:
    """Per student: the index of the chosen pair in the candidate arrays, or -1."""

    edge: npt.NDArray[np.int64]
    n_placed: int
    total_cost: int
    rounds: int
    timings: dict[str, float]


def allocate_candidates(
    cset: CandidateSet, mode: str, progress: Callable[[float], None] | None = None
) -> Allocation:
    """Run the engine; then keep every provider within its weekly intake cap. The engine knows
    seats per period only, and a cap spans all of a provider's periods: when a provider got
    more students than it may take, the best of them (cheapest in ``optimal`` mode, earliest
    in the waiting order in ``stable`` mode) keep their places, the provider's periods are
    closed to anyone else and the rest is divided again. Each round settles at least one
    provider for good, so this ends. ``progress`` is the engine's (share solved, 0..1, per
    round)."""
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
        result = allocate(current, mode, progress=progress)  # type: ignore[arg-type]
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
