"""Allocation engine: assign students to placement-periods, exactly and fast.

This module is deliberately free of Django so that it can be benchmarked, tested and reused on
plain arrays. The Django layer builds an :class:`AllocationProblem` from the database, calls
:func:`allocate` and maps the returned indices back to model instances.

Two modes:

``optimal``
    Place as many students as possible and, among all allocations that do, pick one with the
    least total cost. This is an exact minimum-cost maximum-flow optimum (see
    ``docs/matching-engine.md`` for the argument), computed as follows:

    1. a maximum b-matching (greedy start plus alternating-path search);
    2. a Dulmage-Mendelsohn split of the instance into the students that every maximum
       allocation places (part A) and the over-subscribed rest (part B, where every seat is
       filled in every maximum allocation but some students stay unplaced);
    3. on each part, successive shortest augmenting paths (Dijkstra with dual prices) from the
       side that must be covered entirely. No big-M penalty is needed, so no overflow risk.

``stable``
    Student-proposing deferred acceptance in which every placement ranks students by
    ``priority`` (reaction or registration order, never school level: rule R-MATCH-4). Because
    all placements share that one ranking, the outcome equals a serial dictatorship: students
    in priority order each take their best candidate with a free seat. Ties in ``priority`` are
    broken by student index.

Compiled kernels use Numba when it is installed; without it (or with ``NUMBA_DISABLE_JIT=1``)
the very same functions run as plain Python, correct but much slower.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import numpy as np
import numpy.typing as npt

__all__ = [
    "AllocationProblem",
    "AllocationResult",
    "VerifyReport",
    "allocate",
    "verify",
    "warmup",
    "HAVE_NUMBA",
]

F = TypeVar("F", bound=Callable[..., Any])

try:
    import numba as _numba

    HAVE_NUMBA = True

    def _jit(func: F) -> F:
        # cache=True keeps the compiled code on disk, so only the very first process pays
        # the compile time; nogil lets a web worker thread allocate without blocking others.
        return _numba.njit(cache=True, nogil=True)(func)  # type: ignore[no-any-return]

except ImportError:  # pragma: no cover - exercised only where numba is absent
    HAVE_NUMBA = False

    def _jit(func: F) -> F:
        return func


Mode = Literal["optimal", "stable"]
IntArray = npt.NDArray[np.integer[Any]]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]


# ---------------------------------------------------------------------------------------------
# Problem and result
# ---------------------------------------------------------------------------------------------


def _as_int_array(name: str, value: Any, dtype: type[np.integer[Any]]) -> npt.NDArray[Any]:
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, got shape {arr.shape}")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        # bool is rejected too: a mask passed by mistake must not become capacities 0/1.
        raise ValueError(f"{name} must have an integer dtype, got {arr.dtype}")
    if arr.size:
        info = np.iinfo(dtype)
        lo, hi = int(arr.min()), int(arr.max())
        if lo < info.min or hi > info.max:
            raise ValueError(f"{name} has values outside the {np.dtype(dtype).name} range")
    return np.ascontiguousarray(arr, dtype=dtype)


@dataclass(frozen=True, eq=False)
class AllocationProblem:
    """An allocation instance in compressed sparse row (CSR) form.

    Row ``s`` of the CSR structure lists student ``s``'s candidate placements, best first:
    ``candidates[indptr[s]:indptr[s + 1]]`` with costs ``cost[indptr[s]:indptr[s + 1]]``.

    Arrays are validated and converted to canonical dtypes on construction; a malformed
    instance raises :class:`ValueError` naming the offending field. A candidate listed twice
    in one row is rejected: it almost always means a join went wrong upstream, and silently
    keeping one copy would hide that.
    """

    capacity: npt.NDArray[np.int64]
    indptr: npt.NDArray[np.int64]
    candidates: npt.NDArray[np.int32]
    cost: npt.NDArray[np.int64]
    priority: npt.NDArray[np.int64] | None = None

    def __post_init__(self) -> None:
        capacity = _as_int_array("capacity", self.capacity, np.int64)
        indptr = _as_int_array("indptr", self.indptr, np.int64)
        candidates = _as_int_array("candidates", self.candidates, np.int32)
        # Costs are accepted as int32 values (the documented range) but held as int64 so that
        # sums and dual prices never overflow.
        cost = _as_int_array("cost", self.cost, np.int32).astype(np.int64)

        if indptr.size == 0:
            raise ValueError("indptr must have n_students + 1 entries (at least one)")
        if indptr[0] != 0:
            raise ValueError("indptr[0] must be 0")
        if np.any(np.diff(indptr) < 0):
            raise ValueError("indptr must be monotone non-decreasing")
        nnz = int(indptr[-1])
        if candidates.shape[0] != nnz:
            raise ValueError(f"candidates has {candidates.shape[0]} entries, indptr says {nnz}")
        if cost.shape[0] != nnz:
            raise ValueError(f"cost has {cost.shape[0]} entries, indptr says {nnz}")
        if capacity.size and capacity.min() < 0:
            raise ValueError("capacity must be >= 0")
        n_placements = capacity.shape[0]
        if nnz:
            if candidates.min() < 0 or candidates.max() >= n_placements:
                raise ValueError(f"candidates must lie in [0, {n_placements}) (n_placements)")
            if cost.min() < 0:
                raise ValueError("cost must be >= 0")
            dup_row = int(_first_duplicate_row(indptr, candidates, n_placements))
            if dup_row >= 0:
                raise ValueError(f"student {dup_row} lists the same placement more than once")
        n_students = indptr.shape[0] - 1
        priority = None
        if self.priority is not None:
            priority = _as_int_array("priority", self.priority, np.int64)
            if priority.shape[0] != n_students:
                raise ValueError(
                    f"priority has {priority.shape[0]} entries, expected n_students={n_students}"
                )
        for name, arr in (
            ("capacity", capacity),
            ("indptr", indptr),
            ("candidates", candidates),
            ("cost", cost),
            ("priority", priority),
        ):
            if arr is not None:
                arr.setflags(write=False)
            object.__setattr__(self, name, arr)

    @property
    def n_students(self) -> int:
        return int(self.indptr.shape[0] - 1)

    @property
    def n_placements(self) -> int:
        return int(self.capacity.shape[0])

    @property
    def nnz(self) -> int:
        return int(self.indptr[-1])

    @classmethod
    def from_lists(
        cls,
        capacity: Sequence[int],
        candidates: Sequence[Sequence[int]],
        cost: Sequence[Sequence[int]],
        priority: Sequence[int] | None = None,
    ) -> AllocationProblem:
        """Build a problem from per-student lists (convenient for small cases and tests)."""
        if len(candidates) != len(cost):
            raise ValueError("candidates and cost must have one list per student")
        lengths = [len(row) for row in candidates]
        if lengths != [len(row) for row in cost]:
            raise ValueError("each cost list must be as long as its candidate list")
        indptr = np.zeros(len(candidates) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        flat_c = [c for row in candidates for c in row]
        flat_w = [w for row in cost for w in row]
        return cls(
            capacity=np.asarray(capacity, dtype=np.int64),
            indptr=indptr,
            candidates=np.asarray(flat_c, dtype=np.int64),
            cost=np.asarray(flat_w, dtype=np.int64),
            priority=None if priority is None else np.asarray(priority, dtype=np.int64),
        )


@dataclass(frozen=True, eq=False)
class AllocationResult:
    """Outcome of :func:`allocate`.

    ``assignment[s]`` is the placement index of student ``s`` or -1 when unplaced;
    ``rank[s]`` is the 0-based position of that placement in the student's candidate list
    (0 = first choice) or -1. ``timings`` holds seconds per phase; ``stats`` holds counters
    that explain the running time (for example the number of shortest-path searches).
    """

    assignment: npt.NDArray[np.int32]
    rank: npt.NDArray[np.int32]
    mode: Mode
    n_placed: int
    total_cost: int
    timings: dict[str, float] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def n_students(self) -> int:
        return int(self.assignment.shape[0])

    @property
    def n_unplaced(self) -> int:
        return self.n_students - self.n_placed


@dataclass(frozen=True)
class VerifyReport:
    """Independent check of an allocation, see :func:`verify`."""

    capacity_violations: int  # placements holding more students than seats
    excess_students: int  # students above capacity, summed over those placements
    non_candidate: int  # students assigned to a placement that is not one of their candidates
    n_placed: int
    total_cost: int  # summed over valid (candidate) assignments
    blocking_pairs: int  # (student, placement) pairs that would both rather have each other

    @property
    def feasible(self) -> bool:
        return self.capacity_violations == 0 and self.non_candidate == 0


# ---------------------------------------------------------------------------------------------
# Kernels (Numba-compiled when available; plain Python otherwise)
# ---------------------------------------------------------------------------------------------


@_jit
def _first_duplicate_row(indptr: I64, candidates: I32, n_placements: int) -> int:
    # A stamp per placement turns the duplicate check into one linear pass.
    mark = np.full(n_placements, -1, dtype=np.int64)
    for s in range(indptr.shape[0] - 1):
        for e in range(indptr[s], indptr[s + 1]):
            p = candidates[e]
            if mark[p] == s:
                return s
            mark[p] = s
    return -1


@_jit
def _serial_dictatorship(order: I64, indptr: I64, candidates: I32, capacity: I64) -> I64:
    """Student-proposing deferred acceptance under one common priority order.

    With a single ranking shared by all placements, deferred acceptance reduces to letting
    students choose in priority order: nobody later in the order can ever displace them.
    """
    load = np.zeros(capacity.shape[0], dtype=np.int64)
    edge = np.full(indptr.shape[0] - 1, -1, dtype=np.int64)
    for i in range(order.shape[0]):
        s = order[i]
        for e in range(indptr[s], indptr[s + 1]):
            p = candidates[e]
            if load[p] < capacity[p]:
                load[p] += 1
                edge[s] = e
                break
    return edge


@_jit
def _seat_slots(capacity: I64) -> I64:
    start = np.zeros(capacity.shape[0] + 1, dtype=np.int64)
    for p in range(capacity.shape[0]):
        start[p + 1] = start[p] + capacity[p]
    return start


@_jit
def _max_bmatching(indptr: I64, candidates: I32, capacity: I64) -> tuple[I64, I64]:
    """Maximum cardinality b-matching: students take one seat, placement p has capacity[p].

    Greedy first pass, then one breadth-first alternating-path search per free student. When
    a search fails, every placement it visited is marked dead for good: a Hungarian tree
    without an augmenting path stays without one after later augmentations (classical lemma,
    applied to the seat-expanded graph), so one pass over the free students suffices and
    failed searches never repeat work.

    Returns each student's edge (-1 if unplaced) and counters
    [free after greedy, searches, augmentations, queue pops].
    """
    n = indptr.shape[0] - 1
    m = capacity.shape[0]
    load = np.zeros(m, dtype=np.int64)
    s_edge = np.full(n, -1, dtype=np.int64)
    for s in range(n):
        for e in range(indptr[s], indptr[s + 1]):
            p = candidates[e]
            if load[p] < capacity[p]:
                load[p] += 1
                s_edge[s] = e
                break
    start = _seat_slots(capacity)
    slot_student = np.full(start[m], -1, dtype=np.int64)
    s_slot = np.full(n, -1, dtype=np.int64)
    fill = np.zeros(m, dtype=np.int64)
    for s in range(n):
        if s_edge[s] >= 0:
            p = candidates[s_edge[s]]
            k = start[p] + fill[p]
            slot_student[k] = s
            s_slot[s] = k
            fill[p] += 1

    counters = np.zeros(4, dtype=np.int64)
    mark = np.zeros(m, dtype=np.int64)  # search stamp; -1 = dead
    via_edge = np.empty(m, dtype=np.int64)
    via_student = np.empty(m, dtype=np.int64)
    queue = np.empty(n, dtype=np.int64)
    seen_p = np.empty(m, dtype=np.int64)
    stamp = 0
    for s0 in range(n):
        if s_edge[s0] >= 0 or indptr[s0 + 1] == indptr[s0]:
            continue
        counters[0] += 1
        counters[1] += 1
        stamp += 1
        head = 0
        tail = 1
        queue[0] = s0
        n_seen = 0
        found = -1
        while head < tail and found < 0:
            x = queue[head]
            head += 1
            counters[3] += 1
            own = -1
            if s_edge[x] >= 0:
                own = candidates[s_edge[x]]
            for e in range(indptr[x], indptr[x + 1]):
                p = candidates[e]
                if p == own or mark[p] == stamp or mark[p] < 0:
                    continue
                mark[p] = stamp
                seen_p[n_seen] = p
                n_seen += 1
                via_edge[p] = e
                via_student[p] = x
                if load[p] < capacity[p]:
                    found = p
                    break
                for k in range(start[p], start[p] + load[p]):
                    queue[tail] = slot_student[k]
                    tail += 1
        if found < 0:
            for i in range(n_seen):
                mark[seen_p[i]] = -1
            continue
        counters[2] += 1
        # Walk back: each student on the path moves to the placement it reached.
        p = found
        k_new = start[p] + load[p]
        load[p] += 1
        while True:
            x = via_student[p]
            old_e = s_edge[x]
            k_old = s_slot[x]
            slot_student[k_new] = x
            s_slot[x] = k_new
            s_edge[x] = via_edge[p]
            if x == s0:
                break
            # x vacated a seat at its old placement; whoever reached that placement (earlier
            # on this path) takes the seat.
            k_new = k_old
            p = candidates[old_e]
    return s_edge, counters


@_jit
def _dm_reach(
    indptr: I64, candidates: I32, capacity: I64, s_edge: I64
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Students and placements reachable by alternating paths from unplaced students.

    Given a maximum matching, this is the over-subscribed part of the Dulmage-Mendelsohn
    decomposition: every reached placement is full in every maximum allocation, and only
    reached students can fill it.
    """
    n = indptr.shape[0] - 1
    m = capacity.shape[0]
    start = _seat_slots(capacity)
    fill = np.zeros(m, dtype=np.int64)
    slot_student = np.full(start[m], -1, dtype=np.int64)
    for s in range(n):
        if s_edge[s] >= 0:
            p = candidates[s_edge[s]]
            slot_student[start[p] + fill[p]] = s
            fill[p] += 1
    reach_s = np.zeros(n, dtype=np.bool_)
    reach_p = np.zeros(m, dtype=np.bool_)
    queue = np.empty(n, dtype=np.int64)
    tail = 0
    for s in range(n):
        if s_edge[s] < 0:
            reach_s[s] = True
            queue[tail] = s
            tail += 1
    head = 0
    while head < tail:
        x = queue[head]
        head += 1
        for e in range(indptr[x], indptr[x + 1]):
            p = candidates[e]
            if reach_p[p]:
                continue
            reach_p[p] = True
            for k in range(start[p], start[p] + fill[p]):
                y = slot_student[k]
                if not reach_s[y]:
                    reach_s[y] = True
                    queue[tail] = y
                    tail += 1
    return reach_s, reach_p


@_jit
def _ssp(
    left_row: I64,
    indptr: I64,
    adj: I32,
    cost: I64,
    right_cap: I64,
    right_ok: npt.NDArray[np.bool_],
) -> tuple[I64, I64]:
    """Min-cost assignment that covers every left node, by successive shortest paths.

    Left node ``l`` needs one unit and may use the edges of CSR row ``left_row[l]``; right
    node ``r`` takes at most ``right_cap[r]`` units and is ignored when ``right_ok[r]`` is
    false. The caller guarantees that a cover exists.

    Dual prices ``v`` (right) and ``u`` (left) keep every residual reduced cost
    ``cost + v[r] - u[l]`` non-negative, so each augmentation is a Dijkstra search that stops
    at the first right node with a free unit. Prices only rise, and only on full right nodes,
    which is exactly the complementary slackness of the capacity constraints.

    Returns the edge used by each left node, and counters [searches, fast paths, pops].
    """
    n_left = left_row.shape[0]
    n_right = right_cap.shape[0]
    start = _seat_slots(right_cap)
    slot_left = np.full(start[n_right], -1, dtype=np.int64)
    load = np.zeros(n_right, dtype=np.int64)
    v = np.zeros(n_right, dtype=np.int64)
    u = np.zeros(n_left, dtype=np.int64)
    l_edge = np.full(n_left, -1, dtype=np.int64)
    l_right = np.full(n_left, -1, dtype=np.int64)
    l_slot = np.full(n_left, -1, dtype=np.int64)

    dist = np.zeros(n_right, dtype=np.int64)
    seen = np.zeros(n_right, dtype=np.int64)
    done = np.zeros(n_right, dtype=np.int64)
    pred_left = np.zeros(n_right, dtype=np.int64)
    pred_edge = np.zeros(n_right, dtype=np.int64)
    fin_r = np.empty(n_right, dtype=np.int64)
    fin_l = np.empty(n_left, dtype=np.int64)
    fin_ld = np.empty(n_left, dtype=np.int64)
    heap_d = np.empty(1024, dtype=np.int64)
    heap_r = np.empty(1024, dtype=np.int64)
    counters = np.zeros(3, dtype=np.int64)
    big = np.iinfo(np.int64).max

    stamp = 0
    for l0 in range(n_left):
        row = left_row[l0]
        # Fast path: the cheapest first step already ends at a free unit, so it is the
        # shortest augmenting path (every path costs at least its first step).
        best = big
        best_e = -1
        for e in range(indptr[row], indptr[row + 1]):
            r = adj[e]
            if right_ok[r]:
                c = cost[e] + v[r]
                if c < best:
                    best = c
                    best_e = e
        if best_e < 0:
            l_edge[:] = -1
            counters[0] = -1 - l0
            return l_edge, counters
        r = adj[best_e]
        if load[r] < right_cap[r]:
            u[l0] = best
            k = start[r] + load[r]
            load[r] += 1
            slot_left[k] = l0
            l_slot[l0] = k
            l_right[l0] = r
            l_edge[l0] = best_e
            counters[1] += 1
            continue

        counters[0] += 1
        stamp += 1
        n_fr = 0
        n_fl = 1
        fin_l[0] = l0
        fin_ld[0] = 0
        hsize = 0
        term = -1
        d_term = 0
        li = 0  # next finalised left node whose edges still have to be relaxed
        while True:
            # Relax the edges of every left node finalised so far.
            while li < n_fl:
                lx = fin_l[li]
                base = fin_ld[li] - u[lx]
                li += 1
                rowx = left_row[lx]
                for e in range(indptr[rowx], indptr[rowx + 1]):
                    r = adj[e]
                    if not right_ok[r] or done[r] == stamp:
                        continue
                    nd = base + cost[e] + v[r]
                    if seen[r] != stamp or nd < dist[r]:
                        seen[r] = stamp
                        dist[r] = nd
                        pred_left[r] = lx
                        pred_edge[r] = e
                        # Push onto the binary heap (lazy deletion: stale entries skipped).
                        if hsize == heap_d.shape[0]:
                            nd_arr = np.empty(2 * hsize, dtype=np.int64)
                            nr_arr = np.empty(2 * hsize, dtype=np.int64)
                            nd_arr[:hsize] = heap_d
                            nr_arr[:hsize] = heap_r
                            heap_d = nd_arr
                            heap_r = nr_arr
                        i = hsize
                        hsize += 1
                        while i > 0:
                            parent = (i - 1) >> 1
                            if heap_d[parent] <= nd:
                                break
                            heap_d[i] = heap_d[parent]
                            heap_r[i] = heap_r[parent]
                            i = parent
                        heap_d[i] = nd
                        heap_r[i] = r
            if hsize == 0:
                break
            # Pop the minimum.
            d = heap_d[0]
            r = heap_r[0]
            hsize -= 1
            if hsize > 0:
                last_d = heap_d[hsize]
                last_r = heap_r[hsize]
                i = 0
                while True:
                    c = 2 * i + 1
                    if c >= hsize:
                        break
                    if c + 1 < hsize and heap_d[c + 1] < heap_d[c]:
                        c += 1
                    if heap_d[c] >= last_d:
                        break
                    heap_d[i] = heap_d[c]
                    heap_r[i] = heap_r[c]
                    i = c
                heap_d[i] = last_d
                heap_r[i] = last_r
            if done[r] == stamp or d > dist[r]:
                continue
            counters[2] += 1
            done[r] = stamp
            fin_r[n_fr] = r
            n_fr += 1
            if load[r] < right_cap[r]:
                term = r
                d_term = d
                break
            # A full right node: its left nodes are reached at the same distance, because
            # the reverse of an assigned edge has reduced cost zero.
            for k in range(start[r], start[r] + load[r]):
                fin_l[n_fl] = slot_left[k]
                fin_ld[n_fl] = d
                n_fl += 1
        if term < 0:
            l_edge[:] = -1
            counters[0] = -1 - l0
            return l_edge, counters

        # Price update keeps all reduced costs non-negative and makes the path tight.
        for i in range(n_fr):
            r = fin_r[i]
            v[r] += d_term - dist[r]
        for i in range(n_fl):
            u[fin_l[i]] += d_term - fin_ld[i]

        # Augment: each left node on the path moves into the slot its successor vacated.
        r = term
        k_new = start[r] + load[r]
        load[r] += 1
        while True:
            lx = pred_left[r]
            k_old = l_slot[lx]
            r_old = l_right[lx]
            slot_left[k_new] = lx
            l_slot[lx] = k_new
            l_right[lx] = r
            l_edge[lx] = pred_edge[r]
            if lx == l0:
                break
            k_new = k_old
            r = r_old
    return l_edge, counters


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def _student_rows(problem: AllocationProblem) -> I64:
    return np.repeat(
        np.arange(problem.n_students, dtype=np.int64), np.diff(problem.indptr)
    )


def _priority_order(problem: AllocationProblem) -> I64:
    if problem.priority is None:
        return np.arange(problem.n_students, dtype=np.int64)
    # A stable sort breaks ties by student index, as documented.
    return np.argsort(problem.priority, kind="stable").astype(np.int64)


def _solve_optimal(problem: AllocationProblem, timings: dict[str, float]) -> tuple[I64, dict[str, int]]:
    indptr, cand, cost, cap = problem.indptr, problem.candidates, problem.cost, problem.capacity
    n, m = problem.n_students, problem.n_placements

    t = time.perf_counter()
    s_edge, mm = _max_bmatching(indptr, cand, cap)
    reach_s, reach_p = _dm_reach(indptr, cand, cap, s_edge)
    timings["max_matching"] = time.perf_counter() - t

    edge = np.full(n, -1, dtype=np.int64)
    stats: dict[str, int] = {
        "max_placed": int(np.count_nonzero(s_edge >= 0)),
        "greedy_unplaced": int(mm[0]),
        "matching_searches": int(mm[1]),
        "matching_augmentations": int(mm[2]),
        "matching_pops": int(mm[3]),
        "oversubscribed_students": int(np.count_nonzero(reach_s)),
        "oversubscribed_placements": int(np.count_nonzero(reach_p)),
    }

    # Part A: students placed in every maximum allocation; they may not use the
    # over-subscribed placements (those are filled by part B in every maximum allocation).
    t = time.perf_counter()
    left_a = np.flatnonzero(~reach_s).astype(np.int64)
    if left_a.size:
        l_edge, counters = _ssp(left_a, indptr, cand, cost, cap, ~reach_p)
        if counters[0] < 0:  # pragma: no cover - would be a bug in the decomposition
            raise RuntimeError("allocation engine: part A has no cover")
        edge[left_a] = l_edge
        stats["searches_a"] = int(counters[0])
        stats["fast_paths_a"] = int(counters[1])
        stats["pops_a"] = int(counters[2])
    timings["solve_placed"] = time.perf_counter() - t

    # Part B: every seat of the over-subscribed placements is filled; choose by whom.
    # Seen from the seats this is again "cover every left node", on the transposed graph.
    t = time.perf_counter()
    if np.any(reach_s) and np.any(reach_p):
        rows = _student_rows(problem)
        e_b = np.flatnonzero(reach_s[rows]).astype(np.int64)
        p_ids = np.flatnonzero(reach_p)
        p_local = np.full(m, -1, dtype=np.int64)
        p_local[p_ids] = np.arange(p_ids.size)
        s_ids = np.flatnonzero(reach_s)
        s_local = np.full(n, -1, dtype=np.int64)
        s_local[s_ids] = np.arange(s_ids.size)
        ep = p_local[cand[e_b]]
        order = np.argsort(ep, kind="stable")
        e_sorted = e_b[order]
        b_indptr = np.zeros(p_ids.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(ep, minlength=p_ids.size), out=b_indptr[1:])
        b_adj = s_local[rows[e_sorted]].astype(np.int32)
        b_cost = cost[e_sorted]
        seats = cap[p_ids]
        left_b = np.repeat(np.arange(p_ids.size, dtype=np.int64), seats)
        right_cap = np.ones(s_ids.size, dtype=np.int64)
        l_edge, counters = _ssp(
            left_b, b_indptr, b_adj, b_cost, right_cap, np.ones(s_ids.size, dtype=np.bool_)
        )
        if counters[0] < 0:  # pragma: no cover - would be a bug in the decomposition
            raise RuntimeError("allocation engine: part B has no cover")
        orig = e_sorted[l_edge]
        edge[rows[orig]] = orig
        stats["searches_b"] = int(counters[0])
        stats["fast_paths_b"] = int(counters[1])
        stats["pops_b"] = int(counters[2])
    timings["solve_oversubscribed"] = time.perf_counter() - t
    return edge, stats


def allocate(problem: AllocationProblem, mode: Mode = "optimal") -> AllocationResult:
    """Allocate students to placement-periods.

    ``mode="optimal"``: maximum number placed, then minimum total cost (exact).
    ``mode="stable"``: student-proposing deferred acceptance with placements ranking students
    by ``problem.priority`` (default: student index), ties broken by student index.
    """
    if not isinstance(problem, AllocationProblem):
        raise TypeError("problem must be an AllocationProblem")
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    stats: dict[str, int] = {}
    if mode == "optimal":
        edge, stats = _solve_optimal(problem, timings)
    elif mode == "stable":
        t = time.perf_counter()
        order = _priority_order(problem)
        edge = _serial_dictatorship(order, problem.indptr, problem.candidates, problem.capacity)
        timings["deferred_acceptance"] = time.perf_counter() - t
    else:
        raise ValueError(f"mode must be 'optimal' or 'stable', got {mode!r}")

    placed = edge >= 0
    assignment = np.full(problem.n_students, -1, dtype=np.int32)
    assignment[placed] = problem.candidates[edge[placed]]
    rank = np.full(problem.n_students, -1, dtype=np.int32)
    students = np.flatnonzero(placed)
    rank[placed] = edge[placed] - problem.indptr[students]
    total_cost = int(problem.cost[edge[placed]].sum())
    timings["total"] = time.perf_counter() - t0
    assignment.setflags(write=False)
    rank.setflags(write=False)
    return AllocationResult(
        assignment=assignment,
        rank=rank,
        mode=mode,
        n_placed=int(students.size),
        total_cost=total_cost,
        timings=timings,
        stats=stats,
    )


def verify(problem: AllocationProblem, result: AllocationResult | IntArray) -> VerifyReport:
    """Check an allocation against the problem, independently of how it was computed.

    Counts placements over capacity, students assigned outside their candidate list, students
    placed, total cost and blocking pairs in the stable sense: student ``s`` prefers
    placement ``p`` (earlier in its list) to its assignment or is unplaced, and ``p`` has a
    free seat or holds a student with a worse priority than ``s``.
    """
    raw = result.assignment if isinstance(result, AllocationResult) else result
    a = np.asarray(raw).astype(np.int64, copy=False)
    n, m = problem.n_students, problem.n_placements
    if a.shape != (n,):
        raise ValueError(f"assignment must have shape ({n},), got {a.shape}")
    indptr, cand, cost, cap = problem.indptr, problem.candidates, problem.cost, problem.capacity
    row_len = np.diff(indptr)
    rows = np.repeat(np.arange(n, dtype=np.int64), row_len)
    pos = np.arange(indptr[-1], dtype=np.int64) - indptr[rows]

    hit = cand == a[rows]
    assigned_pos = row_len.copy()  # "worse than every candidate" for the unplaced
    np.minimum.at(assigned_pos, rows[hit], pos[hit])
    is_cand = np.zeros(n, dtype=bool)
    is_cand[rows[hit]] = True
    placed = a >= 0
    non_candidate = int(np.count_nonzero(placed & ~is_cand))

    in_range = placed & (a < m)
    load = np.bincount(a[in_range], minlength=m)[:m] if m else np.zeros(0, dtype=np.int64)
    over = load > cap
    total_cost = int(cost[hit].sum())

    if problem.priority is None:
        key = np.arange(n, dtype=np.int64)
    else:
        key = np.empty(n, dtype=np.int64)
        key[np.argsort(problem.priority, kind="stable")] = np.arange(n, dtype=np.int64)
    worst = np.full(m, -1, dtype=np.int64)
    np.maximum.at(worst, a[in_range], key[in_range])
    preferred = pos < assigned_pos[rows]
    p = cand.astype(np.int64)
    blocking = preferred & ((load[p] < cap[p]) | (worst[p] > key[rows]))
    return VerifyReport(
        capacity_violations=int(np.count_nonzero(over)),
        excess_students=int((load - cap)[over].sum()),
        non_candidate=non_candidate,
        n_placed=int(np.count_nonzero(placed)),
        total_cost=total_cost,
        blocking_pairs=int(np.count_nonzero(blocking)),
    )


def warmup() -> float:
    """Compile (or load from the on-disk cache) every kernel; returns the seconds it took.

    A web process can call this at start-up so that the first real request does not pay the
    Numba compile time.
    """
    t = time.perf_counter()
    problem = AllocationProblem.from_lists(
        capacity=[1, 1], candidates=[[0, 1], [0], [0, 1]], cost=[[1, 2], [1], [3, 1]]
    )
    allocate(problem, "optimal")
    allocate(problem, "stable")
    return time.perf_counter() - t
