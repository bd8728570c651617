"""The cardinality step by push-relabel: part B before any cost is looked at, cheaply.

``engine._max_matching`` (greedy, then Pothen-Fan phases of depth-first searches) finds the
maximum allocation and the over-subscribed part B of the Dulmage-Mendelsohn decomposition,
but in one giant component whose free seats lie far from the students still waiting it needs
hundreds of phases (cross-region: 314 phases, 8.5-11 million visited students). A
push-relabel maximum flow does not have that dependence: every node carries a distance label
(a lower bound on its distance to a free seat in the residual network), an unplaced student
moves towards the nearest free seat one step at a time, displacing an occupant of a full
placement on the way, and an exact breadth-first search from all free seats at once (the
global relabelling) now and then resets the labels to the true distances, so nobody wanders.

The network is the usual one: source -> student (1), student -> placement (1), placement ->
sink (capacity). Labels count arcs to the sink: 1 for a placement with a free seat, then
students even and placements odd. The state is always a valid allocation: only unplaced
students carry excess (they are the active nodes), and a full placement that receives a
student passes one of its occupants on at once (the "double push" of Goldberg and Kennedy's
bipartite push-relabel), so a placement never holds excess and never gains a free seat.

When no active student has a finite label the allocation has maximum cardinality, and part B
is what alternating paths reach from the unplaced students (students reach their candidates,
placements their occupants): one more breadth-first search.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from stageplein.matching.engine import _jit

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]

# A global relabelling after every GLOBAL_RELABEL x (the component's edges) edge scans of the
# local relabels; docs/matching-engine.md has the measurements behind the value.
GLOBAL_RELABEL = 0.05


@_jit
def _global_relabel(
    ptr: I64,
    ladj: I32,
    right_cap: I64,
    load: I64,
    l_place: I64,
    dl: I32,
    dr: I32,
    cur: I64,
    pending: I64,
    inf: Any,
) -> int:
    """Exact distances to the sink in the residual network; nodes that cannot reach a free
    seat get ``inf``. Returns the edges scanned.

    A breadth-first search from every placement with a free seat, level by level and bottom
    up: a student joins level ``d + 1`` if one of its candidates other than its own
    placement is at level ``d``, and its placement then is at ``d + 2`` (if not already
    lower). No transposed graph is needed, and the old labels, lower bounds that only grow,
    say at which level a student can join at the earliest, so a student's row is scanned
    only from its old label on. A student first tries its current arc, which the last
    search set to the candidate that labelled it: most labels do not change between two
    searches, and those students cost one look. Each student's current arc is left at its
    first admissible arc.
    """
    n_left = dl.shape[0]
    n_right = right_cap.shape[0]
    for r in range(n_right):
        dr[r] = 1 if load[r] < right_cap[r] else inf
    # Students still to be labelled, in index order (their rows lie in that order in memory).
    n_pending = 0
    for lx in range(n_left):
        if dl[lx] < inf:
            pending[n_pending] = lx
            n_pending += 1
    scanned = 0
    level = 1
    while n_pending > 0:
        new_places = 0
        keep = 0
        for i in range(n_pending):
            lx = pending[i]
            if dl[lx] <= level + 1:
                own = l_place[lx]
                hit = False
                e = cur[lx]
                if e < ptr[lx + 1] and dr[ladj[e]] == level and ladj[e] != own:
                    hit = True
                    scanned += 1
                else:
                    for e in range(ptr[lx], ptr[lx + 1]):
                        r = ladj[e]
                        if dr[r] == level and r != own:
                            hit = True
                            scanned += e - ptr[lx] + 1
                            break
                if hit:
                    cur[lx] = e
                    dl[lx] = level + 1
                    if own >= 0 and dr[own] == inf:
                        dr[own] = level + 2
                        new_places += 1
                    continue
                scanned += ptr[lx + 1] - ptr[lx]
            pending[keep] = lx
            keep += 1
        n_pending = keep
        if new_places == 0:
            # No placement at level + 2, so nobody beyond: the search is over.
            break
        level += 2
    for i in range(n_pending):
        dl[pending[i]] = inf
    return scanned


@_jit
def max_matching(
    left_row: I64,
    indptr: I64,
    adj: I32,
    r0: int | np.int64,
    right_cap: I64,
    global_every: float | np.float64,
) -> tuple[I64, npt.NDArray[np.bool_], I64]:
    """Maximum-cardinality assignment ignoring costs, and part B: the contract of
    ``engine._max_matching``.

    A greedy pass gives every left node its first (cheapest: rows are sorted by cost) right
    node with a free unit; then push-relabel as described in the module docstring, with a
    global relabelling at the start and after every ``global_every`` x (edges) edge scans of
    local relabels. Returns the edge per left node (-1 = none), the dead flags (the
    placements of part B) and counters [global relabellings, pushes, unassigned, relabels].
    """
    n_left = left_row.shape[0]
    n_right = right_cap.shape[0]
    counters = np.zeros(4, dtype=np.int64)
    # The component's rows, copied in left order with local right indices: every pass below
    # then reads memory in order instead of jumping between the students' original rows.
    ptr = np.empty(n_left + 1, dtype=np.int64)
    ptr[0] = 0
    for lx in range(n_left):
        row = left_row[lx]
        ptr[lx + 1] = ptr[lx] + indptr[row + 1] - indptr[row]
    ladj = np.empty(ptr[n_left], dtype=np.int32)
    for lx in range(n_left):
        a = indptr[left_row[lx]] - ptr[lx]
        for e in range(ptr[lx], ptr[lx + 1]):
            ladj[e] = adj[a + e] - r0
    start = np.zeros(n_right + 1, dtype=np.int64)
    for r in range(n_right):
        start[r + 1] = start[r] + right_cap[r]
    load = np.zeros(n_right, dtype=np.int64)
    slot_left = np.full(start[n_right], -1, dtype=np.int64)
    l_edge = np.full(n_left, -1, dtype=np.int64)  # local edge until the end
    l_place = np.full(n_left, -1, dtype=np.int64)
    n_free = 0
    for lx in range(n_left):
        for e in range(ptr[lx], ptr[lx + 1]):
            r = ladj[e]
            if load[r] < right_cap[r]:
                slot_left[start[r] + load[r]] = lx
                load[r] += 1
                l_edge[lx] = e
                l_place[lx] = r
                break
        if l_edge[lx] < 0:
            n_free += 1

    dead = np.zeros(n_right, dtype=np.bool_)
    if n_free > 0:
        # Labels never exceed the number of nodes on a path; anything at inf cannot reach a
        # free seat and never will (labels are lower bounds and only grow).
        inf = 2 * (n_left + n_right) + 2
        # Every student is at least two arcs from the sink: the first labels' lower bound.
        dl = np.full(n_left, 2, dtype=np.int32)
        dr = np.empty(n_right, dtype=np.int32)
        work = np.empty(n_left, dtype=np.int64)
        cur = ptr[:-1].copy()
        _global_relabel(ptr, ladj, right_cap, load, l_place, dl, dr, cur, work, inf)
        counters[0] = 1
        budget = np.int64(global_every * ptr[n_left]) if global_every > 0 else np.int64(-1)
        scanned = 0
        # FIFO of active students: a ring buffer; every unplaced student is in it once.
        size = n_left + 1
        ring = np.empty(size, dtype=np.int64)
        head = 0
        tail = 0
        for lx in range(n_left):
            if l_edge[lx] < 0 and dl[lx] < inf:
                ring[tail] = lx
                tail += 1
        while head != tail:
            lx = ring[head]
            head += 1
            if head == size:
                head = 0
            if dl[lx] >= inf:
                continue
            lo = ptr[lx]
            end = ptr[lx + 1]
            # Current arc: an admissible arc stays admissible until this student relabels.
            want = dl[lx] - 1
            e = cur[lx]
            while e < end and dr[ladj[e]] != want:
                e += 1
            if e == end:
                counters[3] += 1
                scanned += end - lo
                best = inf
                e = -1
                for f in range(lo, end):
                    d = dr[ladj[f]]
                    if d < best:
                        best = d
                        e = f
                if e < 0 or best + 1 >= inf:
                    dl[lx] = inf
                    continue
                dl[lx] = best + 1
            cur[lx] = e
            r = ladj[e]
            counters[1] += 1
            if load[r] < right_cap[r]:
                slot_left[start[r] + load[r]] = lx
                load[r] += 1
                l_edge[lx] = e
                l_place[lx] = r
            else:
                # Double push: the placement passes on the occupant nearest to a free seat,
                # then relabels to its nearest remaining occupant (the newcomer included).
                k_out = -1
                d_out = inf
                for k in range(start[r], start[r] + load[r]):
                    d = dl[slot_left[k]]
                    if d < d_out:
                        d_out = d
                        k_out = k
                if d_out > dl[lx]:
                    # Everyone inside is farther than the newcomer: it bounces back.
                    dr[r] = dl[lx] + 1
                    ring[tail] = lx
                else:
                    out = slot_left[k_out]
                    slot_left[k_out] = lx
                    l_edge[lx] = e
                    l_place[lx] = r
                    l_edge[out] = -1
                    l_place[out] = -1
                    d_min = inf
                    for k in range(start[r], start[r] + load[r]):
                        d = dl[slot_left[k]]
                        if d < d_min:
                            d_min = d
                    dr[r] = d_min + 1
                    ring[tail] = out
                tail += 1
                if tail == size:
                    tail = 0
            if budget >= 0 and scanned > budget:
                scanned = 0
                counters[0] += 1
                _global_relabel(ptr, ladj, right_cap, load, l_place, dl, dr, cur, work, inf)

        # Part B: everything alternating paths reach from the unplaced students.
        seen = np.zeros(n_left, dtype=np.bool_)
        stack = np.empty(n_left, dtype=np.int64)
        top = 0
        for lx in range(n_left):
            if l_edge[lx] < 0:
                seen[lx] = True
                stack[top] = lx
                top += 1
        while top > 0:
            top -= 1
            lx = stack[top]
            own = l_place[lx]
            for e in range(ptr[lx], ptr[lx + 1]):
                r = ladj[e]
                if r == own or dead[r]:
                    continue
                dead[r] = True
                for k in range(start[r], start[r] + load[r]):
                    l2 = slot_left[k]
                    if not seen[l2]:
                        seen[l2] = True
                        stack[top] = l2
                        top += 1
    for lx in range(n_left):
        if l_edge[lx] < 0:
            counters[2] += 1
        else:
            l_edge[lx] += indptr[left_row[lx]] - ptr[lx]
    return l_edge, dead, counters
