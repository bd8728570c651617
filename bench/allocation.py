"""Benchmark of the allocation engine against OR-Tools and the `matching` library.

Generates a national-scale synthetic instance (deterministic for a seed) and times, in one run:

* our ``optimal`` and ``stable`` modes on the whole instance (warm, after a cold-JIT probe);
* OR-Tools ``SimpleMinCostFlow.solve_max_flow_with_min_cost`` on the whole instance;
* the `matching` library's HospitalResident game on sub-instances (default 8,000 and 16,000
  students), next to our two modes on the same sub-instances.

For each it prints time, peak memory, students placed, mean preference rank, share in the top
3, mean km, total cost and blocking pairs.

Usage::

    python bench/allocation.py                      # full scale: 195,000 students
    python bench/allocation.py --students 20000 --matching-sizes 2000
    python bench/allocation.py --skip-ortools --matching-sizes ""

Needs numpy, scipy, numba (optional but expected), ortools and matching.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from stageplein.matching.engine import (  # noqa: E402 - needs the sys.path line above
    AllocationProblem,
    AllocationResult,
    allocate,
    verify,
)

# Cost of a (student, placement) pair: one step down the student's own preference list weighs
# as much as RANK_WEIGHT / KM_WEIGHT kilometres of extra travel.
RANK_WEIGHT = 10
KM_WEIGHT = 2


@dataclass
class Instance:
    problem: AllocationProblem
    km: npt.NDArray[np.float32]  # per CSR entry, student-to-placement distance
    student_region: npt.NDArray[np.int32]
    params: dict[str, Any]


def generate(
    n_students: int = 195_000,
    n_placements: int | None = None,
    seats: int | None = None,
    n_regions: int = 30,
    k: int = 30,
    seed: int = 20250101,
    cross_region: bool = False,
    national: bool = False,
) -> Instance:
    """A synthetic country: students and placements scattered around regional centres.

    Region sizes are log-normal (a few big cities, many small towns); placements cluster more
    tightly around the centre than students do, so peripheral students travel, and each
    region's seat supply varies, so some regions are over-subscribed. Each student's
    candidates are 30 of its 60 nearest placement-periods, chosen and ordered by distance plus
    a personal interest term; cost = RANK_WEIGHT * rank + round(KM_WEIGHT * km).

    Candidates come from the student's own region, as each municipality or region runs its
    own vacancy bank and broker for the maatschappelijke stage; ``cross_region=True`` drops
    that rule (neighbouring regions then merge into one large connected instance).
    ``national=True`` takes each student's ``k`` nearest placement-periods across the whole
    country, ordered by distance alone (no interest term, no region rule): candidates by
    distance as a national broker would generate them.
    """
    from scipy.spatial import cKDTree

    rng = np.random.default_rng(seed)
    if n_placements is None:
        n_placements = round(n_students * 160_000 / 195_000)
    if seats is None:
        seats = round(n_students * 270_000 / 195_000)
    width, height = 260.0, 300.0  # km, roughly the Netherlands' bounding box

    centres = rng.uniform([15, 15], [width - 15, height - 15], size=(n_regions, 2))
    weight = rng.lognormal(0.0, 0.8, n_regions)
    weight /= weight.sum()
    spread = 4.0 + 6.0 * np.sqrt(weight * n_regions)  # km; bigger regions spread wider
    supply = rng.lognormal(0.0, 0.25, n_regions)  # regional seats-per-student factor

    s_region = rng.choice(n_regions, size=n_students, p=weight).astype(np.int32)
    s_xy = centres[s_region] + rng.normal(size=(n_students, 2)) * spread[s_region, None]

    p_weight = weight * supply
    p_weight /= p_weight.sum()
    p_region = rng.choice(n_regions, size=n_placements, p=p_weight)
    p_xy = centres[p_region] + rng.normal(size=(n_placements, 2)) * (0.8 * spread[p_region, None])
    # Seats per placement-period: 1 most often, sometimes a handful; geometric with the
    # target mean seats / placement-periods.
    capacity = rng.geometric(min(1.0, n_placements / seats), size=n_placements).astype(np.int64)

    k_near = min(k if national else 2 * k, n_placements)
    k = min(k, k_near)
    cand = np.empty((n_students, k), dtype=np.int64)
    km = np.empty((n_students, k), dtype=np.float32)
    if cross_region or national:
        groups = [(np.arange(n_students), np.arange(n_placements))]
    else:
        groups = [
            (np.flatnonzero(s_region == g), np.flatnonzero(p_region == g)) for g in range(n_regions)
        ]
    for students, places in groups:
        if students.size == 0:
            continue
        kk = min(k_near, places.size)
        if kk < k:
            raise ValueError(f"a region has only {places.size} placement-periods for k={k}")
        tree = cKDTree(p_xy[places])
        near_km, near_idx = tree.query(s_xy[students], k=kk, workers=-1)
        near_km = near_km.reshape(students.size, kk)
        near_idx = places[near_idx.reshape(students.size, kk)]
        # Interest: an exponential "how much I'd like this" worth a few km of travel.
        utility = near_km + (0.0 if national else rng.exponential(4.0, size=near_km.shape))
        pick = np.argsort(utility, axis=1)[:, :k]
        cand[students] = np.take_along_axis(near_idx, pick, axis=1)
        km[students] = np.take_along_axis(near_km, pick, axis=1)
    rank = np.arange(k)[None, :]
    cost = RANK_WEIGHT * rank + np.round(KM_WEIGHT * km).astype(np.int64)

    # Students are numbered in arbitrary order; priority is their reaction order.
    perm = rng.permutation(n_students)
    cand, km, cost, s_region = cand[perm], km[perm], cost[perm], s_region[perm]
    priority = rng.permutation(n_students)

    indptr = np.arange(0, (n_students + 1) * k, k, dtype=np.int64)
    problem = AllocationProblem(
        capacity=capacity,
        indptr=indptr,
        candidates=cand.reshape(-1).astype(np.int32),
        cost=cost.reshape(-1).astype(np.int32),
        priority=priority,
    )
    params = {
        "seed": seed,
        "students": n_students,
        "placement_periods": n_placements,
        "seats": int(capacity.sum()),
        "regions": n_regions,
        "candidates_per_student": k,
        "candidate_pool": f"{k} of the {k_near} nearest"
        + ("" if cross_region or national else " in the student's own region")
        + (", ordered by km" if national else ", ordered by km + Exp(4 km) interest"),
        "cost": f"{RANK_WEIGHT} * rank + round({KM_WEIGHT} * km)",
        "region_spread_km": f"{spread.min():.1f}..{spread.max():.1f}",
        "regional_supply_factor": f"{supply.min():.2f}..{supply.max():.2f}",
        "seats_per_period_max": int(capacity.max()),
    }
    return Instance(problem, km.reshape(-1), s_region, params)


def sub_instance(inst: Instance, n: int, seed: int = 1) -> Instance:
    """n students from whole regions, keeping local density.

    Whole regions are taken (by region id) while they fit; the gap is filled from the
    smallest other region that can, keeping a random share of its students and the same share
    of its placement-periods (candidate lists are filtered to the kept placements), so the
    seats-per-student ratio stays realistic.
    """
    p = inst.problem
    rng = np.random.default_rng(seed)
    region = inst.student_region
    counts = np.bincount(region)
    rows = np.repeat(np.arange(p.n_students), np.diff(p.indptr))
    chosen: list[int] = []
    total = 0
    for g in range(counts.size):
        if 0 < counts[g] <= n - total:
            chosen.append(g)
            total += int(counts[g])
    # Fill the gap from the smallest other region that can, so the cut region keeps most.
    rest = [g for g in range(counts.size) if g not in chosen and counts[g] >= n - total]
    if total == n or not rest:
        rest = [chosen.pop()]
        total -= int(counts[rest[0]])
    last = min(rest, key=lambda g: counts[g])
    chosen.append(last)
    need_last = n - total
    keep_s = np.isin(region, chosen[:-1])
    last_students = np.flatnonzero(region == last)
    keep_s[rng.choice(last_students, size=min(need_last, last_students.size), replace=False)] = True
    listed = np.zeros(p.n_placements, dtype=bool)
    listed[p.candidates[np.isin(region[rows], chosen[:-1])]] = True
    last_places = np.unique(p.candidates[region[rows] == last])
    share = need_last / last_students.size
    keep_p = listed.copy()
    keep_p[rng.choice(last_places, size=round(share * last_places.size), replace=False)] = True
    idx = np.flatnonzero(keep_s[rows] & keep_p[p.candidates])
    students = np.flatnonzero(keep_s)
    used = np.flatnonzero(keep_p)
    remap = np.full(p.n_placements, -1, dtype=np.int64)
    remap[used] = np.arange(used.size)
    s_remap = np.full(p.n_students, -1, dtype=np.int64)
    s_remap[students] = np.arange(students.size)
    indptr = np.zeros(students.size + 1, dtype=np.int64)
    np.cumsum(np.bincount(s_remap[rows[idx]], minlength=students.size), out=indptr[1:])
    assert p.priority is not None
    problem = AllocationProblem(
        capacity=p.capacity[used],
        indptr=indptr,
        candidates=remap[p.candidates[idx]].astype(np.int32),
        cost=p.cost[idx],
        priority=p.priority[students],
    )
    params = dict(
        inst.params,
        students=int(students.size),
        placement_periods=int(used.size),
        seats=int(p.capacity[used].sum()),
    )
    return Instance(problem, inst.km[idx], region[students], params)


# ---------------------------------------------------------------------------------------------
# Measurement helpers
# ---------------------------------------------------------------------------------------------


def _reset_peak_rss() -> bool:
    # Writing 5 to clear_refs resets VmHWM (Linux >= 4.0), giving a per-method peak.
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _peak_rss_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


@dataclass
class Row:
    name: str
    n_students: int
    seconds: float
    cpu_seconds: float
    peak_mb: float
    base_mb: float
    assignment: npt.NDArray[np.int32] | None
    note: str = ""


def measure(
    name: str, inst: Instance, fn: Callable[[], npt.NDArray[np.int32]], note: str = ""
) -> Row:
    gc.collect()
    base = _rss_mb()
    _reset_peak_rss()
    t = time.perf_counter()
    c = time.process_time()
    assignment = fn()
    seconds = time.perf_counter() - t
    cpu = time.process_time() - c
    peak = _peak_rss_mb()
    row = Row(name, inst.problem.n_students, seconds, cpu, peak, base, assignment, note)
    print(f"  done: {name:<34} {seconds:9.3f} s wall {cpu:9.3f} s cpu", flush=True)
    return row


# ---------------------------------------------------------------------------------------------
# Competitors
# ---------------------------------------------------------------------------------------------


def run_ortools(problem: AllocationProblem) -> npt.NDArray[np.int32]:
    """Monolithic max-flow-min-cost: source -> students -> placements -> sink."""
    from ortools.graph.python import min_cost_flow

    n, m, nnz = problem.n_students, problem.n_placements, problem.nnz
    source, sink = n + m, n + m + 1
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(problem.indptr))
    tails = np.concatenate([np.full(n, source), rows, n + np.arange(m)]).astype(np.int32)
    heads = np.concatenate([np.arange(n), n + problem.candidates, np.full(m, sink)]).astype(
        np.int32
    )
    caps = np.concatenate([np.ones(n), np.ones(nnz), problem.capacity]).astype(np.int64)
    costs = np.concatenate([np.zeros(n), problem.cost, np.zeros(m)]).astype(np.int64)
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    total = min(n, int(problem.capacity.sum()))
    smcf.set_nodes_supplies(np.array([source, sink]), np.array([total, -total]))
    status = smcf.solve_max_flow_with_min_cost()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"OR-Tools status {status}")
    flows = smcf.flows(arcs[n : n + nnz])
    chosen = np.flatnonzero(flows > 0)
    assignment = np.full(n, -1, dtype=np.int32)
    assignment[rows[chosen]] = problem.candidates[chosen]
    return assignment


def run_matching_lib(problem: AllocationProblem) -> npt.NDArray[np.int32]:
    """The `matching` library's hospital-resident game (resident-optimal = student-proposing).

    Its game construction deep-copies players that reference each other, so it needs a deep
    Python stack: it runs in a thread with a 1 GiB stack and a raised recursion limit.
    """
    box: list[npt.NDArray[np.int32] | BaseException] = []

    def work() -> None:
        try:
            box.append(_matching_lib(problem))
        except BaseException as exc:  # re-raised in the caller's thread
            box.append(exc)

    old_limit = sys.getrecursionlimit()
    old_stack = threading.stack_size(1 << 30)
    sys.setrecursionlimit(1_000_000)
    try:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    result = box[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _matching_lib(problem: AllocationProblem) -> npt.NDArray[np.int32]:
    from matching.games import HospitalResident

    n, m = problem.n_students, problem.n_placements
    assert problem.priority is not None
    resident_prefs: dict[int, list[int]] = {}
    listed_by: list[list[int]] = [[] for _ in range(m)]
    for s in range(n):
        row = problem.candidates[problem.indptr[s] : problem.indptr[s + 1]].tolist()
        resident_prefs[s] = row
        for p in row:
            listed_by[p].append(s)
    prio = problem.priority
    hospital_prefs = {
        p: sorted(listed, key=lambda s: (prio[s], s))
        for p, listed in enumerate(listed_by)
        if listed
    }
    capacities = {p: int(problem.capacity[p]) for p in hospital_prefs}
    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
    solution = game.solve(optimal="resident")
    assignment = np.full(n, -1, dtype=np.int32)
    for hospital, residents in solution.items():
        for r in residents:
            assignment[int(r.name)] = int(hospital.name)
    return assignment


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------


def quality(inst: Instance, assignment: npt.NDArray[np.int32]) -> dict[str, float]:
    p = inst.problem
    rep = verify(p, assignment)
    rows = np.repeat(np.arange(p.n_students), np.diff(p.indptr))
    hit = p.candidates == assignment[rows]
    pos = (np.arange(p.nnz) - p.indptr[rows])[hit]
    return {
        "placed": rep.n_placed,
        "mean_rank": float(pos.mean() + 1) if pos.size else float("nan"),
        "top3": float((pos < 3).mean()) if pos.size else float("nan"),
        "mean_km": float(inst.km[hit].mean()) if pos.size else float("nan"),
        "total_cost": rep.total_cost,
        "blocking": rep.blocking_pairs,
        "violations": rep.capacity_violations + rep.non_candidate,
    }


def print_table(rows: list[tuple[Row, Instance]]) -> None:
    head = (
        f"{'method':<34} {'students':>8} {'time s':>9} {'cpu s':>9} {'peak MB':>8} {'+MB':>7} "
        f"{'placed':>8} {'rank':>6} {'top3':>6} {'km':>6} {'total cost':>12} {'blocking':>9} "
        f"{'viol':>4}"
    )
    print(head)
    print("-" * len(head))
    for row, inst in rows:
        if row.assignment is None:
            print(f"{row.name:<34} {row.n_students:>8} {'-':>9}  {row.note}")
            continue
        q = quality(inst, row.assignment)
        print(
            f"{row.name:<34} {row.n_students:>8} {row.seconds:>9.3f} {row.cpu_seconds:>9.3f} "
            f"{row.peak_mb:>8.0f} "
            f"{row.peak_mb - row.base_mb:>7.0f} {q['placed']:>8} {q['mean_rank']:>6.2f} "
            f"{100 * q['top3']:>5.1f}% {q['mean_km']:>6.2f} {q['total_cost']:>12} "
            f"{q['blocking']:>9} {q['violations']:>4}" + (f"  {row.note}" if row.note else "")
        )


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def jit_probe(cache_dir: str | None) -> float:
    """Seconds for a fresh process to get every kernel ready (compile or load from cache)."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    code = (
        "import time; t = time.perf_counter();"
        "from stageplein.matching.engine import warmup; w = warmup();"
        "print(w)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--students", type=int, default=195_000)
    ap.add_argument("--placements", type=int, default=None, help="default: students * 160/195")
    ap.add_argument("--seats", type=int, default=None, help="default: students * 270/195")
    ap.add_argument("--regions", type=int, default=30)
    ap.add_argument("--candidates", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--repeat", type=int, default=3, help="warm runs of our modes; best is shown")
    ap.add_argument(
        "--matching-sizes", default="8000,16000", help="comma list; empty to skip the library"
    )
    ap.add_argument("--skip-ortools", action="store_true")
    ap.add_argument(
        "--skip-jit-probe",
        action="store_true",
        help="no cold-compile and cache-load probes (each compiles for ~10 s of CPU)",
    )
    ap.add_argument(
        "--cross-region",
        action="store_true",
        help="candidates from any region (neighbouring regions merge into one component)",
    )
    ap.add_argument(
        "--national",
        action="store_true",
        help="each student's k nearest placement-periods in the whole country, by distance",
    )
    ap.add_argument(
        "--threads", type=int, default=None, help="threads for our optimal (default: all CPUs)"
    )
    ap.add_argument(
        "--neighbour",
        action="store_true",
        help="run a CPU-bound process beside the measurements (a busy production server)",
    )
    ap.add_argument(
        "--inner",
        default="both",
        help="optimal's inner algorithm(s) (engine.INNER): ssp, auction, hybrid, a comma list "
        "of them, both (ssp,auction) or all; one row each, same instance",
    )
    ap.add_argument(
        "--global-update",
        type=float,
        default=None,
        help="engine.GLOBAL_UPDATE (global price updates in the SSP searches; 0 = off)",
    )
    args = ap.parse_args(argv)

    import numba
    import scipy

    try:
        import ortools

        ortools_version = ortools.__version__
    except ImportError:  # ortools is only in the bench extra
        ortools_version = "not installed"
        args.skip_ortools = True

    from stageplein.matching import engine

    if not engine.HAVE_NUMBA:
        # The engine fell back to plain Python (it imports numba inside a try): every timing
        # would be ~100x too slow. A file in bench/ named like a standard-library module once
        # shadowed it (bench/calendar.py), breaking numba's import only inside this script.
        sys.exit("numba could not be imported by the engine: refusing to measure plain Python")
    print(
        f"python {sys.version.split()[0]}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"numba {numba.__version__}, ortools {ortools_version}, cores {os.cpu_count()}"
    )

    t = time.perf_counter()
    inst = generate(
        args.students,
        args.placements,
        args.seats,
        args.regions,
        args.candidates,
        args.seed,
        cross_region=args.cross_region,
        national=args.national,
    )
    print(f"instance generated in {time.perf_counter() - t:.1f} s")
    for key, val in inst.params.items():
        print(f"  {key:<24} {val}")
    print(f"  {'candidate pairs':<24} {inst.problem.nnz}")
    p = inst.problem
    t = time.perf_counter()
    AllocationProblem(p.capacity, p.indptr, p.candidates, p.cost, p.priority)
    print(f"AllocationProblem construction (validation) {time.perf_counter() - t:.3f} s")
    print(
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        f"(other processes on this machine slow every timing)"
    )

    if args.skip_jit_probe:
        print("numba JIT probes skipped; the timings below are warm")
    else:
        with tempfile.TemporaryDirectory() as cold_dir:
            cold = jit_probe(cold_dir)
            warm_load = jit_probe(cold_dir)
        print(
            f"numba JIT: cold compile {cold:.2f} s (empty cache), load from cache "
            f"{warm_load:.2f} s (fresh process, what the first round after `make install` "
            f"pays); the timings below are warm"
        )
    from stageplein.matching.engine import warmup

    warmup()

    results: list[tuple[Row, Instance]] = []

    named = {"both": "ssp,auction", "all": "ssp,auction,hybrid"}
    inners = named.get(args.inner, args.inner).split(",")
    if not inners or any(i not in ("ssp", "auction", "hybrid") for i in inners):
        ap.error(f"--inner: unknown inner algorithm in {args.inner!r}")
    if args.global_update is not None:
        engine.GLOBAL_UPDATE = args.global_update

    def ours(problem_inst: Instance, mode: str, inner: str = "ssp") -> Row:
        engine.INNER = inner  # type: ignore[assignment]
        best: Row | None = None
        res_holder: list[AllocationResult] = []

        def run() -> npt.NDArray[np.int32]:
            res = allocate(problem_inst.problem, mode, threads=args.threads)  # type: ignore[arg-type]
            res_holder.append(res)
            return res.assignment

        best_res: AllocationResult | None = None
        cpu_runs: list[float] = []
        for _ in range(max(1, args.repeat)):
            label = f"stageplein {mode}" + (f" {inner}" if mode == "optimal" else "")
            row = measure(label, problem_inst, run)
            cpu_runs.append(row.cpu_seconds)
            # Best by CPU time: on a shared machine wall time mostly measures the neighbours.
            if best is None or row.cpu_seconds < best.cpu_seconds:
                best, best_res = row, res_holder[-1]
        assert best is not None and best_res is not None
        phases = ", ".join(f"{k} {v:.3f}" for k, v in best_res.timings.items())
        cpus = ", ".join(f"{c:.2f}" for c in cpu_runs)
        best.note = f"[{phases}] cpu of every run: {cpus}; load {_load()}"
        if mode == "optimal":
            rep = verify(problem_inst.problem, best_res)
            best.note += f"; certified optimal: {'yes' if rep.certified_optimal else 'NO'}"
        return best

    neighbour = None
    if args.neighbour:
        neighbour = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        print(f"CPU-bound neighbour process started (pid {neighbour.pid})")
    print("\nrunning on the full instance ...")
    r_opts = [ours(inst, "optimal", inner) for inner in inners]
    results += [(r, inst) for r in r_opts]
    r_opt = r_opts[0]
    results.append((ours(inst, "stable"), inst))
    if not args.skip_ortools:
        r_ort = measure(
            "OR-Tools SimpleMinCostFlow (mono)", inst, lambda: run_ortools(inst.problem)
        )
        r_ort.note = f"load {_load()}"
        results.append((r_ort, inst))
    else:
        r_ort = None

    sizes = [int(x) for x in args.matching_sizes.split(",") if x.strip()]
    for size in sizes:
        sub = sub_instance(inst, min(size, args.students))
        print(
            f"running on a {sub.problem.n_students}-student sub-instance "
            f"({sub.problem.n_placements} placement-periods, {sub.params['seats']} seats) ..."
        )
        r_sub_opt = ours(sub, "optimal", inners[0])
        r_sub_st = ours(sub, "stable")
        r_lib = measure(
            "matching HospitalResident", sub, functools.partial(run_matching_lib, sub.problem)
        )
        same = (
            r_lib.assignment is not None
            and r_sub_st.assignment is not None
            and bool(np.array_equal(r_lib.assignment, r_sub_st.assignment))
        )
        r_lib.note = (
            f"same as stageplein stable: {'yes' if same else 'NO'}; "
            f"{r_lib.seconds / r_sub_st.seconds:,.0f}x our stable, "
            f"{r_lib.seconds / r_sub_opt.seconds:,.0f}x our optimal"
        )
        results += [(r_sub_opt, sub), (r_sub_st, sub), (r_lib, sub)]

    if neighbour is not None:
        neighbour.kill()
        neighbour.wait()
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        "rank = mean 1-based position in the student's list; top3 = share placed in top 3; "
        "km = mean distance of placed students;"
    )
    print(
        "peak MB = process peak RSS during the run (includes the instance); +MB = above the RSS "
        "before it; viol = capacity + non-candidate violations"
    )
    print()
    print_table(results)
    if r_ort is not None and r_ort.assignment is not None:
        ort_q = quality(inst, r_ort.assignment)
        for inner, r_opt in zip(inners, r_opts, strict=True):
            opt_q = quality(inst, r_opt.assignment)  # type: ignore[arg-type]
            same = opt_q["total_cost"] == ort_q["total_cost"] and opt_q["placed"] == ort_q["placed"]
            print(
                f"\nexactness: stageplein optimal ({inner}) vs OR-Tools: placed "
                f"{opt_q['placed']} vs {ort_q['placed']}, total cost {opt_q['total_cost']} vs "
                f"{ort_q['total_cost']} -> {'IDENTICAL' if same else 'DIFFERENT'}; "
                f"speed-up {r_ort.seconds / r_opt.seconds:.1f}x wall, "
                f"{r_ort.cpu_seconds / r_opt.cpu_seconds:.1f}x cpu"
            )
    for inner, r_other in list(zip(inners, r_opts, strict=True))[1:]:
        a_q, b_q = (quality(inst, r.assignment) for r in (r_opts[0], r_other))  # type: ignore[arg-type]
        print(
            f"{inners[0]} vs {inner}: placed {a_q['placed']} vs {b_q['placed']}, total cost "
            f"{a_q['total_cost']} vs {b_q['total_cost']}; {inner} / {inners[0]} cpu "
            f"{r_other.cpu_seconds / r_opts[0].cpu_seconds:.2f}"
        )


if __name__ == "__main__":
    main()
