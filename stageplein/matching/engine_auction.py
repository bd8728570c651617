"""The ε-scaling auction: a second inner algorithm for the ``optimal`` mode.

Successive shortest paths (``engine._ssp``) explore, per student, every node closer than the
cheapest augmenting path, which is slow in one giant, balanced component. An auction does not
have that dependence: it works on approximate prices and refines them (ε-scaling), so it
does not care how the instance is cut. Selected by ``engine.INNER = "auction"``; the result
is exact and carries the same certificate as the default path.

The problem as the auction sees it (minimum-cost form):

* persons are students, objects are seats (placement ``j`` has ``capacity[j]`` seats, each
  with its own price); every student also has a private "unplaced" object of cost ``M``
  that nobody else can take. ``M`` exceeds the cost of any augmenting path
  (``max cost × min(students, seats) + 1``), so a least-cost assignment of the augmented
  problem places as many students as possible, then at least cost: the same optimum as the
  default path, without a separate cardinality step;
* costs are multiplied by ``K = students + 1``; the last phase ends with ε = 1, i.e. every
  student within ``1/K`` of its best object in unscaled units, which for integer costs
  means exactly optimal (Bertsekas' ε-complementary slackness with ε < 1/n);
* forward phase: an unassigned student bids for the cheapest seat of its best placement and
  raises that seat's price by the gap to its second-best object plus ε, displacing the
  seat's occupant. Every phase starts with nobody assigned and the previous prices;
* the instance is *asymmetric* (more seats than students): a seat left free must not cost
  more than the cheapest occupied seat ``λ``. Prices of seats that were bid on in earlier
  phases and are free at the end of a phase are lowered by reverse bids (Bertsekas and
  Castañon's forward/reverse auction): the free seat takes the student it attracts most at
  a price just under that student's second-best alternative, or drops to ``λ``.

The prices then say that the assignment is optimal, but up to ``1/K`` per arc; the
certificate ``verify`` checks needs integer potentials with non-negative reduced costs. They
are computed from the prices (rounded) by a label-correcting pass over the residual network
(:func:`_residual_potentials`), which terminates quickly because the rounded prices violate
few arcs by little, and cannot terminate if the assignment were not optimal (a negative
cycle); the caller then falls back to successive shortest paths.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from stageplein.matching.engine import _jit

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

# Phases divide ε by this factor. On the cross-region instance 4 beat 8, 16 and 32 (fewer
# reverse bids); docs/matching-engine.md has the numbers.
ALPHA = 4


@_jit
def _transpose(indptr: I64, candidates: I32, n_placements: int | np.int64) -> tuple[I64, I64, I64]:
    """Column pointers and, per column entry, the edge and its row (students in order)."""
    col_ptr = np.zeros(n_placements + 1, dtype=np.int64)
    nnz = indptr[-1]
    for e in range(nnz):
        col_ptr[candidates[e] + 1] += 1
    for j in range(n_placements):
        col_ptr[j + 1] += col_ptr[j]
    fill = col_ptr[:-1].copy()
    col_edge = np.empty(nnz, dtype=np.int64)
    col_row = np.empty(nnz, dtype=np.int64)
    for i in range(indptr.shape[0] - 1):
        for e in range(indptr[i], indptr[i + 1]):
            j = candidates[e]
            col_edge[fill[j]] = e
            col_row[fill[j]] = i
            fill[j] += 1
    return col_ptr, col_edge, col_row


@_jit
def _push(queue: I64, tail: Any, x: Any) -> Any:
    """Append ``x`` to a ring buffer of ``len(queue)`` slots; returns the new tail."""
    queue[tail] = x
    tail += 1
    if tail == queue.shape[0]:
        tail = 0
    return tail


@_jit
def _cheapest_seat(seat_price: I64, lo: int | np.int64, hi: int | np.int64) -> tuple[int, int]:
    best: Any = lo
    second: Any = -1
    for s in range(lo + 1, hi):
        if seat_price[s] < seat_price[best]:
            second = best
            best = s
        elif second < 0 or seat_price[s] < seat_price[second]:
            second = s
    return best, second


@_jit
def _auction(
    indptr: I64,
    candidates: I32,
    cost: I32,
    capacity: I64,
    big_m: int | np.int64,
    alpha: int | np.int64,
    eps_stop: int | np.int64,
) -> tuple[I64, I64, I64, I64, I64]:
    """The phases end with the one at ε <= ``eps_stop`` (1: exact). Returns the edge per
    student (-1 = unplaced), the seats' start per placement, the seat
    prices, the students' scaled costs ``u`` and counters [phases, bids, reverse bids]."""
    n = indptr.shape[0] - 1
    m = capacity.shape[0]
    k = np.int64(n + 1)
    seat_start = np.zeros(m + 1, dtype=np.int64)
    for j in range(m):
        seat_start[j + 1] = seat_start[j] + capacity[j]
    n_seats = seat_start[m]
    seat_of = np.empty(n_seats, dtype=np.int64)
    for j in range(m):
        for s in range(seat_start[j], seat_start[j + 1]):
            seat_of[s] = j
    seat_price = np.zeros(n_seats, dtype=np.int64)
    seat_owner = np.full(n_seats, -1, dtype=np.int64)
    best_seat = np.full(m, -1, dtype=np.int64)
    best_price = np.zeros(m, dtype=np.int64)
    person_seat = np.full(n, -1, dtype=np.int64)
    person_edge = np.full(n, -1, dtype=np.int64)
    u = np.zeros(n, dtype=np.int64)
    mk = np.int64(big_m) * k
    col_ptr, col_edge, col_row = _transpose(indptr, candidates, np.int64(m))
    queue = np.empty(n + 1, dtype=np.int64)
    r_queue = np.empty(n_seats + 1, dtype=np.int64)
    r_in = np.zeros(n_seats, dtype=np.bool_)
    counters = np.zeros(3, dtype=np.int64)
    big = np.iinfo(np.int64).max
    eps = max(np.int64(1), mk // alpha)
    while True:
        counters[0] += 1
        # Forward phase: everybody unassigned, prices kept.
        for s in range(n_seats):
            seat_owner[s] = -1
        for j in range(m):
            if capacity[j] > 0:
                b, _ = _cheapest_seat(seat_price, seat_start[j], seat_start[j + 1])
                best_seat[j] = b
                best_price[j] = seat_price[b]
        head = 0
        tail = 0
        for i in range(n):
            person_seat[i] = -1
            queue[tail] = i
            tail += 1
        size = n + 1
        while head != tail:
            i = queue[head]
            head += 1
            if head == size:
                head = 0
            counters[1] += 1
            b1 = mk  # the private "unplaced" object, price 0
            b2: Any = big
            e1: Any = -1
            for e in range(indptr[i], indptr[i + 1]):
                j = candidates[e]
                if capacity[j] == 0:
                    continue
                val = np.int64(cost[e]) * k + best_price[j]
                if val < b1:
                    b2 = b1
                    b1 = val
                    e1 = e
                elif val < b2:
                    b2 = val
            if e1 < 0:
                person_seat[i] = -2
                person_edge[i] = -1
                u[i] = mk
                continue
            j1 = candidates[e1]
            lo, hi = seat_start[j1], seat_start[j1 + 1]
            s1, s2 = _cheapest_seat(seat_price, lo, hi)
            if s2 >= 0:
                val2 = np.int64(cost[e1]) * k + seat_price[s2]
                if val2 < b2:
                    b2 = val2
            old = seat_owner[s1]
            if old >= 0:
                person_seat[old] = -1
                tail = _push(queue, tail, old)
            seat_price[s1] += b2 - b1 + eps
            seat_owner[s1] = i
            person_seat[i] = s1
            person_edge[i] = e1
            u[i] = np.int64(cost[e1]) * k + seat_price[s1]
            b, _ = _cheapest_seat(seat_price, lo, hi)
            best_seat[j1] = b
            best_price[j1] = seat_price[b]

        # Reverse phase: free seats priced above the cheapest occupied seat come down.
        # The private "unplaced" objects count: one in use (price 0) makes lam 0.
        lam = np.iinfo(np.int64).max
        for i in range(n):
            if person_seat[i] == -2:
                lam = 0
                break
        for s in range(n_seats):
            if seat_owner[s] >= 0 and seat_price[s] < lam:
                lam = seat_price[s]
        r_head = 0
        r_tail = 0
        r_size = n_seats + 1
        for s in range(n_seats):
            if seat_owner[s] < 0 and seat_price[s] > lam:
                r_queue[r_tail] = s
                r_tail += 1
                r_in[s] = True
        while r_head != r_tail:
            s = r_queue[r_head]
            r_head += 1
            if r_head == r_size:
                r_head = 0
            r_in[s] = False
            counters[2] += 1
            j = seat_of[s]
            m1 = np.iinfo(np.int64).min
            m2 = m1
            c1: Any = -1
            for c in range(col_ptr[j], col_ptr[j + 1]):
                e = col_edge[c]
                i = col_row[c]
                val = u[i] - np.int64(cost[e]) * k
                if val > m1:
                    m2 = m1
                    m1 = val
                    c1 = c
                elif val > m2:
                    m2 = val
            if c1 < 0 or m1 - eps <= lam:
                seat_price[s] = lam
                continue
            e = col_edge[c1]
            i = col_row[c1]
            price: Any = lam if m2 == np.iinfo(np.int64).min else max(lam, m2 - eps)
            before = person_seat[i]
            seat_price[s] = price
            seat_owner[s] = i
            person_seat[i] = s
            person_edge[i] = e
            u[i] = np.int64(cost[e]) * k + price
            if before >= 0:
                seat_owner[before] = -1
                if seat_price[before] > lam and not r_in[before]:
                    r_in[before] = True
                    r_tail = _push(r_queue, r_tail, before)
        if eps <= eps_stop:
            break
        eps = max(np.int64(1), eps // alpha)
    return person_edge, seat_start, seat_price, u, counters


@_jit
def _lower(
    pot: I64, queued: npt.NDArray[np.bool_], queue: I64, tail: int | np.int64, y: Any, value: Any
) -> Any:
    """One arc's label correction: lower ``pot[y]`` to ``value`` if that is lower, and queue
    ``y`` (a ring buffer of ``len(queue)`` slots) unless it is queued already. Returns the
    new tail."""
    if value < pot[y]:
        pot[y] = value
        if not queued[y]:
            queued[y] = True
            tail = _push(queue, tail, y)
    return tail


@_jit
def _residual_potentials(
    indptr: I64,
    candidates: I32,
    cost: I32,
    capacity: I64,
    edge: I64,
    pot: I64,
    max_scans: int | np.int64,
) -> tuple[I64, bool, int]:
    """Make ``pot`` feasible potentials of the allocation's residual network, or fail.

    Nodes: students ``0..n-1``, placements ``n..n+m-1``, the source ``n+m`` and the sink
    ``n+m+1`` (the network ``verify`` checks). Label-correcting (a FIFO queue, every node
    queued once at the start): an arc ``x -> y`` of cost ``c`` with ``pot[y] > pot[x] + c``
    lowers ``pot[y]``. Potentials only decrease, so this ends exactly when no negative cycle
    exists, i.e. when the allocation is of least cost for its size; ``max_scans`` node scans
    bound the work, and running out of them reports failure. Returns the potentials, whether
    they are feasible and the number of node scans.
    """
    n = indptr.shape[0] - 1
    m = capacity.shape[0]
    src = n + m
    snk = n + m + 1
    total = n + m + 2
    load = np.zeros(m, dtype=np.int64)
    for i in range(n):
        if edge[i] >= 0:
            load[candidates[edge[i]]] += 1
    occ_ptr = np.zeros(m + 1, dtype=np.int64)
    for j in range(m):
        occ_ptr[j + 1] = occ_ptr[j] + load[j]
    fill = occ_ptr[:-1].copy()
    occ = np.empty(occ_ptr[m], dtype=np.int64)
    unplaced = 0
    for i in range(n):
        if edge[i] >= 0:
            j = candidates[edge[i]]
            occ[fill[j]] = i
            fill[j] += 1
        else:
            unplaced += 1
    queue = np.empty(total + 1, dtype=np.int64)
    queued = np.ones(total, dtype=np.bool_)
    for x in range(total):
        queue[x] = x
    head = 0
    tail = total
    size = total + 1
    scans = 0
    while head != tail:
        x = queue[head]
        head += 1
        if head == size:
            head = 0
        queued[x] = False
        scans += 1
        if scans > max_scans:
            return pot, False, scans
        px = pot[x]
        # Each branch lists x's residual arcs as (y, cost) pairs.
        if x < n:
            own = edge[x]
            for e in range(indptr[x], indptr[x + 1]):
                if e == own:
                    continue
                tail = _lower(pot, queued, queue, tail, n + candidates[e], px + cost[e])
            if own >= 0:
                tail = _lower(pot, queued, queue, tail, src, px)
        elif x < src:
            j = x - n
            for q in range(occ_ptr[j], occ_ptr[j + 1]):
                y = occ[q]
                tail = _lower(pot, queued, queue, tail, y, px - np.int64(cost[edge[y]]))
            if load[j] < capacity[j]:
                tail = _lower(pot, queued, queue, tail, snk, px)
        elif x == src:
            if unplaced == 0:
                continue
            for y in range(n):
                if edge[y] < 0:
                    tail = _lower(pot, queued, queue, tail, y, px)
        else:
            for j in range(m):
                if load[j] > 0:
                    tail = _lower(pot, queued, queue, tail, n + j, px)
    return pot, True, scans


def solve(
    indptr: I64, candidates: I32, cost: I32, capacity: I64
) -> tuple[I64, I64 | None, dict[str, Any]]:
    """Exact ``optimal`` allocation by the auction: the edge per student (-1 = unplaced), the
    potentials of the residual network (None when they could not be made feasible: the
    caller then solves again by successive shortest paths) and counters."""
    n, m = indptr.shape[0] - 1, capacity.shape[0]
    max_cost = int(cost.max()) if cost.size else 0
    big_m = max_cost * max(1, min(n, int(capacity.sum()))) + 1
    if big_m * (n + 1) > 2**60:  # prices would not fit in int64: the caller uses SSP
        return np.full(n, -1, dtype=np.int64), None, {"auction_skipped": 1}
    edge, _seat_start, seat_price, _u, counters = _auction(
        indptr, candidates, cost, capacity, np.int64(big_m), np.int64(ALPHA), np.int64(1)
    )
    # Rounded prices as the starting potentials (sink at 0): a placement's price is its
    # cheapest seat's, measured from the cheapest occupied seat ``lam``.
    k = n + 1
    placed = edge >= 0
    pot = np.zeros(n + m + 2, dtype=np.int64)
    if placed.any():
        load = np.bincount(candidates[edge[placed]], minlength=m)[:m]
        cheapest = np.full(m, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(cheapest, np.repeat(np.arange(m), capacity), seat_price)
        full = (load == capacity) & (capacity > 0)
        lam = int(cheapest[full].min()) if full.any() else 0
        place_pot = np.where(capacity > 0, -((cheapest - lam) // k), 0)
        place_pot[(load > 0) & (load < capacity)] = 0
        pot[n : n + m] = place_pot
        pot[:n][placed] = place_pot[candidates[edge[placed]]] - cost[edge[placed]]
        pot[n + m] = int(pot[:n][placed].min())
    pot, ok, scans = _residual_potentials(
        indptr, candidates, cost, capacity, edge, pot, np.int64(50 * (n + m + 2))
    )
    stats = {
        "auction_phases": int(counters[0]),
        "auction_bids": int(counters[1]),
        "auction_reverse_bids": int(counters[2]),
        "potential_scans": int(scans),
    }
    return edge, (pot if ok else None), stats


# The hybrid's auction stops at the phase with ε <= WARM_EPS (in cost units; the auction's
# scaled ε is WARM_EPS × (students + 1)); successive shortest paths finish exactly.
WARM_EPS = 1


@_jit
def _warm_fix(
    indptr: I64, candidates: I32, cost: I32, capacity: I64, edge: I64, place_v: I64
) -> tuple[I64, I64, int]:
    """Turn an auction's assignment and rounded prices into a state successive shortest
    paths can start from (``engine._ssp``'s invariants): every assigned student's edge is a
    cheapest ``cost + v`` of its row, and ``v > 0`` only on full placements.

    A student whose edge is not a cheapest is unassigned; its placement is then no longer
    full, so its price drops to 0 and every student listing it is checked again (each
    placement drops once, so this is at most one pass over the columns). Only unassigning
    and lowering prices happen, so the state left is consistent. Returns the edges, the
    prices and the number of students unassigned.
    """
    n = indptr.shape[0] - 1
    m = capacity.shape[0]
    load = np.zeros(m, dtype=np.int64)
    for i in range(n):
        if edge[i] >= 0:
            load[candidates[edge[i]]] += 1
    queue = np.empty(m + 1, dtype=np.int64)
    tail = 0
    for j in range(m):
        if load[j] < capacity[j] and place_v[j] != 0:
            place_v[j] = 0
            queue[tail] = j
            tail += 1
    dropped = 0
    for i in range(n):
        own = edge[i]
        if own < 0:
            continue
        ui = np.int64(cost[own]) + place_v[candidates[own]]
        for e in range(indptr[i], indptr[i + 1]):
            if np.int64(cost[e]) + place_v[candidates[e]] < ui:
                j = candidates[own]
                edge[i] = -1
                dropped += 1
                load[j] -= 1
                if place_v[j] > 0:
                    place_v[j] = 0
                    queue[tail] = j
                    tail += 1
                break
    col_ptr, col_edge, col_row = _transpose(indptr, candidates, np.int64(m))
    head = 0
    while head < tail:
        j = queue[head]
        head += 1
        for c in range(col_ptr[j], col_ptr[j + 1]):
            i = col_row[c]
            own = edge[i]
            if own < 0 or own == col_edge[c]:
                continue
            q = candidates[own]
            if np.int64(cost[col_edge[c]]) < np.int64(cost[own]) + place_v[q]:
                edge[i] = -1
                dropped += 1
                load[q] -= 1
                if place_v[q] > 0:
                    place_v[q] = 0
                    queue[tail] = q
                    tail += 1
    return edge, place_v, dropped


def warm_start(
    indptr: I64, candidates: I32, cost: I32, capacity: I64
) -> tuple[I64, I64, dict[str, Any]] | None:
    """The auction-then-SSP hybrid's first half: coarse auction phases down to ``WARM_EPS``,
    then :func:`_warm_fix`. Returns the edge per student (original positions, -1 = left to
    successive shortest paths), the price per placement and counters; None when the scaled
    prices would not fit in int64 (the caller then starts cold)."""
    n, m = indptr.shape[0] - 1, capacity.shape[0]
    max_cost = int(cost.max()) if cost.size else 0
    big_m = max_cost * max(1, min(n, int(capacity.sum()))) + 1
    k = n + 1
    if big_m * k > 2**60:
        return None
    edge, _seat_start, seat_price, _u, counters = _auction(
        indptr,
        candidates,
        cost,
        capacity,
        np.int64(big_m),
        np.int64(ALPHA),
        np.int64(max(1, WARM_EPS * k)),
    )
    placed = edge >= 0
    load = np.bincount(candidates[edge[placed]], minlength=m)[:m]
    cheapest = np.full(m, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(cheapest, np.repeat(np.arange(m), capacity), seat_price)
    full = (load == capacity) & (capacity > 0)
    # Free seats end a phase priced at most the cheapest occupied seat (reverse bids), so
    # prices measured from there are >= 0 on full placements; the rest start at 0.
    lam = int(cheapest[full].min()) if full.any() else 0
    place_v = np.where(full, np.maximum(0, (cheapest - lam) // k), 0).astype(np.int64)
    n_auction = int(np.count_nonzero(placed))
    edge, place_v, dropped = _warm_fix(indptr, candidates, cost, capacity, edge, place_v)
    stats = {
        "auction_phases": int(counters[0]),
        "auction_bids": int(counters[1]),
        "auction_reverse_bids": int(counters[2]),
        "warm_placed": n_auction - int(dropped),
        "warm_dropped": int(dropped),
    }
    return edge, place_v, stats
