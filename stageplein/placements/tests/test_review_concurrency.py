"""Two reviewers decide the same waiting first placement at the same moment, on PostgreSQL with
real threads (issue 15): one approves, the other refuses. The decision is one guarded UPDATE
(``review = 'waiting'`` in its WHERE): the second waits for the first's row lock, finds the
placement decided and changes nothing, so the organisation reads one outcome.

The negative control runs the real placement_review and takes out only that condition
(without_condition): both UPDATEs then succeed, the second overwrites the first, and the
organisation is told both "approved" and "refused". No widening is needed: without the
condition the second UPDATE succeeds whenever it runs.
"""

from __future__ import annotations

import pytest

from stageplein.accounts.models import Membership, Role
from stageplein.notifications.models import Notification
from stageplein.placements.models import Placement, PlacementReview
from stageplein.placements.services import placement_review
from tests.support.concurrency import run_concurrently, without_condition
from tests.support.people import make_user
from tests.support.placements import contact_of, publish_new, signed_up_provider

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


@pytest.fixture
def waiting(transactional_world):
    """A signed-up, approved organisation's first placement, waiting; two brokers of its area."""
    world = transactional_world
    provider = signed_up_provider(approved_by=world.users["broker"])
    contact = contact_of(provider)
    placement = publish_new(provider, "Zomerspelen begeleiden", contact)
    assert placement.review == PlacementReview.WAITING
    second = make_user("tweede@vc.test", "Tom", "Makelaar")
    Membership.objects.create(user=second, role=Role.BROKER, broker=world.broker)
    return placement, contact, [world.users["broker"], second]


def decide_at_once(placement, reviewers) -> list:
    """The first reviewer approves, the second refuses, at the same moment."""

    def decide(i: int) -> bool:
        fresh = Placement.objects.get(pk=placement.pk)
        if i == 0:
            return placement_review(placement=fresh, by=reviewers[0], approve=True)
        return placement_review(
            placement=fresh, by=reviewers[1], approve=False, note="Geen begeleiding"
        )

    return run_concurrently(decide, 2)


def outcomes_told(contact) -> list[str]:
    return sorted(
        Notification.objects.filter(
            recipient=contact, kind__startswith="placement_review_"
        ).values_list("kind", flat=True)
    )


def test_two_reviewers_deciding_one_placement_at_once_decide_it_once(waiting):
    placement, contact, reviewers = waiting
    results = decide_at_once(placement, reviewers)
    assert sorted(results) == [False, True]
    winner = results.index(True)
    placement.refresh_from_db()
    assert placement.reviewed_by == reviewers[winner]
    expected = [PlacementReview.APPROVED, PlacementReview.REFUSED][winner]
    assert placement.review == expected
    assert outcomes_told(contact) == [f"placement_review_{expected}"]


def test_negative_control_without_the_guard_both_decide_and_the_organisation_reads_both(
    waiting, monkeypatch
):
    placement, contact, reviewers = waiting
    without_condition(monkeypatch, Placement, review=PlacementReview.WAITING)
    results = decide_at_once(placement, reviewers)
    print(f"negative control (placement review): decisions {results}")
    assert results == [True, True]
    assert outcomes_told(contact) == [
        "placement_review_approved",
        "placement_review_refused",
    ]
