"""A one-time link is used once, even when many requests use it at the same moment.

The guard is the condition of use_link's UPDATE (``used_at IS NULL``): of all the requests,
one changes the row. The negative control runs the same use_link with only that condition
taken out (tests.support.concurrency.without_condition); no widening is needed, since without
the condition every request's UPDATE matches. Caught in 10 of 10 runs
(2026-12-04, bench/negative_controls.py).
"""

import pytest

from stageplein.accounts.links import issue_link, use_link
from stageplein.accounts.models import OneTimeLink
from tests.support.concurrency import run_concurrently, without_condition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
THREADS = 24


def successes() -> int:
    raw = issue_link("test", max_age=60)
    results = run_concurrently(lambda i: use_link("test", raw), THREADS)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    return sum(r is not None for r in results)


def test_simultaneous_uses_of_a_link_succeed_exactly_once():
    for _round in range(3):
        assert successes() == 1


def test_negative_control_without_the_guard_a_link_is_used_more_than_once(monkeypatch):
    without_condition(monkeypatch, OneTimeLink, used_at__isnull=True)
    assert successes() > 1
