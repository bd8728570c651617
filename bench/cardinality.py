"""Benchmark of the cardinality step: push-relabel against the phase-based one, then the
whole ``optimal`` solve with and without it (``engine.CARDINALITY_FIRST``).

CPU seconds of this process (``time.process_time``), one thread, variants interleaved run by
run so that load from other processes hits both alike; every run and the load average are
printed. Every ``allocate`` result is checked with ``verify`` (certified optimal) and both
variants must agree on placed count and total cost.

Usage::

    python bench/cardinality.py                       # steps and solves, 3 runs each
    python bench/cardinality.py --repeat 5 --skip-solve
    python bench/cardinality.py --instances cross-region
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.allocation import generate  # noqa: E402 - needs the sys.path line above
from stageplein.matching import engine, engine_maxflow  # noqa: E402
from stageplein.matching.engine import AllocationProblem, allocate, verify  # noqa: E402

INSTANCES = {
    "cross-region": {"cross_region": True},
    "national": {"national": True},
    "regional": {},
}


def _load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def _components(
    problem: AllocationProblem,
) -> tuple[list[tuple[np.ndarray, int, np.ndarray]], np.ndarray, np.ndarray]:
    """The components as ``_solve_optimal`` hands them to ``_solve_component``."""
    order, p_new, comp_s, comp_p = engine._locality_order(
        problem.indptr, problem.candidates, problem.n_placements
    )
    adj, _, _ = engine._sorted_rows(problem.indptr, problem.candidates, problem.cost, p_new)
    cap = np.empty(problem.n_placements, dtype=np.int64)
    cap[p_new] = problem.capacity
    comps = [
        (order[comp_s[c] : comp_s[c + 1]], int(comp_p[c]), cap[comp_p[c] : comp_p[c + 1]])
        for c in range(comp_s.shape[0] - 1)
        if comp_p[c + 1] > comp_p[c]
    ]
    return comps, problem.indptr, adj


def bench_steps(name: str, problem: AllocationProblem, repeat: int) -> None:
    comps, indptr, adj = _components(problem)
    every = float(engine_maxflow.GLOBAL_RELABEL)

    def phases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        return [engine._max_matching(s, indptr, adj, np.int64(r0), c) for s, r0, c in comps]

    def push_relabel() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        return [
            engine_maxflow.max_matching(s, indptr, adj, np.int64(r0), c, every)
            for s, r0, c in comps
        ]

    for run in range(repeat):
        out = {}
        for label, step in (("phases", phases), ("push-relabel", push_relabel)):
            t = time.process_time()
            res = step()
            cpu = time.process_time() - t
            placed = sum(int(np.count_nonzero(r[0] >= 0)) for r in res)
            counters = np.sum([r[2] for r in res], axis=0).tolist()
            out[label] = res
            print(
                f"step  {name:12s} run {run + 1} {label:12s} {cpu:6.3f} s CPU  placed {placed}"
                f"  dead {sum(int(r[1].sum()) for r in res)}  counters {counters}  load {_load()}",
                flush=True,
            )
        same = all(
            np.array_equal(a[1], b[1])
            and np.count_nonzero(a[0] >= 0) == np.count_nonzero(b[0] >= 0)
            for a, b in zip(out["phases"], out["push-relabel"], strict=True)
        )
        if not same:
            raise SystemExit(f"{name}: the two cardinality steps disagree")


def bench_solves(name: str, problem: AllocationProblem, repeat: int) -> None:
    seen = set()
    default = engine.CARDINALITY_FIRST
    for run in range(repeat):
        for flag in (False, True):
            engine.CARDINALITY_FIRST = flag
            t = time.process_time()
            result = allocate(problem, "optimal", threads=1)
            cpu = time.process_time() - t
            report = verify(problem, result)
            if not report.certified_optimal:
                raise SystemExit(f"{name}: not certified with CARDINALITY_FIRST={flag}")
            seen.add((result.n_placed, result.total_cost))
            print(
                f"solve {name:12s} run {run + 1} CARDINALITY_FIRST={flag!s:5s} {cpu:6.3f} s CPU"
                f"  placed {result.n_placed}  cost {result.total_cost}  certified"
                f"  load {_load()}",
                flush=True,
            )
    engine.CARDINALITY_FIRST = default
    if len(seen) != 1:
        raise SystemExit(f"{name}: the variants disagree: {seen}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--instances", default=",".join(INSTANCES))
    parser.add_argument("--skip-steps", action="store_true")
    parser.add_argument("--skip-solve", action="store_true")
    args = parser.parse_args()
    names = args.instances.split(",")
    problems = {n: generate(**INSTANCES[n]).problem for n in names}
    # Compile (or load from the cache) before anything is timed.
    engine.warmup()
    small = generate(n_students=2_000, cross_region=True).problem
    for flag in (False, True):
        engine.CARDINALITY_FIRST = flag
        allocate(small, "optimal", threads=1)
    if not args.skip_steps:
        bench_steps("warm-up", small, 1)
        for n in names:
            if n != "regional":
                bench_steps(n, problems[n], args.repeat)
    if not args.skip_solve:
        for n in names:
            bench_solves(n, problems[n], args.repeat)


if __name__ == "__main__":
    main()
