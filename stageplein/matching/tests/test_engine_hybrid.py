"""The auction-then-SSP hybrid (engine.INNER = "hybrid") and the SSP kernel's global price
updates (engine.GLOBAL_UPDATE) against the oracles, on the adversarial shapes: everyone
wanting one seat, long augmenting chains, ties everywhere, zero-capacity periods, students
with one candidate, over-subscribed blocks beside free seats. Every result must be
certified by verify() and equal linear_sum_assignment (or brute force)."""

from __future__ import annotations

import numpy as np
import pytest

from stageplein.matching import engine, engine_auction
from stageplein.matching.engine import AllocationProblem, AllocationResult, allocate, verify
from stageplein.matching.tests.test_engine import brute_force, lsa_oracle, random_problem

# (inner, GLOBAL_UPDATE, WARM_EPS): the hybrid with the default and a very coarse warm start,
# and plain SSP with a global price update before nearly every search.
# Read at import, before any fixture changes them.
DEFAULTS = (engine.INNER, engine.GLOBAL_UPDATE)

SETTINGS = [("hybrid", 0.0, 1), ("hybrid", 0.0, 1000), ("ssp", 0.02, 1), ("hybrid", 0.02, 3)]


@pytest.fixture(autouse=True, params=SETTINGS, ids=lambda s: f"{s[0]}-g{s[1]}-eps{s[2]}")
def inner(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    name, global_update, warm_eps = request.param
    monkeypatch.setattr(engine, "INNER", name)
    monkeypatch.setattr(engine, "GLOBAL_UPDATE", global_update)
    monkeypatch.setattr(engine_auction, "WARM_EPS", warm_eps)
    return str(name)


def certified(problem: AllocationProblem, threads: int = 1) -> AllocationResult:
    result = allocate(problem, "optimal", threads=threads)
    report = verify(problem, result)
    assert report.feasible and report.maximum and report.certified_optimal
    assert (result.n_placed, result.total_cost) == lsa_oracle(problem)
    return result


def test_random_instances_equal_the_oracle() -> None:
    rng = np.random.default_rng(31)
    for i in range(120):
        problem = random_problem(rng, int(rng.integers(0, 16)), int(rng.integers(1, 9)))
        # Two threads solve components side by side, each from its slice of the warm start.
        certified(problem, threads=1 + i % 2)


def test_everyone_wanting_one_seat() -> None:
    n = 50
    problem = AllocationProblem.from_lists(
        capacity=[1, 2], candidates=[[0]] * n, cost=[[(7 * s) % 13 + 1] for s in range(n)]
    )
    assert certified(problem).n_placed == 1
    both = AllocationProblem.from_lists(
        capacity=[1, 1], candidates=[[0, 1]] * n, cost=[[s % 3, 5] for s in range(n)]
    )
    assert certified(both).n_placed == 2


def test_long_augmenting_chains() -> None:
    n = 80
    cands = [[s, s + 1] for s in range(n)] + [[0]]
    costs = [[1, 5] for _ in range(n)] + [[0]]
    problem = AllocationProblem.from_lists([1] * (n + 1), cands, costs)
    assert certified(problem).n_placed == n + 1
    # The same chain entered from its far end: every new student pushes all earlier ones.
    rev = AllocationProblem.from_lists([1] * (n + 1), cands[::-1], costs[::-1])
    assert certified(rev).n_placed == n + 1


def test_ties_everywhere() -> None:
    rng = np.random.default_rng(32)
    for _ in range(50):
        n, m = int(rng.integers(1, 14)), int(rng.integers(1, 7))
        certified(random_problem(rng, n, m, max_cap=2, max_cost=1))
    flat = AllocationProblem.from_lists(
        capacity=[2] * 5, candidates=[[0, 1, 2, 3, 4]] * 12, cost=[[3] * 5] * 12
    )
    assert certified(flat).n_placed == 10


def test_zero_capacity_periods_and_one_candidate_students() -> None:
    rng = np.random.default_rng(33)
    for _ in range(50):
        n, m = int(rng.integers(1, 14)), int(rng.integers(1, 7))
        base = random_problem(rng, n, m, max_cap=3)
        cap = base.capacity.copy()
        cap[rng.random(m) < 0.4] = 0
        rows = [base.candidates[base.indptr[s] : base.indptr[s + 1]] for s in range(n)]
        costs = [base.cost[base.indptr[s] : base.indptr[s + 1]] for s in range(n)]
        one = AllocationProblem.from_lists(
            cap, [r[:1].tolist() for r in rows], [c[:1].tolist() for c in costs]
        )
        certified(one)
        certified(AllocationProblem(cap, base.indptr, base.candidates, base.cost))
    nothing = AllocationProblem.from_lists(
        capacity=[0, 0], candidates=[[0], [1], []], cost=[[1], [2], []]
    )
    assert certified(nothing).n_placed == 0


def test_over_subscribed_block_beside_free_seats() -> None:
    cands = [[0, 1] for _ in range(20)] + [[2, 3, 4] for _ in range(4)] + [[1, 2]]
    costs = [[s % 4, 2] for s in range(20)] + [[1, 2, 3] for _ in range(4)] + [[0, 9]]
    problem = AllocationProblem.from_lists([2, 1, 3, 3, 3], cands, costs)
    assert certified(problem).n_placed == 8


def test_a_larger_crowded_instance_equals_the_default_path() -> None:
    # Big enough for several global updates and a non-trivial warm start, crowded enough
    # for part B (students nobody can place).
    rng = np.random.default_rng(34)
    problem = random_problem(rng, 400, 60, max_cap=4, max_cost=40)
    result = certified(problem)
    default = engine._solve_optimal(problem, {}, 1)[0]
    assert result.total_cost == int(problem.cost[default[default >= 0]].sum())


def test_costs_near_the_int32_limit() -> None:
    big = 2**31 - 1
    rng = np.random.default_rng(35)
    for _ in range(20):
        n, m = int(rng.integers(1, 7)), int(rng.integers(1, 4))
        cands = [list(rng.choice(m, size=rng.integers(1, m + 1), replace=False)) for _ in range(n)]
        costs = [[int(x) for x in rng.choice([0, 1, big - 1, big], len(c))] for c in cands]
        problem = AllocationProblem.from_lists(rng.integers(0, 3, m), cands, costs)
        result = allocate(problem, "optimal", threads=1)
        assert (result.n_placed, result.total_cost) == brute_force(problem)
        assert verify(problem, result).certified_optimal


def test_the_warm_state_keeps_the_searches_invariants() -> None:
    # After _warm_fix every assigned student sits on a cheapest cost + price of its row and
    # only full placements have a positive price: what successive shortest paths assume.
    rng = np.random.default_rng(36)
    for _ in range(40):
        problem = random_problem(rng, int(rng.integers(1, 30)), int(rng.integers(1, 9)))
        warm = engine_auction.warm_start(
            problem.indptr, problem.candidates, problem.cost, problem.capacity
        )
        assert warm is not None
        edge, price, _ = warm
        load = np.bincount(problem.candidates[edge[edge >= 0]], minlength=problem.n_placements)
        assert np.all(load <= problem.capacity)
        assert np.all(price >= 0) and np.all(load[price > 0] == problem.capacity[price > 0])
        for s in np.flatnonzero(edge >= 0):
            lo, hi = problem.indptr[s], problem.indptr[s + 1]
            row = problem.cost[lo:hi] + price[problem.candidates[lo:hi]]
            assert problem.cost[edge[s]] + price[problem.candidates[edge[s]]] == row.min()


def test_a_violated_warm_state_is_unwound() -> None:
    # Student 0 sits on placement 1 at price 5 although placement 0 is cheaper for it: it is
    # unassigned, placement 1 is no longer full so its price drops to 0, and student 1
    # (on placement 2) now prefers placement 1 and is unassigned too.
    problem = AllocationProblem.from_lists(
        capacity=[1, 1, 1], candidates=[[0, 1], [2, 1]], cost=[[0, 0], [1, 0]]
    )
    edge = np.array([1, 2], dtype=np.int64)
    price = np.array([0, 5, 0], dtype=np.int64)
    edge, price, dropped = engine_auction._warm_fix(
        problem.indptr, problem.candidates, problem.cost, problem.capacity, edge, price
    )
    assert dropped == 2 and edge.tolist() == [-1, -1] and price.tolist() == [0, 0, 0]


def test_pure_python_kernels_agree_with_compiled_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(37)
    problems_ = [random_problem(rng, 25, 8) for _ in range(2)]
    expected = [lsa_oracle(p) for p in problems_]
    if engine.HAVE_NUMBA:
        for name in ("_transpose", "_cheapest_seat", "_auction", "_warm_fix"):
            monkeypatch.setattr(engine_auction, name, getattr(engine_auction, name).py_func)
        for name in ("_ssp", "_global_update", "_heap_push", "_heap_pop"):
            monkeypatch.setattr(engine, name, getattr(engine, name).py_func)
    for problem, want in zip(problems_, expected, strict=True):
        result = certified(problem)
        assert (result.n_placed, result.total_cost) == want


def test_the_default_is_what_the_broker_gets() -> None:
    # candidates/allocate.py calls allocate() without choosing an inner algorithm, so the
    # broker workspace runs whatever engine.INNER says by default: plain SSP, the fastest
    # exact one measured (docs/matching-engine.md), without global updates.
    assert DEFAULTS == ("ssp", 0.0)
