"""A card is used once, even when several phones use it at the same moment.

The guard is the condition of card_use's UPDATE (``used_at IS NULL``). The negative control
runs the same card_use with only that condition taken out
(tests.support.concurrency.without_condition).
"""

import pytest

from stageplein.signin import services
from stageplein.signin.models import SigninCard
from stageplein.signin.services import Outcome
from tests.support.concurrency import run_concurrently, without_condition

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
THREADS = 12


def successes(world) -> int:
    [card] = services.cards_issue(actor=world.users["coordinator"], students=[world.classmate])
    results = run_concurrently(lambda i: services.card_use(code=card.code), THREADS)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    return sum(r.outcome is Outcome.OK for r in results)


def test_simultaneous_uses_of_a_card_succeed_exactly_once(transactional_world):
    for _round in range(3):
        assert successes(transactional_world) == 1


def test_negative_control_without_the_guard_a_card_is_used_more_than_once(
    transactional_world, monkeypatch
):
    without_condition(monkeypatch, SigninCard, used_at__isnull=True)
    assert successes(transactional_world) > 1
