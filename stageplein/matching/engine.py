"""Allocation engine: assign students to placement-periods, exactly and fast.

This module is deliberately free of Django so that it can be benchmarked, tested and reused on
plain arrays. The Django layer builds an :class:`AllocationProblem` from the database, calls
:func:`allocate` and maps the returned indices back to model instances.

Two modes:

``optimal``
    Place as many students as possible and, among all allocations that do, pick one with the
    least total cost. This is an exact minimum-cost maximum-flow optimum (see
    ``docs/matching-engine.md`` for the argument), computed per connected component:

    1. a cost-blind cardinality step (a push-relabel maximum flow, ``engine_maxflow``) finds
       the over-subscribed part of the Dulmage-Mendelsohn decomposition (part B): in every
       maximum allocation its placements are full and filled from its students only, and
       everyone else is placed;
    2. part A: successive shortest augmenting paths (Dijkstra on reduced costs, with dual
       prices) add the other students one by one, on the placements outside part B;
    3. part B is solved from the seats' side, where every seat must be covered.

    With ``CARDINALITY_FIRST = False`` part B is found by part A's failed searches instead: a
    student with no augmenting path is dropped together with its search tree (a Hungarian
    tree, which stays without augmenting path). No big-M penalty is needed either way, so
    there is no overflow risk with int32 costs. The result carries node potentials from the
    duals, with which :func:`verify` certifies the optimum independently.

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

import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import numpy as np
import numpy.typing as npt

__all__ = [
    "HAVE_NUMBA",
    "AllocationProblem",
    "AllocationResult",
    "Potentials",
    "VerifyReport",
    "allocate",
    "competition",
    "verify",
    "warmup",
]

F = TypeVar("F", bound=Callable[..., Any])

try:
    import numba as _numba

    HAVE_NUMBA = True

    def _jit[F: Callable[..., Any]](func: F) -> F:
        # cache=True keeps the compiled code on disk, so only the very first process pays
        # the compile time; nogil lets a web worker thread allocate without blocking others.
        return _numba.njit(cache=True, nogil=True, error_model="numpy")(func)  # type: ignore[return-value]

except ImportError:  # pragma: no cover - exercised only where numba is absent
    HAVE_NUMBA = False

    def _jit[F: Callable[..., Any]](func: F) -> F:
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
    cost: npt.NDArray[np.int32]
    priority: npt.NDArray[np.int64] | None = None

    def __post_init__(self) -> None:
        capacity = _as_int_array("capacity", self.capacity, np.int64)
        indptr = _as_int_array("indptr", self.indptr, np.int64)
        candidates = _as_int_array("candidates", self.candidates, np.int32)
        # int32 halves the memory traffic of the hot loops; kernels compute in int64.
        cost = _as_int_array("cost", self.cost, np.int32)

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
        capacity: Sequence[int] | IntArray,
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
class Potentials:
    """Node potentials that certify an ``optimal`` allocation (see :func:`verify`).

    In the residual network (source -> students -> placements -> sink, the assigned edges
    and filled seats reversed) every arc ``x -> y`` has a reduced cost
    ``cost + pi[x] - pi[y] >= 0``: no exchange of students lowers the total cost.
    """

    student: npt.NDArray[np.int64]
    placement: npt.NDArray[np.int64]
    source: int
    sink: int


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
    potentials: Potentials | None = None  # optimal mode only

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
    # No augmenting path: no allocation places more students (checked by a search).
    maximum: bool = False
    # Maximum, feasible and the potentials give every residual arc a reduced cost >= 0, so no
    # allocation placing as many students costs less. None when there are no potentials.
    certified_optimal: bool | None = None

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
def _locality_order(indptr: I64, candidates: I32, n_placements: int) -> tuple[I64, I64, I64, I64]:
    """Breadth-first order of students and a matching renumbering of placements.

    Shortest-path searches touch a student's neighbourhood; numbering both sides in BFS order
    keeps those neighbourhoods close in memory (several times fewer cache misses on
    national-size inputs), and processing students in that order keeps the working set small.
    The search also finds the connected components, which are independent sub-problems:
    each occupies a contiguous range of the order and of the new placement numbers.
    Returns the student order, each placement's new index, and the start of every component
    in both (with a final end marker).
    """
    n = indptr.shape[0] - 1
    t_ptr = np.zeros(n_placements + 1, dtype=np.int64)
    for e in range(indptr[n]):
        t_ptr[candidates[e] + 1] += 1
    for p in range(n_placements):
        t_ptr[p + 1] += t_ptr[p]
    fill = t_ptr[:-1].copy()
    t_student = np.empty(indptr[n], dtype=np.int32)
    for s in range(n):
        for e in range(indptr[s], indptr[s + 1]):
            p = candidates[e]
            t_student[fill[p]] = s
            fill[p] += 1
    order = np.empty(n, dtype=np.int64)
    seen = np.zeros(n, dtype=np.bool_)
    p_new = np.full(n_placements, -1, dtype=np.int64)
    next_p = 0
    tail = 0
    comp_s = np.empty(n + 1, dtype=np.int64)
    comp_p = np.empty(n + 1, dtype=np.int64)
    n_comp = 0
    for root in range(n):
        if seen[root]:
            continue
        comp_s[n_comp] = tail
        comp_p[n_comp] = next_p
        n_comp += 1
        seen[root] = True
        head = tail
        order[tail] = root
        tail += 1
        while head < tail:
            s = order[head]
            head += 1
            for e in range(indptr[s], indptr[s + 1]):
                p = candidates[e]
                if p_new[p] >= 0:
                    continue
                p_new[p] = next_p
                next_p += 1
                for k in range(t_ptr[p], t_ptr[p + 1]):
                    s2 = t_student[k]
                    if not seen[s2]:
                        seen[s2] = True
                        order[tail] = s2
                        tail += 1
    comp_s[n_comp] = tail
    comp_p[n_comp] = next_p
    for p in range(n_placements):
        if p_new[p] < 0:
            p_new[p] = next_p
            next_p += 1
    return order, p_new, comp_s[: n_comp + 1].copy(), comp_p[: n_comp + 1].copy()


@_jit
def _sorted_rows(
    indptr: I64, candidates: I32, cost: I32, p_new: I64, order: I64
) -> tuple[I64, I32, I32, I32]:
    """The rows in processing order, each row's (renumbered) candidates sorted by cost.

    Row ``i`` of the result is student ``order[i]``; returns its row pointers, the
    candidates, their costs and their positions within the original row. Sorted rows let a
    search stop scanning a row as soon as its cost alone exceeds the best augmenting path
    found so far; ties keep list order, so results stay deterministic. Storing the rows in
    processing order keeps a search's rows (its neighbourhood) close together in memory:
    with the rows in input order, loading each settled student's row was a cache miss and
    about half of the search time.
    """
    n = order.shape[0]
    o_indptr = np.zeros(n + 1, dtype=np.int64)
    for i in range(n):
        s = order[i]
        o_indptr[i + 1] = o_indptr[i] + indptr[s + 1] - indptr[s]
    nnz = o_indptr[n]
    adj = np.empty(nnz, dtype=np.int32)
    cst = np.empty(nnz, dtype=np.int32)
    pos = np.empty(nnz, dtype=np.int32)
    for i in range(n):
        s = order[i]
        a = o_indptr[i]
        for e0 in range(indptr[s], indptr[s + 1]):
            e = a + e0 - indptr[s]
            c = cost[e0]
            q = p_new[candidates[e0]]
            j = e
            # Insertion sort: rows are short (tens of entries) and often nearly sorted.
            while j > a and cst[j - 1] > c:
                cst[j] = cst[j - 1]
                adj[j] = adj[j - 1]
                pos[j] = pos[j - 1]
                j -= 1
            cst[j] = c
            adj[j] = q
            pos[j] = e - a
    return o_indptr, adj, cst, pos


# Columns of the per-right-node records used by _ssp. Edge relaxations dominate the running
# time and each touches a random right node, so everything a relaxation reads sits in one
# 32-byte row ("hot"); the rest ("cold") is only read when a node is popped or on the
# augmenting path. The hot row holds _V = 2 * price + full (a relaxation's key
# 2 * distance + full then needs no separate "full" flag), the tentative key and the
# search stamps. A dead node has _SEEN = max and _KEY = -max, so the one test "seen in this
# search with a key at most as large" also rejects dead and already settled nodes (a
# settled node's key is final and no larger than any new one).
_V, _KEY, _SEEN, _DONE = 0, 1, 2, 3
_LOAD, _CAP, _START, _PRED = 0, 1, 2, 3


# The heaps below never grow: a kernel that reassigns an array inside its search loop makes
# Numba update reference counts (atomic calls) on every iteration, which cost the searches
# 40 % of their time. A lazy-deletion heap holds at most one live entry per node (pushes
# only ever lower a node's key), so when it fills up, dropping the stale entries
# (_heap_compact) always makes room.


@_jit
def _heap_push(hk: I64, hv: I64, size: Any, key: Any, val: Any) -> Any:
    """Push onto a binary min-heap in ``hk``/``hv`` (the caller ensures room); new size."""
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if hk[parent] <= key:
            break
        hk[i] = hk[parent]
        hv[i] = hv[parent]
        i = parent
    hk[i] = key
    hv[i] = val
    return size + 1


@_jit
def _heap_pop(hk: I64, hv: I64, size: Any) -> tuple[Any, Any, Any]:
    """Remove the heap's minimum; returns its key, value and the new size."""
    key = hk[0]
    val = hv[0]
    size -= 1
    if size > 0:
        last_k = hk[size]
        last_v = hv[size]
        i = 0
        while True:
            c = 2 * i + 1
            if c >= size:
                break
            if c + 1 < size and hk[c + 1] < hk[c]:
                c += 1
            if hk[c] >= last_k:
                break
            hk[i] = hk[c]
            hv[i] = hv[c]
            i = c
        hk[i] = last_k
        hv[i] = last_v
    return key, val, size


@_jit
def _heap_compact(hk: I64, hv: I64, size: Any, cur: I64, stride: Any, offset: Any) -> Any:
    """Drop stale entries (key != ``cur[stride * value + offset]``, the value's current key)
    and restore the heap order; returns the new size."""
    n = 0
    for i in range(size):
        if hk[i] == cur[stride * hv[i] + offset]:
            hk[n] = hk[i]
            hv[n] = hv[i]
            n += 1
    for top in range(n // 2 - 1, -1, -1):
        k = hk[top]
        v = hv[top]
        i = top
        while True:
            c = 2 * i + 1
            if c >= n:
                break
            if c + 1 < n and hk[c + 1] < hk[c]:
                c += 1
            if hk[c] >= k:
                break
            hk[i] = hk[c]
            hv[i] = hv[c]
            i = c
        hk[i] = k
        hv[i] = v
    return n


@_jit
def _global_update(
    left_row: I64,
    indptr: I64,
    adj: I32,
    cost: I32,
    r0: Any,
    rec: I64,
    cold: I64,
    isfull: npt.NDArray[np.uint8],
    slot_left: I64,
    u: I64,
    l_edge: I64,
    l_right: I64,
    col_ptr: I64,
    col_left: I32,
    col_edge: I32,
) -> int:
    """Raise the prices to exact distances to a free seat (a global price update).

    A Dijkstra search backwards from every live right node with a free unit over the
    residual network (under the current reduced costs, which are >= 0) gives each node
    its distance ``D`` to a free unit; nodes that reach none get the largest distance
    found. ``v += D`` on right nodes and ``u += D`` of its right node on each assigned left
    node keeps every reduced cost >= 0 (``D`` satisfies the triangle inequality on every
    residual arc) and
    makes a zero-reduced-cost path lead from every assigned node to a free unit, so the
    next searches stop early instead of exploring everything closer than a far free seat.
    Free units keep ``v = 0`` and only full right nodes rise, as the searches require.
    Returns the number of nodes settled.
    """
    n_left = left_row.shape[0]
    n_right = isfull.shape[0]
    big = np.iinfo(np.int64).max
    # Distances of right node r at dist[r], of left node lx at dist[n_right + lx].
    dist = np.full(n_right + n_left, big, dtype=np.int64)
    room = 2 * (n_right + n_left) + 2
    hk = np.empty(room, dtype=np.int64)
    hv = np.empty(room, dtype=np.int64)
    size = 0
    for r in range(n_right):
        if rec[4 * r + _DONE] >= 0 and isfull[r] == 0 and cold[4 * r + _CAP] > 0:
            dist[r] = 0
            size = _heap_push(hk, hv, size, np.int64(0), np.int64(r))
    settled = 0
    d_max = 0
    while size > 0:
        d, x, size = _heap_pop(hk, hv, size)
        if d != dist[x]:
            continue
        if x < n_right:
            r = x
            settled += 1
            d_max = d
            v_r = rec[4 * r + _V] >> 1
            # Arcs into r: unassigned edges l -> r of assigned left nodes elsewhere.
            for c in range(col_ptr[r], col_ptr[r + 1]):
                lx = col_left[c]
                if l_edge[lx] < 0 or l_right[lx] == r:
                    continue
                nd = d + np.int64(cost[col_edge[c]]) + v_r - u[lx]
                if nd < dist[n_right + lx]:
                    dist[n_right + lx] = nd
                    if size == room:
                        size = _heap_compact(hk, hv, size, dist, 1, 0)
                    size = _heap_push(hk, hv, size, nd, np.int64(n_right + lx))
        else:
            lx = x - n_right
            settled += 1
            d_max = d
            # The arc into lx: from its right node, reduced cost 0.
            r = l_right[lx]
            if rec[4 * r + _DONE] >= 0 and d < dist[r]:
                dist[r] = d
                if size == room:
                    size = _heap_compact(hk, hv, size, dist, 1, 0)
                size = _heap_push(hk, hv, size, d, np.int64(r))
    for r in range(n_right):
        if rec[4 * r + _DONE] < 0:
            continue
        rec[4 * r + _V] += 2 * min(dist[r], d_max)
    # A left node rises with its own right node, not by its own distance (which may be
    # larger): that keeps its assigned edge tight, as the searches assume, and its other
    # edges stay >= 0 because its own right node is at most as far as itself.
    for lx in range(n_left):
        if l_edge[lx] >= 0 and rec[4 * l_right[lx] + _DONE] >= 0:
            u[lx] += min(dist[l_right[lx]], d_max)
    return settled


@_jit
def _ssp(
    left_row: I64,
    indptr: I64,
    adj: I32,
    cost: I32,
    r0: int | np.int64,
    right_cap: I64,
    drop_failures: int | np.int64,
    dead_init: npt.NDArray[np.bool_],
    init_edge: I64,
    init_v: I64,
    global_every: int | np.int64,
) -> tuple[I64, npt.NDArray[np.bool_], I64, I64, I64]:
    """Min-cost assignment of left nodes (one unit each), by successive shortest paths.

    Left node ``l`` (processed in array order) may use the edges of CSR row ``left_row[l]``,
    sorted by cost; edge ``e`` leads to right node ``adj[e] - r0``, which takes at most
    ``right_cap[adj[e] - r0]`` units.

    Dual prices ``v`` (right) and ``u`` (left) keep every residual reduced cost
    ``cost + v[r] - u[l]`` non-negative, so each augmentation is a Dijkstra search that stops
    at the first right node with a free unit. Prices start at zero and only rise, and only on
    full right nodes: the complementary slackness of the capacity constraints. Ties in
    distance pop free nodes first, and nothing at or beyond the best free node is queued (as
    rows are sorted by cost, the rest of a row is skipped once its cost alone is too high).

    When no augmenting path exists for a left node and ``drop_failures`` is set, the node
    stays unassigned and every right node of its search tree is marked dead: a Hungarian tree
    without an augmenting path keeps none after later augmentations, so dead nodes are
    skipped from then on. Those nodes are exactly the over-subscribed part of the
    Dulmage-Mendelsohn decomposition. Without ``drop_failures`` a failure aborts.

    Right nodes flagged in ``dead_init`` are dead from the start (the cardinality step has
    already found them to be over-subscribed).

    ``init_edge`` (per left node, -1 = none) and ``init_v`` (per right node) are a warm
    start: a partial assignment with prices under which every assigned left node's edge is
    a cheapest ``cost + v`` of its row, ``v >= 0``, and ``v > 0`` only on full right nodes
    (the invariants above, so the searches stay exact); those left nodes are skipped. A cold
    start passes all -1 and zeros.

    Returns the edge per left node (-1 = none), the dead flags per right node, counters
    [searches, fast paths, pops, failures, aborted_at, relaxations, pushes] and the final
    duals ``u`` (left) and ``v`` (right).
    """
    n_left = left_row.shape[0]
    n_right = right_cap.shape[0]
    rec = np.zeros(4 * n_right, dtype=np.int64)
    cold = np.zeros(4 * n_right, dtype=np.int64)
    isfull = np.zeros(n_right, dtype=np.uint8)
    acc = 0
    big = np.iinfo(np.int64).max
    for r in range(n_right):
        cold[4 * r + _CAP] = right_cap[r]
        cold[4 * r + _START] = acc
        acc += right_cap[r]
        isfull[r] = right_cap[r] == 0
        if dead_init[r]:
            rec[4 * r + _DONE] = -1
            rec[4 * r + _SEEN] = big
            rec[4 * r + _KEY] = -big
    slot_left = np.full(acc, -1, dtype=np.int64)
    u = np.zeros(n_left, dtype=np.int64)
    l_edge = np.full(n_left, -1, dtype=np.int64)
    l_right = np.full(n_left, -1, dtype=np.int64)
    l_slot = np.full(n_left, -1, dtype=np.int64)

    pred_edge = np.zeros(n_right, dtype=np.int64)
    row_stamp = np.zeros(indptr.shape[0] - 1, dtype=np.int64)
    row_base = np.zeros(indptr.shape[0] - 1, dtype=np.int64)
    fin_r = np.empty(n_right, dtype=np.int64)
    fin_l = np.empty(n_left, dtype=np.int64)
    fin_ld = np.empty(n_left, dtype=np.int64)

    for l0 in range(n_left):
        e = init_edge[l0]
        if e < 0:
            continue
        r = adj[e] - r0
        k = cold[4 * r + _START] + cold[4 * r + _LOAD]
        cold[4 * r + _LOAD] += 1
        isfull[r] = cold[4 * r + _LOAD] >= cold[4 * r + _CAP]
        slot_left[k] = l0
        l_slot[l0] = k
        l_right[l0] = r
        l_edge[l0] = e
        u[l0] = cost[e] + init_v[r]
    for r in range(n_right):
        rec[4 * r + _V] = 2 * init_v[r] + isfull[r]
    # At most one live entry per right node (see _heap_compact).
    heap_room = 2 * n_right + 2
    heap_k = np.empty(heap_room, dtype=np.int64)
    heap_r = np.empty(heap_room, dtype=np.int64)
    counters = np.zeros(8, dtype=np.int64)
    counters[4] = -1
    # Global price updates need each right node's column (left node, edge); rows must not
    # be shared between left nodes then (part A's rows are the students').
    col_ptr = np.zeros(n_right + 1, dtype=np.int64)
    if global_every > 0:
        for lx in range(n_left):
            row = left_row[lx]
            for e in range(indptr[row], indptr[row + 1]):
                col_ptr[adj[e] - r0 + 1] += 1
        for r in range(n_right):
            col_ptr[r + 1] += col_ptr[r]
    col_left = np.empty(col_ptr[n_right], dtype=np.int32)
    col_edge = np.empty(col_ptr[n_right], dtype=np.int32)
    if global_every > 0:
        fill = col_ptr[:-1].copy()
        for lx in range(n_left):
            row = left_row[lx]
            for e in range(indptr[row], indptr[row + 1]):
                r = adj[e] - r0
                col_left[fill[r]] = lx
                col_edge[fill[r]] = e
                fill[r] += 1
    relax_mark = 0

    n_relax = 0
    n_push = 0
    stamp = 0
    for l0 in range(n_left):
        if l_edge[l0] >= 0:
            continue  # placed by the warm start
        row = left_row[l0]
        # Fast path: if the cheapest first step (free nodes first on ties) ends at a free
        # unit, it is a shortest augmenting path, since every path costs at least its first
        # step.
        best = big
        best_e = -1
        for e in range(indptr[row], indptr[row + 1]):
            if 2 * np.int64(cost[e]) >= best:
                break
            r = adj[e] - r0
            if rec[4 * r + _DONE] < 0:
                continue
            key = 2 * np.int64(cost[e]) + rec[4 * r + _V]
            if key < best:
                best = key
                best_e = e
        if best_e >= 0 and (best & 1) == 0:
            r = adj[best_e] - r0
            u[l0] = best >> 1
            k = cold[4 * r + _START] + cold[4 * r + _LOAD]
            cold[4 * r + _LOAD] += 1
            isfull[r] = cold[4 * r + _LOAD] >= cold[4 * r + _CAP]
            rec[4 * r + _V] = (rec[4 * r + _V] & ~np.int64(1)) | isfull[r]
            slot_left[k] = l0
            l_slot[l0] = k
            l_right[l0] = r
            l_edge[l0] = best_e
            counters[1] += 1
            continue

        if global_every > 0 and n_relax - relax_mark > global_every:
            _global_update(
                left_row,
                indptr,
                adj,
                cost,
                r0,
                rec,
                cold,
                isfull,
                slot_left,
                u,
                l_edge,
                l_right,
                col_ptr,
                col_left,
                col_edge,
            )
            counters[7] += 1
            relax_mark = n_relax
        counters[0] += 1
        stamp += 1
        n_fr = 0
        n_fl = 1
        fin_l[0] = l0
        fin_ld[0] = 0
        hsize = 0
        bound = big
        term = -1
        d_term = 0
        li = 0  # next finalised left node whose edges still have to be relaxed
        while True:
            while li < n_fl:
                lx = fin_l[li]
                base = fin_ld[li] - u[lx]
                li += 1
                rowx = left_row[lx]
                # Left nodes may share a row (the seats of one placement in part B). A row
                # already relaxed from a base at least as good cannot improve anything.
                if row_stamp[rowx] == stamp and row_base[rowx] <= base:
                    continue
                row_stamp[rowx] = stamp
                row_base[rowx] = base
                for e in range(indptr[rowx], indptr[rowx + 1]):
                    if 2 * (base + cost[e]) >= bound:
                        break
                    r = adj[e] - r0
                    n_relax += 1
                    key = 2 * (base + cost[e]) + rec[4 * r + _V]
                    if key >= bound:
                        continue
                    # Rejects settled and dead nodes too (see _V, _KEY, _SEEN, _DONE).
                    if rec[4 * r + _SEEN] >= stamp and key >= rec[4 * r + _KEY]:
                        continue
                    rec[4 * r + _SEEN] = stamp
                    rec[4 * r + _KEY] = key
                    cold[4 * r + _PRED] = lx
                    pred_edge[r] = e
                    if (key & 1) == 0:
                        bound = key
                    n_push += 1
                    # Push onto the binary heap (lazy deletion: stale entries are skipped).
                    if hsize == heap_room:
                        hsize = _heap_compact(heap_k, heap_r, hsize, rec, 4, _KEY)
                    i = hsize
                    hsize += 1
                    while i > 0:
                        parent = (i - 1) >> 1
                        if heap_k[parent] <= key:
                            break
                        heap_k[i] = heap_k[parent]
                        heap_r[i] = heap_r[parent]
                        i = parent
                    heap_k[i] = key
                    heap_r[i] = r
            if hsize == 0:
                break
            key = heap_k[0]
            r = heap_r[0]
            hsize -= 1
            if hsize > 0:
                last_k = heap_k[hsize]
                last_r = heap_r[hsize]
                i = 0
                while True:
                    c = 2 * i + 1
                    if c >= hsize:
                        break
                    if c + 1 < hsize and heap_k[c + 1] < heap_k[c]:
                        c += 1
                    if heap_k[c] >= last_k:
                        break
                    heap_k[i] = heap_k[c]
                    heap_r[i] = heap_r[c]
                    i = c
                heap_k[i] = last_k
                heap_r[i] = last_r
            if rec[4 * r + _DONE] == stamp or key != rec[4 * r + _KEY]:
                continue
            counters[2] += 1
            rec[4 * r + _DONE] = stamp
            fin_r[n_fr] = r
            n_fr += 1
            d = key >> 1
            if (key & 1) == 0:
                term = r
                d_term = d
                break
            # A full right node: its left nodes are reached at the same distance, because
            # the reverse of an assigned edge has reduced cost zero.
            k0 = cold[4 * r + _START]
            for k in range(k0, k0 + cold[4 * r + _LOAD]):
                fin_l[n_fl] = slot_left[k]
                fin_ld[n_fl] = d
                n_fl += 1

        if term < 0:
            counters[3] += 1
            if drop_failures == 0:
                counters[4] = l0
                break
            for i in range(n_fr):
                rec[4 * fin_r[i] + _DONE] = -1
                rec[4 * fin_r[i] + _SEEN] = big
                rec[4 * fin_r[i] + _KEY] = -big
            continue

        # Price update keeps all reduced costs non-negative and makes the path tight.
        for i in range(n_fr):
            r = fin_r[i]
            rec[4 * r + _V] += 2 * (d_term - (rec[4 * r + _KEY] >> 1))
        for i in range(n_fl):
            u[fin_l[i]] += d_term - fin_ld[i]

        # Augment: each left node on the path moves into the slot its successor vacated.
        r = term
        k_new = cold[4 * r + _START] + cold[4 * r + _LOAD]
        cold[4 * r + _LOAD] += 1
        isfull[r] = cold[4 * r + _LOAD] >= cold[4 * r + _CAP]
        rec[4 * r + _V] = (rec[4 * r + _V] & ~np.int64(1)) | isfull[r]
        while True:
            lx = cold[4 * r + _PRED]
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
    counters[5] = n_relax
    counters[6] = n_push
    dead = np.zeros(n_right, dtype=np.bool_)
    v = np.zeros(n_right, dtype=np.int64)
    for r in range(n_right):
        dead[r] = rec[4 * r + _DONE] < 0
        v[r] = rec[4 * r + _V] >> 1
    return l_edge, dead, counters, u, v


@_jit
def _max_matching(
    left_row: I64, indptr: I64, adj: I32, r0: int | np.int64, right_cap: I64
) -> tuple[I64, npt.NDArray[np.bool_], I64]:
    """Maximum-cardinality assignment, ignoring costs: the cardinality step.

    A greedy pass gives every left node its cheapest right node with a free unit (rows are
    sorted by cost). Then phases in the manner of Pothen and Fan: every left node still
    unassigned runs a depth-first search for an augmenting path, each visited left node
    first looking ahead for a free unit among its own edges (a per-node pointer that only
    moves forward, as a full node stays full); a node visited once in a phase is not visited
    again in that phase, so a phase costs at most one pass over the edges. Phases repeat
    until one augments nothing. That last phase explored, without changing anything,
    everything reachable by alternating paths from the unassigned left nodes: those right
    nodes are returned as dead, and with their occupants and the unassigned left nodes they
    are exactly the over-subscribed part of the Dulmage-Mendelsohn decomposition. Knowing it
    up front spares the cost-aware search the expensive failed Dijkstra searches through
    over-subscribed regions.

    Returns the edge per left node (-1 = none), the dead flags and counters
    [phases, searches, unassigned, visited left nodes].
    """
    n_left = left_row.shape[0]
    n_right = right_cap.shape[0]
    start = np.zeros(n_right + 1, dtype=np.int64)
    for r in range(n_right):
        start[r + 1] = start[r] + right_cap[r]
    load = np.zeros(n_right, dtype=np.int64)
    slot_left = np.full(start[n_right], -1, dtype=np.int64)
    l_edge = np.full(n_left, -1, dtype=np.int64)
    l_slot = np.full(n_left, -1, dtype=np.int64)
    look = np.empty(n_left, dtype=np.int64)
    dead = np.zeros(n_right, dtype=np.bool_)
    counters = np.zeros(4, dtype=np.int64)

    for l0 in range(n_left):
        row = left_row[l0]
        look[l0] = indptr[row]
        for e in range(indptr[row], indptr[row + 1]):
            r = adj[e] - r0
            if load[r] < right_cap[r]:
                k = start[r] + load[r]
                load[r] += 1
                slot_left[k] = l0
                l_slot[l0] = k
                l_edge[l0] = e
                look[l0] = e
                break

    stack = np.empty(n_left, dtype=np.int64)
    cur_e = np.empty(n_left, dtype=np.int64)  # per stack level: edge being explored
    cur_k = np.empty(n_left, dtype=np.int64)  # per stack level: next occupant of its node
    par = np.empty(n_left, dtype=np.int64)
    par_e = np.empty(n_left, dtype=np.int64)
    lvis = np.zeros(n_left, dtype=np.int64)
    rvis = np.zeros(n_right, dtype=np.int64)
    stamp = 0
    augmented = 1
    while augmented > 0:
        stamp += 1
        augmented = 0
        for l0 in range(n_left):
            if l_edge[l0] >= 0 or lvis[l0] == stamp:
                continue
            counters[1] += 1
            lvis[l0] = stamp
            par[l0] = -1
            depth = 0
            stack[0] = l0
            cur_e[0] = indptr[left_row[l0]] - 1
            cur_k[0] = 0
            term_l = -1
            term_e = -1
            fresh = True  # the top of the stack has not looked ahead yet
            while depth >= 0:
                lx = stack[depth]
                row = left_row[lx]
                end = indptr[row + 1]
                if fresh:
                    counters[3] += 1
                    fresh = False
                    while look[lx] < end:
                        r = adj[look[lx]] - r0
                        if not dead[r] and load[r] < right_cap[r]:
                            term_l = lx
                            term_e = look[lx]
                            break
                        look[lx] += 1
                    if term_l >= 0:
                        break
                # Depth first: the next unvisited occupant of the current node, else the next node.
                e = cur_e[depth]
                child = -1
                while True:
                    if e >= indptr[row]:
                        r = adj[e] - r0
                        k = cur_k[depth]
                        stop = start[r] + load[r]
                        while k < stop:
                            l2 = slot_left[k]
                            k += 1
                            if lvis[l2] != stamp:
                                child = l2
                                break
                        cur_k[depth] = k
                        if child >= 0:
                            break
                    e += 1
                    while e < end:
                        r = adj[e] - r0
                        if not dead[r] and rvis[r] != stamp:
                            break
                        e += 1
                    if e >= end:
                        break
                    rvis[r] = stamp
                    cur_e[depth] = e
                    cur_k[depth] = start[r]
                if child < 0:
                    depth -= 1
                    continue
                lvis[child] = stamp
                par[child] = lx
                par_e[child] = e
                depth += 1
                stack[depth] = child
                cur_e[depth] = indptr[left_row[child]] - 1
                cur_k[depth] = 0
                fresh = True
            if term_l < 0:
                continue
            augmented += 1
            # Augment: each left node on the path moves on, its predecessor takes its old slot.
            lx = term_l
            e = term_e
            r = adj[e] - r0
            k_new = start[r] + load[r]
            load[r] += 1
            while True:
                k_old = l_slot[lx]
                slot_left[k_new] = lx
                l_slot[lx] = k_new
                l_edge[lx] = e
                if par[lx] < 0:
                    break
                e = par_e[lx]
                k_new = k_old
                lx = par[lx]
    # The last phase augmented nothing, so its searches explored, unchanged, everything
    # reachable by alternating paths from the unassigned left nodes: part B.
    for r in range(n_right):
        dead[r] = rvis[r] == stamp
    for l0 in range(n_left):
        if l_edge[l0] < 0:
            counters[2] += 1
    counters[0] = stamp
    return l_edge, dead, counters


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def _priority_order(problem: AllocationProblem) -> I64:
    if problem.priority is None:
        return np.arange(problem.n_students, dtype=np.int64)
    # A stable sort breaks ties by student index, as documented.
    return np.argsort(problem.priority, kind="stable").astype(np.int64)


def _default_threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


# Whether a component's part B is found by the cardinality step (True) or by part A's failed
# searches (False). Both give the same optimum and certificate. With the push-relabel step
# (engine_maxflow, ~0.4 s on 195,000 students) finding part B first is faster on every
# instance measured, because part A's searches then stay out of the over-subscribed areas
# (docs/matching-engine.md has the numbers).
CARDINALITY_FIRST = True

# Global price updates in part A's searches (see _global_update): one after every
# GLOBAL_UPDATE x (the component's edges) relaxations; 0 (the default) turns them off. They
# cut the relaxations by up to 38 % on the cross-region instance but cost more than they
# save (docs/matching-engine.md).
GLOBAL_UPDATE = 0.0

# The inner algorithm of the ``optimal`` mode: "ssp" (successive shortest paths per component,
# the default), "auction" (ε-scaling forward/reverse auction on the whole instance, one
# thread; engine_auction.py) or "hybrid" (coarse auction phases, then successive shortest
# paths warm-started from their assignment and prices). All are exact and certified;
# docs/matching-engine.md compares them.
INNER: Literal["ssp", "auction", "hybrid"] = "ssp"


@dataclass
class _Component:
    """One component's solution: edges (sorted positions) and the duals that certify it."""

    l_edge: I64
    stats: I64
    student_dual: I64  # u of part A; v of part B (the transposed solve)
    placement_dual: I64  # v of part A; the seats' u of part B
    in_b_student: npt.NDArray[np.bool_]
    in_b_placement: npt.NDArray[np.bool_]


def _solve_component(
    students: I64,
    indptr: I64,
    adj: I32,
    cost: I32,
    r0: int,
    capacity: I64,
    cardinality_first: bool | None = None,
    warm: tuple[I64, I64] | None = None,
) -> _Component:
    """Exact optimum for one connected component (students and placements ``r0 + j``).

    The cardinality step (``engine_maxflow.max_matching``, push-relabel; :func:`_max_matching`
    is the older phase-based one with the same contract) finds the over-subscribed part B of the
    Dulmage-Mendelsohn decomposition: in every maximum allocation its placements are full
    and filled from its students only, while everyone else (part A) is placed. Part A is
    then solved by successive shortest paths (:func:`_ssp`) on the live placements, every
    student placed; part B from the seats' side, where every seat must be covered.

    Stats: [searches, fast paths, pops, unplaceable, relaxations, pushes, part-B students,
    part-B placements, part-B searches, part-B pops, cardinality searches (pushes of the
    push-relabel step), cardinality visits (its relabels), global price updates].

    ``warm`` (edge per student in sorted positions, -1 = none; price per placement) starts
    part A from a partial assignment (see :func:`_ssp`); only without the cardinality step.
    """
    stats = np.zeros(13, dtype=np.int64)
    n_s, n_p = students.shape[0], capacity.shape[0]
    cold_edge = np.full(n_s, -1, dtype=np.int64)
    cold_v = np.zeros(n_p, dtype=np.int64)
    # A global price update after every GLOBAL_UPDATE x (the component's edges) relaxations:
    # its cost is then at most about that share of the searches' own work.
    n_edges = int((indptr[students + 1] - indptr[students]).sum())
    global_every = np.int64(GLOBAL_UPDATE * n_edges) if GLOBAL_UPDATE > 0 else np.int64(0)
    l_edge = np.full(n_s, -1, dtype=np.int64)
    student_dual = np.zeros(n_s, dtype=np.int64)
    placement_dual = np.zeros(n_p, dtype=np.int64)
    no_dead = np.zeros(n_p, dtype=np.bool_)
    if cardinality_first is None:
        cardinality_first = CARDINALITY_FIRST
    if cardinality_first:
        # Imported here: engine_maxflow imports this module (for _jit) at its top.
        from stageplein.matching import engine_maxflow

        mm_edge, dead, cm = engine_maxflow.max_matching(
            students, indptr, adj, np.int64(r0), capacity, float(engine_maxflow.GLOBAL_RELABEL)
        )
        stats[10] = cm[1]
        stats[11] = cm[3]
        placed = mm_edge >= 0
        in_b = ~placed
        in_b[placed] = dead[adj[mm_edge[placed]] - r0]
        stats[3] = int(np.count_nonzero(~placed))
        a_pos = np.flatnonzero(~in_b)
        # np.int64(...) keeps every call on one compiled specialisation of _ssp.
        a_edge, _, c, u_a, v_a = _ssp(
            students[a_pos],
            indptr,
            adj,
            cost,
            np.int64(r0),
            capacity,
            np.int64(0),
            dead,
            cold_edge[a_pos],
            cold_v,
            global_every,
        )
        if c[3] != 0:  # pragma: no cover - would be a bug in the cardinality step
            raise RuntimeError("allocation engine: part A has a student without augmenting path")
        stats[[0, 1, 2, 4, 5, 12]] = c[[0, 1, 2, 5, 6, 7]]
        l_edge[a_pos] = a_edge
        student_dual[a_pos] = u_a
    else:
        # Part A drops the students it cannot place together with their search trees.
        init_edge, init_v = (cold_edge, cold_v) if warm is None else warm
        a_edge, dead, c, u_a, v_a = _ssp(
            students,
            indptr,
            adj,
            cost,
            np.int64(r0),
            capacity,
            np.int64(1),
            no_dead,
            init_edge,
            init_v,
            global_every,
        )
        stats[[0, 1, 2, 3, 4, 5, 12]] = c[[0, 1, 2, 3, 5, 6, 7]]
        placed = a_edge >= 0
        in_b = ~placed
        in_b[placed] = dead[adj[a_edge[placed]] - r0]
        a_pos = np.flatnonzero(~in_b)
        l_edge[a_pos] = a_edge[a_pos]
        student_dual[a_pos] = u_a[a_pos]
    b_pos = np.flatnonzero(in_b)
    placement_dual[:] = v_a
    p_ids = np.flatnonzero(dead)
    stats[6] = b_pos.size
    stats[7] = p_ids.size
    result = _Component(l_edge, stats, student_dual, placement_dual, in_b, dead)
    if p_ids.size == 0:
        return result
    p_local = np.full(n_p, -1, dtype=np.int64)
    p_local[p_ids] = np.arange(p_ids.size)

    # Transposed CSR (placement -> part-B students), rows sorted by cost.
    starts = indptr[students[b_pos]]
    lens = indptr[students[b_pos] + 1] - starts
    k_of = np.repeat(np.arange(b_pos.size), lens)
    e_all = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
    j_of = p_local[adj[e_all] - r0]
    srt = np.lexsort((cost[e_all], j_of))
    e_sorted, k_sorted = e_all[srt], k_of[srt]
    b_indptr = np.zeros(p_ids.size + 1, dtype=np.int64)
    np.cumsum(np.bincount(j_of, minlength=p_ids.size), out=b_indptr[1:])
    seat_row = np.repeat(np.arange(p_ids.size, dtype=np.int64), capacity[p_ids])
    b_edge, _, cb, u_seat, v_b = _ssp(
        seat_row,
        b_indptr,
        k_sorted.astype(np.int32),
        cost[e_sorted],
        np.int64(0),
        np.ones(b_pos.size, dtype=np.int64),
        np.int64(0),
        np.zeros(b_pos.size, dtype=np.bool_),
        np.full(seat_row.size, -1, dtype=np.int64),
        np.zeros(b_pos.size, dtype=np.int64),
        np.int64(0),  # seats share rows: no global price updates
    )
    stats[8] = cb[0]
    stats[9] = cb[2]
    if cb[3] != 0:  # pragma: no cover - would be a bug in the decomposition
        raise RuntimeError("allocation engine: part B has a seat nobody can cover")
    l_edge[b_pos[k_sorted[b_edge]]] = e_sorted[b_edge]
    student_dual[b_pos] = v_b
    # All seats of one placement end with the same dual at the optimum; max is safe anyway,
    # and the certificate in verify() would expose any inconsistency.
    seat_dual = np.zeros(p_ids.size, dtype=np.int64)
    np.maximum.at(seat_dual, seat_row, u_seat)
    placement_dual[p_ids] = seat_dual
    return result


def _solve_optimal(
    problem: AllocationProblem,
    timings: dict[str, float],
    threads: int,
    progress: Callable[[float], None] | None = None,
    warm: tuple[I64, I64] | None = None,
) -> tuple[I64, dict[str, int], Potentials]:
    """Successive shortest paths per component; ``warm`` (edge per student in original
    positions, -1 = none; price per placement) is a warm start satisfying :func:`_ssp`'s
    invariants, e.g. from :func:`engine_auction.warm_start`."""
    indptr, cand, cost, cap = problem.indptr, problem.candidates, problem.cost, problem.capacity
    n, m = problem.n_students, problem.n_placements

    t = time.perf_counter()
    order, p_new, comp_s, comp_p = _locality_order(indptr, cand, m)
    o_indptr, adj, cst, pos = _sorted_rows(indptr, cand, cost, p_new, order)
    cap_new = np.empty(m, dtype=np.int64)
    cap_new[p_new] = cap
    n_comp = comp_s.shape[0] - 1
    warm_edge = np.full(n, -1, dtype=np.int64)
    warm_v = np.zeros(m, dtype=np.int64)  # new numbering
    if warm is not None:
        # Original edge positions -> positions in the cost-sorted rows.
        rows = np.repeat(order, np.diff(o_indptr))
        to_sorted = np.empty(problem.nnz, dtype=np.int64)
        to_sorted[indptr[rows] + pos] = np.arange(problem.nnz, dtype=np.int64)
        placed0 = warm[0] >= 0
        warm_edge[placed0] = to_sorted[warm[0][placed0]]
        warm_v[p_new] = warm[1]
    timings["prepare"] = time.perf_counter() - t

    # Components are independent; the kernels release the GIL, so threads run them in
    # parallel. Largest first keeps the threads evenly loaded.
    t = time.perf_counter()
    sorted_edge = np.full(n, -1, dtype=np.int64)
    student_dual = np.zeros(n, dtype=np.int64)
    placement_dual = np.zeros(m, dtype=np.int64)  # in the new numbering until the end
    b_student = np.zeros(n, dtype=np.bool_)
    b_placement = np.zeros(m, dtype=np.bool_)
    totals = np.zeros(13, dtype=np.int64)
    lock = threading.Lock()
    done = [0]

    def solve_component(c: int) -> None:
        lo, hi = comp_s[c], comp_s[c + 1]
        p_lo, p_hi = comp_p[c], comp_p[c + 1]
        left = order[lo:hi]
        if p_hi == p_lo:
            b_student[left] = True  # students without any candidate
            with lock:
                done[0] += hi - lo
            return
        # The kernels see row i of the rows in processing order (o_indptr) for order[i].
        comp = _solve_component(
            np.arange(lo, hi, dtype=np.int64),
            o_indptr,
            adj,
            cst,
            int(p_lo),
            cap_new[p_lo:p_hi],
            warm=None if warm is None else (warm_edge[left], warm_v[p_lo:p_hi]),
        )
        # Disjoint per component, no lock needed.
        sorted_edge[left] = comp.l_edge
        student_dual[left] = comp.student_dual
        b_student[left] = comp.in_b_student
        placement_dual[p_lo:p_hi] = comp.placement_dual
        b_placement[p_lo:p_hi] = comp.in_b_placement
        with lock:
            totals[:] += comp.stats
            done[0] += hi - lo
            if progress is not None and n:
                progress(done[0] / n)

    by_size = np.argsort(-np.diff(comp_s), kind="stable").tolist()
    if threads > 1 and n_comp > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(solve_component, by_size))
    else:
        for c in by_size:
            solve_component(c)
    timings["solve"] = time.perf_counter() - t

    edge = sorted_edge
    placed = edge >= 0
    rows_placed = np.flatnonzero(placed)
    edge[placed] = indptr[rows_placed] + pos[edge[placed]]  # back to original positions
    stats = {
        "components": n_comp,
        "searches": int(totals[0]),
        "fast_paths": int(totals[1]),
        "pops": int(totals[2]),
        "unplaceable": int(totals[3]),
        "relaxations": int(totals[4]),
        "pushes": int(totals[5]),
        "oversubscribed_students": int(totals[6]),
        "oversubscribed_placements": int(totals[7]),
        "searches_oversubscribed": int(totals[8]),
        "pops_oversubscribed": int(totals[9]),
        "cardinality_searches": int(totals[10]),
        "cardinality_visits": int(totals[11]),
        "global_updates": int(totals[12]),
    }
    return (
        edge,
        stats,
        _potentials(student_dual, placement_dual[p_new], b_student, b_placement[p_new]),
    )


def _solve_auction(
    problem: AllocationProblem, timings: dict[str, float]
) -> tuple[I64, dict[str, int], Potentials] | None:
    """The auction's optimum with its potentials, or None if they could not be made
    feasible (never seen; the caller then solves by successive shortest paths)."""
    from stageplein.matching import engine_auction

    t = time.perf_counter()
    n, m = problem.n_students, problem.n_placements
    edge, pot, stats = engine_auction.solve(
        problem.indptr, problem.candidates, problem.cost, problem.capacity
    )
    timings["auction"] = time.perf_counter() - t
    if pot is None:
        return None
    student, placement = pot[:n].copy(), pot[n : n + m].copy()
    student.setflags(write=False)
    placement.setflags(write=False)
    potentials = Potentials(
        student=student, placement=placement, source=int(pot[n + m]), sink=int(pot[n + m + 1])
    )
    return edge, stats, potentials


def _solve_hybrid(
    problem: AllocationProblem,
    timings: dict[str, float],
    threads: int,
    progress: Callable[[float], None] | None,
) -> tuple[I64, dict[str, int], Potentials]:
    """Auction then successive shortest paths: coarse auction phases give most students a
    seat and near-optimal prices, which warm-start the exact per-component search."""
    # Imported here: engine_auction imports this module (for _jit) at its top.
    from stageplein.matching import engine_auction

    t = time.perf_counter()
    warm = engine_auction.warm_start(
        problem.indptr, problem.candidates, problem.cost, problem.capacity
    )
    timings["auction"] = time.perf_counter() - t
    if warm is None:
        return _solve_optimal(problem, timings, threads, progress)
    edge, stats, potentials = _solve_optimal(
        problem, timings, threads, progress, warm=(warm[0], warm[1])
    )
    return edge, {**stats, **warm[2]}, potentials


def _potentials(
    student_dual: I64,
    placement_dual: I64,
    b_student: npt.NDArray[np.bool_],
    b_placement: npt.NDArray[np.bool_],
) -> Potentials:
    """Node potentials of the whole residual network from the parts' duals.

    Part A's duals (``u`` per student, ``v >= 0`` per placement, ``v = 0`` with a free seat)
    become ``-u`` and ``-v`` with the sink at 0. Part B's come from the transposed solve
    (``v`` per student, 0 when unplaced, and the seats' ``u`` per placement); no residual
    cycle joins part A and part B (from part B only part B and the source are reachable), so
    part B may be shifted by one constant ``k`` low enough for every arc between the parts,
    with the source at ``k``.
    """
    a_s, a_p = ~b_student, ~b_placement
    max_u = int(student_dual[a_s].max()) if a_s.any() else 0
    max_seat = int(placement_dual[b_placement].max()) if b_placement.any() else 0
    k = -(max_u + max_seat)
    student = np.where(a_s, -student_dual, student_dual + k)
    placement = np.where(a_p, -placement_dual, placement_dual + k)
    student.setflags(write=False)
    placement.setflags(write=False)
    return Potentials(student=student, placement=placement, source=k, sink=0)


def allocate(
    problem: AllocationProblem,
    mode: Mode = "optimal",
    *,
    threads: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> AllocationResult:
    """Allocate students to placement-periods.

    ``mode="optimal"``: maximum number placed, then minimum total cost (exact).
    ``mode="stable"``: student-proposing deferred acceptance with placements ranking students
    by ``problem.priority`` (default: student index), ties broken by student index.

    ``threads`` bounds how many independent components are solved at once (default: the
    CPUs this process may use). The result does not depend on it.

    ``progress``, if given, is called with the share of students whose component is solved
    (0 to 1, non-decreasing; from the solving threads, one call at a time), so a progress bar
    can follow a long ``optimal`` round; it ends with 1.0 in both modes.
    """
    if not isinstance(problem, AllocationProblem):
        raise TypeError("problem must be an AllocationProblem")
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    stats: dict[str, int] = {}
    potentials = None
    if mode == "optimal":
        n_threads = _default_threads() if threads is None else max(1, int(threads))
        solved = _solve_auction(problem, timings) if INNER == "auction" else None
        if INNER == "hybrid":
            edge, stats, potentials = _solve_hybrid(problem, timings, n_threads, progress)
        elif solved is None:
            edge, stats, potentials = _solve_optimal(problem, timings, n_threads, progress)
        else:
            edge, stats, potentials = solved
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
    if progress is not None:
        progress(1.0)
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
        potentials=potentials,
    )


def _csr_slices(indptr: I64, rows: I64) -> I64:
    """Positions of all entries of the given CSR rows, row after row."""
    starts = indptr[rows]
    lens = indptr[rows + 1] - starts
    total = int(lens.sum())
    return np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(total, dtype=np.int64)


def _has_augmenting_path(
    problem: AllocationProblem, a: I64, load: I64, hit: npt.NDArray[np.bool_]
) -> bool:
    """Breadth-first search, level by level in NumPy, from every unplaced student.

    Students reach their candidates over unassigned edges, placements reach their occupants;
    reaching a placement with a free seat means one more student could be placed.
    """
    m = problem.n_placements
    indptr, cand, cap = problem.indptr, problem.candidates.astype(np.int64), problem.capacity
    placed = a >= 0
    occ_order = np.flatnonzero(placed)
    occ_order = occ_order[np.argsort(a[occ_order], kind="stable")]
    occ_ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(a[placed], minlength=m), out=occ_ptr[1:])
    seen_s = ~placed
    seen_p = np.zeros(m, dtype=bool)
    frontier = np.flatnonzero(~placed)
    while frontier.size:
        e = _csr_slices(indptr, frontier)
        p = np.unique(cand[e[~hit[e]]])
        p = p[~seen_p[p]]
        if p.size == 0:
            return False
        if np.any(load[p] < cap[p]):
            return True
        seen_p[p] = True
        s = occ_order[_csr_slices(occ_ptr, p)]
        frontier = s[~seen_s[s]]
        seen_s[frontier] = True
    return False


def verify(
    problem: AllocationProblem,
    result: AllocationResult | IntArray,
    potentials: Potentials | None = None,
) -> VerifyReport:
    """Check an allocation against the problem, independently of how it was computed.

    Counts placements over capacity, students assigned outside their candidate list, students
    placed, total cost and blocking pairs in the stable sense: student ``s`` prefers
    placement ``p`` (earlier in its list) to its assignment or is unplaced, and ``p`` has a
    free seat or holds a student with a worse priority than ``s``.

    ``maximum`` says no augmenting path exists (nobody more can be placed). With potentials
    (given, or those of an ``optimal`` result) ``certified_optimal`` checks the dual
    certificate: a maximum allocation is of least cost exactly when some potentials give
    every arc of its residual network a non-negative reduced cost.
    """
    raw = result.assignment if isinstance(result, AllocationResult) else result
    if potentials is None and isinstance(result, AllocationResult):
        potentials = result.potentials
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

    feasible = not over.any() and non_candidate == 0 and bool(np.all(a < m))
    maximum = feasible and not _has_augmenting_path(problem, a, load, hit)
    certified: bool | None = None
    if potentials is not None:
        ps, pp = potentials.student, potentials.placement
        src, snk = potentials.source, potentials.sink
        c64 = cost.astype(np.int64)
        reduced = np.where(hit, -c64 + pp[p] - ps[rows], c64 + ps[rows] - pp[p])
        certified = bool(
            maximum
            and ps.shape == (n,)
            and pp.shape == (m,)
            and np.all(reduced >= 0)
            and np.all(pp[load < cap] >= snk)  # free seat: placement -> sink
            and np.all(pp[load > 0] <= snk)  # filled seat: sink -> placement
            and np.all(ps[~placed] <= src)  # unplaced: source -> student
            and np.all(ps[placed] >= src)  # placed: student -> source
        )
    return VerifyReport(
        capacity_violations=int(np.count_nonzero(over)),
        excess_students=int((load - cap)[over].sum()),
        non_candidate=non_candidate,
        n_placed=int(np.count_nonzero(placed)),
        total_cost=total_cost,
        blocking_pairs=int(np.count_nonzero(blocking)),
        maximum=maximum,
        certified_optimal=certified,
    )


@_jit
def _competition_kernel(
    indptr: I64, candidates: I32, n_placements: int | np.int64, students: I64
) -> I64:
    t_ptr = np.zeros(n_placements + 1, dtype=np.int64)
    for e in range(indptr[-1]):
        t_ptr[candidates[e] + 1] += 1
    for p in range(n_placements):
        t_ptr[p + 1] += t_ptr[p]
    fill = t_ptr[:-1].copy()
    owner = np.empty(indptr[-1], dtype=np.int64)
    for s in range(indptr.shape[0] - 1):
        for e in range(indptr[s], indptr[s + 1]):
            owner[fill[candidates[e]]] = s
            fill[candidates[e]] += 1
    mark = np.full(indptr.shape[0] - 1, -1, dtype=np.int64)
    demand = np.zeros(students.shape[0], dtype=np.int64)
    for i in range(students.shape[0]):
        s = students[i]
        count = 0
        for e in range(indptr[s], indptr[s + 1]):
            p = candidates[e]
            for k in range(t_ptr[p], t_ptr[p + 1]):
                o = owner[k]
                if mark[o] != i:
                    mark[o] = i
                    count += 1
        demand[i] = count
    return demand


def competition(problem: AllocationProblem, students: IntArray) -> tuple[I64, I64]:
    """For each given student: how many students (itself included) list at least one of its
    candidates, and how many seats its candidates have together.

    This is what "others got them" explanations need for every unplaced student; done per
    student in NumPy it cost milliseconds each at national scale, here it is one pass.
    """
    chosen = np.ascontiguousarray(students, dtype=np.int64)
    if chosen.size and (chosen.min() < 0 or chosen.max() >= problem.n_students):
        raise ValueError("students must be student indices of the problem")
    demand = _competition_kernel(
        problem.indptr, problem.candidates, np.int64(problem.n_placements), chosen
    )
    rows = np.repeat(np.arange(problem.n_students, dtype=np.int64), np.diff(problem.indptr))
    seats_per_student = np.bincount(
        rows, weights=problem.capacity[problem.candidates], minlength=problem.n_students
    ).astype(np.int64)
    return demand, seats_per_student[chosen]


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
    from stageplein.matching import engine_auction

    engine_auction.solve(problem.indptr, problem.candidates, problem.cost, problem.capacity)
    engine_auction.warm_start(problem.indptr, problem.candidates, problem.cost, problem.capacity)
    allocate(problem, "stable")
    competition(problem, np.arange(problem.n_students))
    return time.perf_counter() - t
