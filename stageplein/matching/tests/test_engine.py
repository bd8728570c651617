"""Tests for the allocation engine (no Django needed).

Exactness of ``optimal`` is checked against solvers that share no code with the engine:
scipy's dense ``linear_sum_assignment`` on a seat-expanded matrix, scipy's ``milp`` in two
lexicographic stages, and brute force. ``stable`` is checked against a literal
student-proposing deferred acceptance written here, and with ``verify``.
"""

from __future__ import annotations

import itertools
from collections import deque

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import coo_matrix

from stageplein.matching import engine
from stageplein.matching.engine import AllocationProblem, AllocationResult, allocate, verify

# ---------------------------------------------------------------------------------------------
# Independent oracles
# ---------------------------------------------------------------------------------------------


def lsa_oracle(problem: AllocationProblem) -> tuple[int, int]:
    """(max placed, min cost among those) via a dense assignment on expanded seats."""
    n = problem.n_students
    if n == 0:
        return 0, 0
    seat_owner = np.repeat(np.arange(problem.n_placements), problem.capacity)
    n_seats = seat_owner.size
    cmax = int(problem.cost.max()) if problem.nnz else 0
    # Leaving a student unplaced costs more than any allocation of everyone else could save.
    penalty = float(n * (cmax + 1) + 1)
    matrix = np.full((n, n_seats + n), np.inf)
    for s in range(n):
        for e in range(problem.indptr[s], problem.indptr[s + 1]):
            matrix[s, :n_seats][seat_owner == problem.candidates[e]] = problem.cost[e]
        matrix[s, n_seats + s] = penalty
    rows, cols = linear_sum_assignment(matrix)
    unplaced = int(np.count_nonzero(cols >= n_seats))
    total = matrix[rows, cols].sum() - unplaced * penalty
    return n - unplaced, round(total)


def milp_oracle(problem: AllocationProblem) -> tuple[int, int]:
    """(max placed, min cost among those) via two MILP stages: cardinality, then cost."""
    n, m, nnz = problem.n_students, problem.n_placements, problem.nnz
    if nnz == 0:
        return 0, 0
    rows = np.repeat(np.arange(n), np.diff(problem.indptr))
    per_student = coo_matrix((np.ones(nnz), (rows, np.arange(nnz))), shape=(n, nnz))
    per_place = coo_matrix((np.ones(nnz), (problem.candidates, np.arange(nnz))), shape=(m, nnz))
    cons = [
        LinearConstraint(per_student, 0, 1),
        LinearConstraint(per_place, 0, problem.capacity.astype(float)),
    ]
    ones = np.ones(nnz)
    first = milp(-ones, constraints=cons, integrality=ones, bounds=Bounds(0, 1))
    placed = round(-first.fun)
    cons.append(LinearConstraint(ones[None, :], placed, placed))
    second = milp(
        problem.cost.astype(float), constraints=cons, integrality=ones, bounds=Bounds(0, 1)
    )
    return placed, round(second.fun)


def brute_force(problem: AllocationProblem) -> tuple[int, int]:
    options = [
        [-1, *range(problem.indptr[s], problem.indptr[s + 1])] for s in range(problem.n_students)
    ]
    best = (0, 0)
    for choice in itertools.product(*options):
        load = np.zeros(problem.n_placements, dtype=int)
        placed = cost = 0
        for e in choice:
            if e >= 0:
                load[problem.candidates[e]] += 1
                placed += 1
                cost += int(problem.cost[e])
        if np.all(load <= problem.capacity) and (placed, -cost) > (best[0], -best[1]):
            best = (placed, cost)
    return best


def textbook_deferred_acceptance(problem: AllocationProblem) -> np.ndarray:
    """Gale-Shapley, student proposing; each placement keeps its best applicants so far."""
    n = problem.n_students
    prio = np.arange(n) if problem.priority is None else problem.priority
    key = {s: (int(prio[s]), s) for s in range(n)}
    nxt = [0] * n
    held: list[list[int]] = [[] for _ in range(problem.n_placements)]
    free = deque(range(n))
    while free:
        s = free.popleft()
        lo, hi = problem.indptr[s], problem.indptr[s + 1]
        if lo + nxt[s] >= hi:
            continue  # exhausted its list: stays unplaced
        p = int(problem.candidates[lo + nxt[s]])
        nxt[s] += 1
        held[p].append(s)
        held[p].sort(key=lambda x: key[x])
        if len(held[p]) > problem.capacity[p]:
            free.append(held[p].pop())
    out = np.full(n, -1)
    for p, students in enumerate(held):
        out[students] = p
    return out


# ---------------------------------------------------------------------------------------------
# Instance generators
# ---------------------------------------------------------------------------------------------


def random_problem(
    rng: np.random.Generator,
    n: int,
    m: int,
    max_cap: int = 3,
    max_cost: int = 20,
    priority: bool = False,
) -> AllocationProblem:
    cap = rng.integers(0, max_cap + 1, m)
    cands = [list(rng.choice(m, size=rng.integers(0, m + 1), replace=False)) for _ in range(n)]
    costs = [list(rng.integers(0, max_cost + 1, len(c))) for c in cands]
    prio = list(rng.permutation(n)) if priority else None
    return AllocationProblem.from_lists(cap, cands, costs, prio)


@st.composite
def problems(draw: st.DrawFn, max_students: int = 9, max_placements: int = 6) -> AllocationProblem:
    n = draw(st.integers(0, max_students))
    m = draw(st.integers(1, max_placements))
    cap = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    cands, costs = [], []
    for _ in range(n):
        row = draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m))
        cands.append(row)
        costs.append(draw(st.lists(st.integers(0, 50), min_size=len(row), max_size=len(row))))
    prio = draw(st.none() | st.permutations(list(range(n))))
    return AllocationProblem.from_lists(cap, cands, costs, prio)


# ---------------------------------------------------------------------------------------------
# optimal
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cardinality_first", [False, True])
def test_optimal_equals_assignment_oracle_on_random_instances(
    cardinality_first: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Part B found by part A's failed searches, or by the cardinality step: same optimum.
    monkeypatch.setattr(engine, "CARDINALITY_FIRST", cardinality_first)
    rng = np.random.default_rng(7)
    for _ in range(150):
        problem = random_problem(rng, int(rng.integers(0, 14)), int(rng.integers(1, 9)))
        result = allocate(problem, "optimal")
        report = verify(problem, result)
        assert report.feasible
        assert report.maximum and report.certified_optimal
        assert (result.n_placed, result.total_cost) == lsa_oracle(problem)
        assert (report.n_placed, report.total_cost) == (result.n_placed, result.total_cost)


@settings(max_examples=60, deadline=None)
@given(problems())
def test_optimal_equals_two_stage_milp(problem: AllocationProblem) -> None:
    result = allocate(problem, "optimal")
    assert verify(problem, result).certified_optimal
    assert (result.n_placed, result.total_cost) == milp_oracle(problem)


@pytest.mark.parametrize("cardinality_first", [False, True])
def test_optimal_equals_oracle_on_crowded_regions_with_several_components(
    cardinality_first: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "CARDINALITY_FIRST", cardinality_first)
    # Dense local competition, over- and under-subscribed blocks side by side: this drives
    # the search-tree pruning and the seat-side second part much harder than uniform noise.
    rng = np.random.default_rng(11)
    for _ in range(12):
        blocks = []
        for _ in range(3):
            n, m = int(rng.integers(5, 25)), int(rng.integers(3, 12))
            blocks.append(random_problem(rng, n, m, max_cap=int(rng.integers(1, 4)), max_cost=6))
        cap, cands, costs, offset = [], [], [], 0
        for b in blocks:
            cap += b.capacity.tolist()
            for s in range(b.n_students):
                lo, hi = b.indptr[s], b.indptr[s + 1]
                cands.append((b.candidates[lo:hi] + offset).tolist())
                costs.append(b.cost[lo:hi].tolist())
            offset += b.n_placements
        problem = AllocationProblem.from_lists(cap, cands, costs)
        result = allocate(problem, "optimal")
        assert verify(problem, result).certified_optimal
        assert (result.n_placed, result.total_cost) == lsa_oracle(problem)
        single = allocate(problem, "optimal", threads=1)
        assert np.array_equal(single.assignment, result.assignment)


def test_optimal_equals_brute_force_on_tiny_instances() -> None:
    rng = np.random.default_rng(3)
    for _ in range(60):
        problem = random_problem(rng, int(rng.integers(0, 6)), int(rng.integers(1, 4)))
        result = allocate(problem, "optimal")
        assert (result.n_placed, result.total_cost) == brute_force(problem)


def _certified_equal_to_oracle(problem: AllocationProblem) -> AllocationResult:
    result = allocate(problem, "optimal")
    report = verify(problem, result)
    assert report.feasible and report.maximum and report.certified_optimal
    assert (result.n_placed, result.total_cost) == lsa_oracle(problem)
    return result


def test_everyone_wanting_one_seat_gives_it_to_the_cheapest_and_is_certified() -> None:
    n = 40
    problem = AllocationProblem.from_lists(
        capacity=[1, 3], candidates=[[0]] * n, cost=[[(7 * s) % 13 + 1] for s in range(n)]
    )
    result = _certified_equal_to_oracle(problem)
    assert result.n_placed == 1


@pytest.mark.parametrize("cardinality_first", [False, True])
def test_long_augmenting_chain_is_found(
    cardinality_first: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "CARDINALITY_FIRST", cardinality_first)
    # Student s wants placement s cheaply and s + 1 dearly; the last placement is the only
    # spare seat, reached by moving every student one step along the chain.
    n = 60
    cands = [[s, s + 1] for s in range(n)]
    costs = [[1, 5] for _ in range(n)]
    cands.append([0])
    costs.append([0])
    problem = AllocationProblem.from_lists([1] * (n + 1), cands, costs)
    result = _certified_equal_to_oracle(problem)
    assert result.n_placed == n + 1


def test_ties_everywhere_still_give_a_certified_optimum() -> None:
    rng = np.random.default_rng(21)
    for _ in range(40):
        n, m = int(rng.integers(1, 14)), int(rng.integers(1, 7))
        problem = random_problem(rng, n, m, max_cap=2, max_cost=1)
        _certified_equal_to_oracle(problem)


@pytest.mark.parametrize("cardinality_first", [False, True])
def test_zero_capacity_periods_and_single_candidate_students(
    cardinality_first: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "CARDINALITY_FIRST", cardinality_first)
    rng = np.random.default_rng(22)
    for _ in range(40):
        n, m = int(rng.integers(1, 14)), int(rng.integers(1, 7))
        base = random_problem(rng, n, m, max_cap=3)
        cap = base.capacity.copy()
        cap[rng.random(m) < 0.4] = 0
        rows = [base.candidates[base.indptr[s] : base.indptr[s + 1]] for s in range(n)]
        costs = [base.cost[base.indptr[s] : base.indptr[s + 1]] for s in range(n)]
        keep = [1 if rng.random() < 0.5 else len(r) for r in rows]
        problem = AllocationProblem.from_lists(
            cap,
            [r[:k].tolist() for r, k in zip(rows, keep, strict=True)],
            [c[:k].tolist() for c, k in zip(costs, keep, strict=True)],
        )
        _certified_equal_to_oracle(problem)


def test_huge_costs_and_disconnected_parts_are_certified() -> None:
    top = np.iinfo(np.int32).max
    problem = AllocationProblem.from_lists(
        capacity=[1, 1, 2, 0, 1],
        candidates=[[0, 1], [0, 1], [0], [2], [2, 3], [2], [], [4]],
        cost=[[top, top - 1], [top, 0], [top], [5], [top, 1], [top], [], [top]],
    )
    _certified_equal_to_oracle(problem)


def test_verify_refuses_to_certify_a_worse_or_smaller_allocation() -> None:
    problem = AllocationProblem.from_lists(
        capacity=[1, 1], candidates=[[0, 1], [0, 1]], cost=[[1, 10], [1, 2]]
    )
    best = allocate(problem, "optimal")
    assert best.assignment.tolist() == [0, 1]
    worse = verify(problem, np.array([1, 0]), best.potentials)
    assert worse.maximum and not worse.certified_optimal
    smaller = verify(problem, np.array([0, -1]), best.potentials)
    assert not smaller.maximum and not smaller.certified_optimal
    assert verify(problem, best.assignment).certified_optimal is None  # no potentials given


def test_optimal_places_more_students_before_saving_cost() -> None:
    # Student 0 alone could take seat A at cost 0, but then student 1 (only A) stays out.
    problem = AllocationProblem.from_lists(
        capacity=[1, 1], candidates=[[0, 1], [0]], cost=[[0, 100], [50]]
    )
    result = allocate(problem, "optimal")
    assert result.assignment.tolist() == [1, 0]
    assert (result.n_placed, result.total_cost) == (2, 150)


def test_single_seat_goes_to_the_student_for_whom_it_costs_least() -> None:
    problem = AllocationProblem.from_lists(
        capacity=[1], candidates=[[0], [0], [0]], cost=[[9], [2], [5]]
    )
    result = allocate(problem, "optimal")
    assert result.assignment.tolist() == [-1, 0, -1]
    assert result.total_cost == 2


def test_oversubscribed_region_keeps_the_cheapest_students() -> None:
    # Two seats, four students who can only go there: the optimum drops the two whose
    # placement costs most, even though they come first in the input.
    problem = AllocationProblem.from_lists(
        capacity=[1, 1],
        candidates=[[0, 1], [1, 0], [0], [1]],
        cost=[[30, 31], [40, 41], [1], [2]],
    )
    result = allocate(problem, "optimal")
    assert result.assignment.tolist() == [-1, -1, 0, 1]


def test_empty_instances_are_fine() -> None:
    for problem in [
        AllocationProblem.from_lists(capacity=[], candidates=[], cost=[]),
        AllocationProblem.from_lists(capacity=[2, 1], candidates=[], cost=[]),
        AllocationProblem.from_lists(capacity=[], candidates=[[], []], cost=[[], []]),
    ]:
        for mode in ("optimal", "stable"):
            result = allocate(problem, mode)
            assert result.n_placed == 0 and result.total_cost == 0
            assert result.assignment.shape == (problem.n_students,)


def test_students_without_candidates_stay_unplaced() -> None:
    problem = AllocationProblem.from_lists(
        capacity=[1, 1], candidates=[[], [1], []], cost=[[], [4], []]
    )
    for mode in ("optimal", "stable"):
        assert allocate(problem, mode).assignment.tolist() == [-1, 1, -1]


def test_all_full_placements_place_nobody() -> None:
    problem = AllocationProblem.from_lists(
        capacity=[0, 0], candidates=[[0, 1], [1]], cost=[[1, 2], [3]]
    )
    for mode in ("optimal", "stable"):
        result = allocate(problem, mode)
        assert result.n_placed == 0
        assert verify(problem, result).blocking_pairs == 0


def test_costs_at_the_int32_limit_do_not_overflow() -> None:
    big = 2**31 - 1
    rng = np.random.default_rng(5)
    for _ in range(20):
        n, m = int(rng.integers(1, 7)), int(rng.integers(1, 4))
        cands = [list(rng.choice(m, size=rng.integers(1, m + 1), replace=False)) for _ in range(n)]
        costs = [[int(x) for x in rng.choice([0, 1, big - 1, big], len(c))] for c in cands]
        problem = AllocationProblem.from_lists(rng.integers(0, 3, m), cands, costs)
        result = allocate(problem, "optimal")
        assert (result.n_placed, result.total_cost) == brute_force(problem)


def test_threads_do_not_change_the_result() -> None:
    rng = np.random.default_rng(2)
    problem = random_problem(rng, 300, 60, max_cap=3, max_cost=9)
    one = allocate(problem, "optimal", threads=1)
    two = allocate(problem, "optimal", threads=2)
    assert np.array_equal(one.assignment, two.assignment)
    assert one.stats["components"] == two.stats["components"]


def test_result_reports_ranks_counts_and_timings() -> None:
    problem = AllocationProblem.from_lists(
        capacity=[1, 1, 1], candidates=[[0, 1], [0, 2], [2]], cost=[[0, 5], [1, 3], [0]]
    )
    result = allocate(problem, "optimal")
    assert isinstance(result, AllocationResult)
    assert result.mode == "optimal"
    assert result.assignment.dtype == np.int32 and result.rank.dtype == np.int32
    assert result.assignment.tolist() == [1, 0, 2]
    assert result.rank.tolist() == [1, 0, 0]
    assert (result.n_placed, result.n_unplaced, result.total_cost) == (3, 0, 6)
    assert result.timings["total"] >= 0
    assert result.stats["components"] == 1
    with pytest.raises(ValueError):
        result.assignment[0] = 2  # results are read-only


def test_the_search_heap_pops_in_order_and_compaction_keeps_every_live_entry() -> None:
    # The searches' heaps never grow: when one fills up, _heap_compact must drop exactly the
    # stale entries (a key that is no longer its node's current key) and keep a valid heap.
    rng = np.random.default_rng(5)
    for stride, offset in ((1, 0), (4, 1)):
        n_nodes, room = 20, 400
        cur = np.full(stride * n_nodes, np.iinfo(np.int64).max, dtype=np.int64)
        hk = np.empty(room, dtype=np.int64)
        hv = np.empty(room, dtype=np.int64)
        size = 0
        for _ in range(300):  # lazy pushes: a node's key only ever drops
            v = int(rng.integers(0, n_nodes))
            key = int(rng.integers(0, 1000))
            if key < cur[stride * v + offset]:
                cur[stride * v + offset] = key
                size = engine._heap_push(hk, hv, size, np.int64(key), np.int64(v))
        live = sorted(
            (int(cur[stride * v + offset]), v)
            for v in range(n_nodes)
            if cur[stride * v + offset] < np.iinfo(np.int64).max
        )
        assert size > len(live)  # there was something stale to drop
        size = engine._heap_compact(hk, hv, size, cur, stride, offset)
        assert size == len(live)
        popped = []
        while size > 0:
            key, v, size = engine._heap_pop(hk, hv, size)
            popped.append((int(key), int(v)))
        assert [k for k, _ in popped] == [k for k, _ in live]
        assert sorted(popped) == live


def test_pure_python_kernels_agree_with_compiled_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without numba (or with a cold, unwritable cache) the same functions run as Python.
    rng = np.random.default_rng(9)
    problems_ = [random_problem(rng, 40, 12, priority=True) for _ in range(3)]
    expected = [(allocate(p, "optimal"), allocate(p, "stable")) for p in problems_]
    monkeypatch.setattr(engine, "CARDINALITY_FIRST", True)  # every kernel runs
    if engine.HAVE_NUMBA:
        for name in (
            "_first_duplicate_row",
            "_serial_dictatorship",
            "_locality_order",
            "_sorted_rows",
            "_ssp",
            "_max_matching",
        ):
            monkeypatch.setattr(engine, name, getattr(engine, name).py_func)
    for problem, (opt, stb) in zip(problems_, expected, strict=True):
        again = AllocationProblem(
            problem.capacity, problem.indptr, problem.candidates, problem.cost, problem.priority
        )
        assert allocate(again, "optimal").total_cost == opt.total_cost
        assert np.array_equal(allocate(again, "stable").assignment, stb.assignment)


# ---------------------------------------------------------------------------------------------
# stable
# ---------------------------------------------------------------------------------------------


def test_stable_equals_textbook_deferred_acceptance_and_has_no_blocking_pairs() -> None:
    rng = np.random.default_rng(13)
    for _ in range(150):
        problem = random_problem(
            rng,
            int(rng.integers(0, 20)),
            int(rng.integers(1, 8)),
            priority=bool(rng.integers(0, 2)),
        )
        result = allocate(problem, "stable")
        assert np.array_equal(result.assignment, textbook_deferred_acceptance(problem))
        report = verify(problem, result)
        assert report.feasible and report.blocking_pairs == 0


@settings(max_examples=60, deadline=None)
@given(problems(max_students=12))
def test_stable_never_has_blocking_pairs(problem: AllocationProblem) -> None:
    report = verify(problem, allocate(problem, "stable"))
    assert report.feasible and report.blocking_pairs == 0


def test_stable_gives_the_seat_to_the_earliest_reaction_not_the_lowest_index() -> None:
    problem = AllocationProblem.from_lists(
        capacity=[1, 1], candidates=[[0, 1], [0, 1]], cost=[[0, 0], [0, 0]], priority=[5, 2]
    )
    assert allocate(problem, "stable").assignment.tolist() == [1, 0]


def test_stable_breaks_priority_ties_by_student_index() -> None:
    problem = AllocationProblem.from_lists(
        capacity=[1], candidates=[[0], [0], [0]], cost=[[0], [0], [0]], priority=[7, 3, 3]
    )
    assert allocate(problem, "stable").assignment.tolist() == [-1, 0, -1]


def test_stable_ignores_costs_and_follows_the_candidate_order() -> None:
    problem = AllocationProblem.from_lists(capacity=[1, 1], candidates=[[1, 0]], cost=[[100, 0]])
    result = allocate(problem, "stable")
    assert result.assignment.tolist() == [1] and result.rank.tolist() == [0]


# ---------------------------------------------------------------------------------------------
# verify
# ---------------------------------------------------------------------------------------------


def test_verify_reports_violations_and_blocking_pairs() -> None:
    problem = AllocationProblem.from_lists(
        capacity=[1, 1, 1],
        candidates=[[0, 1], [0], [1, 2]],
        cost=[[1, 2], [3], [4, 5]],
        priority=[0, 1, 2],
    )
    # Students 0 and 1 share placement 0 (capacity 1); student 2 sits on 0, not a candidate.
    report = verify(problem, np.array([0, 0, 0]))
    assert report.capacity_violations == 1 and report.excess_students == 2
    assert report.non_candidate == 1
    assert report.n_placed == 3 and report.total_cost == 4
    assert not report.feasible
    # Student 0 sits on its 2nd choice while placement 0 holds student 1, who has a worse
    # priority: (0, 0) blocks. Student 2 is unplaced; placement 1 holds student 0 (better
    # priority, no block) but placement 2 has a free seat: (2, 2) blocks.
    report = verify(problem, np.array([1, 0, -1]))
    assert report.feasible
    assert report.blocking_pairs == 2


def test_verify_counts_each_blocking_pair_once() -> None:
    problem = AllocationProblem.from_lists(
        capacity=[1, 1], candidates=[[0, 1], [0, 1]], cost=[[0, 0], [0, 0]], priority=[0, 1]
    )
    # Student 0 (better priority) sits on its second choice while student 1 holds its first.
    assert verify(problem, np.array([1, 0])).blocking_pairs == 1
    assert verify(problem, np.array([0, 1])).blocking_pairs == 0
    # Everyone unplaced: every (student, candidate) pair with a free seat blocks.
    assert verify(problem, np.array([-1, -1])).blocking_pairs == 4


def test_verify_rejects_an_assignment_of_the_wrong_shape() -> None:
    problem = AllocationProblem.from_lists(capacity=[1], candidates=[[0]], cost=[[0]])
    with pytest.raises(ValueError, match="shape"):
        verify(problem, np.array([0, 0]))


# ---------------------------------------------------------------------------------------------
# validation
# ---------------------------------------------------------------------------------------------

GOOD = {
    "capacity": np.array([1, 2]),
    "indptr": np.array([0, 2, 3]),
    "candidates": np.array([0, 1, 1]),
    "cost": np.array([3, 4, 5]),
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cost": np.array([3, -1, 5])}, "cost must be >= 0"),
        ({"candidates": np.array([0, 2, 1])}, "candidates must lie in"),
        ({"candidates": np.array([0, -1, 1])}, "candidates must lie in"),
        ({"indptr": np.array([0, 3, 2, 3])}, "monotone"),
        ({"indptr": np.array([1, 2, 3])}, r"indptr\[0\] must be 0"),
        ({"indptr": np.array([], dtype=int)}, "at least one"),
        ({"candidates": np.array([0, 1])}, "candidates has 2 entries"),
        ({"cost": np.array([3, 4])}, "cost has 2 entries"),
        ({"capacity": np.array([1, -2])}, "capacity must be >= 0"),
        ({"capacity": np.array([[1, 2]])}, "1-D"),
        ({"cost": np.array([3.0, 4.0, 5.0])}, "integer dtype"),
        ({"cost": np.array([3, 4, 2**31])}, "int32 range"),
        ({"candidates": np.array([1, 1, 1])}, "student 0 lists the same placement"),
        ({"priority": np.array([0, 1, 2])}, "priority has 3 entries"),
    ],
)
def test_invalid_input_raises_a_clear_value_error(change: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        AllocationProblem(**{**GOOD, **change})


def test_from_lists_rejects_ragged_cost_lists() -> None:
    with pytest.raises(ValueError, match="as long as"):
        AllocationProblem.from_lists(capacity=[1], candidates=[[0]], cost=[[1, 2]])


def test_unknown_mode_is_rejected() -> None:
    problem = AllocationProblem(**GOOD)
    with pytest.raises(ValueError, match="mode"):
        allocate(problem, "fastest")  # type: ignore[arg-type]


def test_warmup_compiles_every_kernel_and_reports_seconds() -> None:
    assert engine.warmup() >= 0.0


def test_competition_counts_every_student_who_wants_the_same_seats() -> None:
    problem = AllocationProblem.from_lists(
        capacity=[2, 1, 3, 0],
        candidates=[[0, 1], [1], [2], [0, 2], [3]],
        cost=[[0, 0], [0], [0], [0, 0], [0]],
    )
    demand, seats = engine.competition(problem, np.array([0, 2, 4]))
    # Student 0 shares placement 0 with student 3 and placement 1 with student 1.
    assert demand.tolist() == [3, 2, 1]
    assert seats.tolist() == [3, 3, 0]


@pytest.mark.parametrize("threads", [1, 2])
def test_progress_rises_to_one_as_components_are_solved(threads: int) -> None:
    # Three separate pairs of students and a student without candidates.
    problem = AllocationProblem.from_lists(
        capacity=[1, 1, 1],
        candidates=[[0], [0], [1], [1], [2], [2], []],
        cost=[[1], [2], [1], [2], [1], [2], []],
    )
    seen: list[float] = []
    allocate(problem, "optimal", threads=threads, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0 and len(seen) >= 4
    stable_seen: list[float] = []
    allocate(problem, "stable", progress=stable_seen.append)
    assert stable_seen == [1.0]
