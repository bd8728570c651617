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
from django.utils import timezone

from stageplein.accounts.models import Membership, Role, User
from stageplein.geo.models import PostcodeArea
from stageplein.notifications.models import Notification
from stageplein.organisations import services as organisations
from stageplein.organisations.models import ProviderSignup, Sector
from stageplein.placements.models import Placement, PlacementReview
from stageplein.placements.services import placement_publish, placement_review
from tests.support.concurrency import run_concurrently, without_condition
from tests.support.people import make_user
from tests.support.placements import make_period, make_placement

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


@pytest.fixture
def waiting(transactional_world):
    """A signed-up, approved organisation's first placement, waiting; two brokers of its area."""
    world = transactional_world
    signup = organisations.provider_signup(
        name="Stichting De Hoven",
        kind="foundation",
        sector=Sector.objects.get(pk="sport"),
        postcode=PostcodeArea.objects.get(pk="7201"),
        address="Speeltuinweg 3",
        description="Een speeltuin voor de buurt",
        contact_name="Ria Speel",
        contact_email="ria@dehoven.test",
        motivation="Zomerspelen, onder leiding van twee vrijwilligers.",
    )
    ProviderSignup.objects.filter(pk=signup.pk).update(email_confirmed_at=timezone.now())
    provider = signup.provider
    organisations.provider_review(provider=provider, by=world.users["broker"], approve=True)
    contact = User.objects.get(
        memberships__provider=provider, memberships__role=Role.PROVIDER_CONTACT
    )
    placement = make_placement(provider, title="Zomerspelen begeleiden", pc4="7201", status="draft")
    make_period(placement)
    placement = placement_publish(placement=placement, by=contact)
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
