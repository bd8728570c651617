"""The auction inner algorithm (engine.INNER = "auction") against the oracles, on the
adversarial shapes that break auctions: everyone wanting one seat (price wars), long
augmenting chains, ties everywhere, zero-capacity periods, students with one candidate,
over-subscribed blocks beside free seats (the asymmetric case) and costs near the int32 limit.
Every result must come from the auction itself (not the fallback) and be certified."""

from __future__ import annotations

import numpy as np
import pytest

from stageplein.matching import engine, engine_auction
from stageplein.matching.engine import AllocationProblem, AllocationResult, allocate, verify
from stageplein.matching.tests.test_engine import brute_force, lsa_oracle, random_problem


@pytest.fixture(autouse=True)
def auction(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "INNER", "auction")


def certified(problem: AllocationProblem, by_auction: bool = True) -> AllocationResult:
    result = allocate(problem, "optimal")
    report = verify(problem, result)
    assert report.feasible and report.maximum and report.certified_optimal
    assert (result.n_placed, result.total_cost) == lsa_oracle(problem)
    assert ("auction_phases" in result.stats) == by_auction
    return result


def test_random_instances_equal_the_oracle_and_the_default_path() -> None:
    rng = np.random.default_rng(17)
    for _ in range(150):
        problem = random_problem(rng, int(rng.integers(0, 14)), int(rng.integers(1, 9)))
        result = certified(problem)
        ssp = engine._solve_optimal(problem, {}, 1)[0]
        assert result.total_cost == int(problem.cost[ssp[ssp >= 0]].sum())


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


def test_long_augmenting_chain() -> None:
    n = 80
    cands = [[s, s + 1] for s in range(n)] + [[0]]
    costs = [[1, 5] for _ in range(n)] + [[0]]
    problem = AllocationProblem.from_lists([1] * (n + 1), cands, costs)
    assert certified(problem).n_placed == n + 1


def test_ties_everywhere() -> None:
    rng = np.random.default_rng(21)
    for _ in range(60):
        n, m = int(rng.integers(1, 14)), int(rng.integers(1, 7))
        certified(random_problem(rng, n, m, max_cap=2, max_cost=1))
    flat = AllocationProblem.from_lists(
        capacity=[2] * 5, candidates=[[0, 1, 2, 3, 4]] * 12, cost=[[3] * 5] * 12
    )
    assert certified(flat).n_placed == 10


def test_zero_capacity_periods_and_one_candidate_students() -> None:
    rng = np.random.default_rng(22)
    for _ in range(60):
        n, m = int(rng.integers(1, 14)), int(rng.integers(1, 7))
        base = random_problem(rng, n, m, max_cap=3)
        cap = base.capacity.copy()
        cap[rng.random(m) < 0.4] = 0
        rows = [base.candidates[base.indptr[s] : base.indptr[s + 1]] for s in range(n)]
        costs = [base.cost[base.indptr[s] : base.indptr[s + 1]] for s in range(n)]
        problem = AllocationProblem.from_lists(
            cap, [r[:1].tolist() for r in rows], [c[:1].tolist() for c in costs]
        )
        certified(problem)
    nothing = AllocationProblem.from_lists(
        capacity=[0, 0], candidates=[[0], [1], []], cost=[[1], [2], []]
    )
    assert certified(nothing).n_placed == 0


def test_over_subscribed_block_beside_free_seats() -> None:
    # Twenty students fight over three seats while another block has many free ones: the
    # free seats' prices must come down (reverse bids), the crowded ones stay high.
    cands = [[0, 1] for _ in range(20)] + [[2, 3, 4] for _ in range(4)] + [[1, 2]]
    costs = [[s % 4, 2] for s in range(20)] + [[1, 2, 3] for _ in range(4)] + [[0, 9]]
    problem = AllocationProblem.from_lists([2, 1, 3, 3, 3], cands, costs)
    assert certified(problem).n_placed == 8


def test_costs_near_the_int32_limit_fall_back_or_stay_exact() -> None:
    big = 2**31 - 1
    rng = np.random.default_rng(5)
    for _ in range(20):
        n, m = int(rng.integers(1, 7)), int(rng.integers(1, 4))
        cands = [list(rng.choice(m, size=rng.integers(1, m + 1), replace=False)) for _ in range(n)]
        costs = [[int(x) for x in rng.choice([0, 1, big - 1, big], len(c))] for c in cands]
        problem = AllocationProblem.from_lists(rng.integers(0, 3, m), cands, costs)
        result = allocate(problem, "optimal")
        assert (result.n_placed, result.total_cost) == brute_force(problem)
        assert verify(problem, result).certified_optimal


def test_a_worse_allocation_gets_no_potentials() -> None:
    # The label-correcting pass is what makes the auction's result trustworthy: on an
    # allocation that is not of least cost (a negative cycle) it must give up.
    problem = AllocationProblem.from_lists(
        capacity=[1, 1], candidates=[[0, 1], [0, 1]], cost=[[1, 10], [1, 2]]
    )
    worse = np.array([1, 2], dtype=np.int64)  # edges: student 0 -> 1, student 1 -> 0
    pot = np.zeros(problem.n_students + problem.n_placements + 2, dtype=np.int64)
    _, ok, _ = engine_auction._residual_potentials(
        problem.indptr, problem.candidates, problem.cost, problem.capacity, worse, pot, 1000
    )
    assert not ok
    best = np.array([0, 3], dtype=np.int64)
    pot = np.zeros_like(pot)
    _, ok, _ = engine_auction._residual_potentials(
        problem.indptr, problem.candidates, problem.cost, problem.capacity, best, pot, 1000
    )
    assert ok


def test_without_potentials_the_default_path_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = random_problem(np.random.default_rng(4), 30, 8)

    def no_certificate(indptr, candidates, cost, capacity):
        return np.full(problem.n_students, -1, dtype=np.int64), None, {}

    monkeypatch.setattr(engine_auction, "solve", no_certificate)
    certified(problem, by_auction=False)


def test_pure_python_kernels_agree_with_compiled_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(9)
    problems_ = [random_problem(rng, 25, 8) for _ in range(3)]
    expected = [allocate(p, "optimal").total_cost for p in problems_]
    if engine.HAVE_NUMBA:
        for name in ("_transpose", "_cheapest_seat", "_auction", "_residual_potentials"):
            monkeypatch.setattr(engine_auction, name, getattr(engine_auction, name).py_func)
    for problem, cost in zip(problems_, expected, strict=True):
        assert certified(problem).total_cost == cost
