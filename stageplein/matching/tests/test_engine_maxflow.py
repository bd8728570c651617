"""The push-relabel cardinality step (engine_maxflow.max_matching) against the phase-based
one (engine._max_matching) and scipy's maximum_bipartite_matching on the seat-expanded
graph: the same number placed and the same part B (dead placements), on random instances and
the adversarial shapes (everyone wanting one seat, long augmenting chains, zero capacities,
empty rows, single candidates), with global relabellings at every rate, and as plain Python.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from stageplein.matching import engine, engine_maxflow
from stageplein.matching.engine import AllocationProblem, allocate, verify
from stageplein.matching.tests.test_engine import lsa_oracle, random_problem

# Global relabelling rates: the default, one after nearly every relabel, and only the first.
RATES = [engine_maxflow.GLOBAL_RELABEL, 1e-9, 0.0]


def scipy_placed(problem: AllocationProblem) -> int:
    """Maximum number placed, by scipy on the graph with one column per seat."""
    if problem.n_students == 0:
        return 0
    first_seat = np.concatenate([[0], np.cumsum(problem.capacity)])
    rows, cols = [], []
    for s in range(problem.n_students):
        for e in range(problem.indptr[s], problem.indptr[s + 1]):
            p = problem.candidates[e]
            for seat in range(first_seat[p], first_seat[p + 1]):
                rows.append(s)
                cols.append(seat)
    n_seats = int(first_seat[-1])
    if n_seats == 0:
        return 0
    graph = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(problem.n_students, n_seats))
    match = maximum_bipartite_matching(graph, perm_type="column")
    return int(np.count_nonzero(match >= 0))


def run_both(
    problem: AllocationProblem, rate: float, r0: int = 0, seed: int = 0
) -> tuple[Any, Any]:
    """Both steps on the problem as one component: placements numbered from ``r0`` and the
    students in a shuffled order (``left_row``), as _solve_component hands them over."""
    rng = np.random.default_rng(seed)
    left_row = rng.permutation(problem.n_students).astype(np.int64)
    adj = (problem.candidates.astype(np.int64) + r0).astype(np.int32)
    cap = problem.capacity.astype(np.int64)
    new = engine_maxflow.max_matching(left_row, problem.indptr, adj, np.int64(r0), cap, rate)
    old = engine._max_matching(left_row, problem.indptr, adj, np.int64(r0), cap)
    check_step(problem, left_row, new)
    return new, old


def check_step(problem: AllocationProblem, left_row: Any, out: Any) -> None:
    """A feasible allocation, and part B closed as the Dulmage-Mendelsohn part must be."""
    l_edge, dead, counters = out
    load = np.zeros(problem.n_placements, dtype=np.int64)
    for lx, s in enumerate(left_row):
        e = l_edge[lx]
        if e >= 0:
            assert problem.indptr[s] <= e < problem.indptr[s + 1]
            load[problem.candidates[e]] += 1
    assert np.all(load <= problem.capacity)
    assert counters[2] == np.count_nonzero(l_edge < 0)
    # Unplaced students and the occupants of dead placements have all candidates dead, and a
    # dead placement is full (else an augmenting path would end there).
    for lx, s in enumerate(left_row):
        row = problem.candidates[problem.indptr[s] : problem.indptr[s + 1]]
        e = l_edge[lx]
        if e < 0 or dead[problem.candidates[e]]:
            assert dead[row].all()
    assert np.all(load[dead] == problem.capacity[dead])


def assert_same(problem: AllocationProblem, rate: float, r0: int = 0, seed: int = 0) -> int:
    new, old = run_both(problem, rate, r0, seed)
    placed = int(np.count_nonzero(new[0] >= 0))
    assert placed == int(np.count_nonzero(old[0] >= 0)) == scipy_placed(problem)
    assert np.array_equal(new[1], old[1])
    return placed


@pytest.mark.parametrize("rate", RATES)
def test_same_placed_and_part_b_as_both_references_on_random_instances(rate: float) -> None:
    rng = np.random.default_rng(41)
    for i in range(120):
        n, m = int(rng.integers(0, 30)), int(rng.integers(1, 12))
        problem = random_problem(rng, n, m, max_cap=int(rng.integers(1, 4)))
        assert_same(problem, rate, r0=int(rng.integers(0, 5)), seed=i)


@pytest.mark.parametrize("rate", RATES)
def test_crowded_blocks_beside_free_seats(rate: float) -> None:
    # Sparse rows (2-4 candidates) over few seats: long alternating paths and a part B.
    rng = np.random.default_rng(43)
    for i in range(40):
        n, m = int(rng.integers(20, 80)), int(rng.integers(5, 30))
        cap = rng.integers(0, 3, m)
        cands = [list(rng.choice(m, size=int(rng.integers(1, 5)), replace=False)) for _ in range(n)]
        problem = AllocationProblem.from_lists(cap, cands, [[1] * len(c) for c in cands])
        assert_same(problem, rate, seed=i)


@pytest.mark.parametrize("rate", RATES)
def test_everyone_wanting_one_seat(rate: float) -> None:
    n = 50
    problem = AllocationProblem.from_lists([1, 3], [[0]] * n, [[1]] * n)
    assert assert_same(problem, rate) == 1
    _, dead, _ = engine_maxflow.max_matching(
        np.arange(n, dtype=np.int64),
        problem.indptr,
        problem.candidates,
        np.int64(0),
        problem.capacity,
        rate,
    )
    assert dead.tolist() == [True, False]


@pytest.mark.parametrize("rate", RATES)
def test_long_augmenting_chain(rate: float) -> None:
    # Student s lists placement s first and s + 1 second; the greedy fills 0..n-1 and the
    # extra student, who wants only placement 0, needs everyone to move one step along.
    n = 200
    cands = [[s, s + 1] for s in range(n)] + [[0]]
    problem = AllocationProblem.from_lists([1] * (n + 1), cands, [[1, 2]] * n + [[0]])
    assert assert_same(problem, rate) == n + 1


@pytest.mark.parametrize("rate", RATES)
def test_two_chains_into_one_free_seat(rate: float) -> None:
    # Two chains end at the same single free seat: one extra student is left over, and the
    # chain it sits on becomes part B.
    n = 60
    cands = [[s, s + 1] for s in range(n)] + [[0], [0]]
    problem = AllocationProblem.from_lists([1] * (n + 1), cands, [[1, 1]] * n + [[0], [0]])
    assert assert_same(problem, rate) == n + 1


@pytest.mark.parametrize("rate", RATES)
def test_zero_capacities_empty_rows_and_single_candidates(rate: float) -> None:
    rng = np.random.default_rng(47)
    for i in range(60):
        n, m = int(rng.integers(1, 25)), int(rng.integers(1, 9))
        cap = rng.integers(0, 3, m)
        cap[rng.random(m) < 0.4] = 0
        cands = []
        for _ in range(n):
            k = int(rng.choice([0, 1, 1, int(rng.integers(1, m + 1))]))
            cands.append(list(rng.choice(m, size=k, replace=False)))
        problem = AllocationProblem.from_lists(cap, cands, [[1] * len(c) for c in cands])
        assert_same(problem, rate, seed=i)


def test_all_capacities_zero_and_no_students() -> None:
    problem = AllocationProblem.from_lists([0, 0], [[0, 1], [1], []], [[1, 1], [1], []])
    assert assert_same(problem, engine_maxflow.GLOBAL_RELABEL) == 0
    empty = AllocationProblem.from_lists([2], [], [])
    assert assert_same(empty, engine_maxflow.GLOBAL_RELABEL) == 0


def test_the_engine_uses_it_and_stays_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    step = engine_maxflow.max_matching

    def spy(*args: Any) -> Any:
        calls.append(1)
        return step(*args)

    monkeypatch.setattr(engine_maxflow, "max_matching", spy)
    monkeypatch.setattr(engine, "CARDINALITY_FIRST", True)
    rng = np.random.default_rng(53)
    for _ in range(30):
        problem = random_problem(rng, int(rng.integers(1, 14)), int(rng.integers(1, 8)), max_cost=6)
        result = allocate(problem, "optimal", threads=1)
        assert verify(problem, result).certified_optimal
        assert (result.n_placed, result.total_cost) == lsa_oracle(problem)
    assert calls


def test_pure_python_kernels_agree_with_compiled_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without numba (or with a cold, unwritable cache) the same functions run as Python.
    rng = np.random.default_rng(59)
    problems_ = [random_problem(rng, 40, 12, max_cap=2) for _ in range(3)]
    expected = [run_both(p, engine_maxflow.GLOBAL_RELABEL)[0] for p in problems_]
    if engine.HAVE_NUMBA:
        for name in ("max_matching", "_global_relabel"):
            monkeypatch.setattr(engine_maxflow, name, getattr(engine_maxflow, name).py_func)
    for problem, want in zip(problems_, expected, strict=True):
        got = run_both(problem, engine_maxflow.GLOBAL_RELABEL)[0]
        assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    monkeypatch.setattr(engine, "CARDINALITY_FIRST", True)
    problem = problems_[0]
    result = allocate(problem, "optimal", threads=1)
    assert verify(problem, result).certified_optimal
    assert (result.n_placed, result.total_cost) == lsa_oracle(problem)
