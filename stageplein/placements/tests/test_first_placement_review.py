"""The first placement of an organisation that signed up itself waits for a broker of its area
before students can find it (issue 15): approve, ask for changes (the provider is told and
sends it back), or refuse with a reason."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.accounts.models import Membership, Role, User
from stageplein.geo.models import Municipality, PostcodeArea
from stageplein.internships.services.own_placement import (
    own_placement_approve,
    own_placement_register,
)
from stageplein.notifications.models import Notification
from stageplein.organisations import services as organisations
from stageplein.organisations.models import Broker, JoinedVia, Sector
from stageplein.placements.models import Placement, PlacementReview
from stageplein.placements.selectors import COMPILED_KEYS, PlacementSearch, page_keys
from stageplein.placements.services import placement_review
from tests.support.placements import contact_of, publish_new, signed_up_provider

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    COMPILED_KEYS.clear()
    yield
    COMPILED_KEYS.clear()


@pytest.fixture
def joined(world):
    """An organisation that signed up, confirmed and was approved: its contact can publish."""
    return signed_up_provider(approved_by=world.users["broker"])


def found(title: str) -> bool:
    """Found by the student search (through the compiled-SQL cache) and by every other reader
    of ``findable``."""
    keys = {row["pk"] for row in page_keys(PlacementSearch(q=title.lower()), 0, 20)}
    placement = Placement.objects.get(title=title)
    return placement.pk in keys and Placement.objects.findable().filter(pk=placement.pk).exists()


def test_a_first_placement_is_invisible_in_search_until_approved(joined, world, client_as):
    placement = publish_new(joined, "Zomerspelen begeleiden", contact_of(joined))
    assert placement.review == PlacementReview.WAITING
    assert not found("Zomerspelen begeleiden")
    assert not placement.is_findable()
    student = client_as("student")
    assert student.get(reverse("placement_detail", args=[placement.pk])).status_code == 404
    assert student.get(reverse("public_placement", args=[placement.pk])).status_code == 404
    # Its own organisation and the broker see it, with its review state.
    page = client_as("broker").get(reverse("placement_detail", args=[placement.pk]))
    assert page.status_code == 200


def test_an_approved_first_placement_appears_in_search(joined, world, client_as):
    placement = publish_new(joined, "Zomerspelen begeleiden", contact_of(joined))
    assert not found("Zomerspelen begeleiden")  # compiled now: the review is part of the SQL
    broker = client_as("broker")
    assert "Zomerspelen begeleiden" in broker.get(reverse("provider_review_list")).content.decode()
    review = broker.get(reverse("placement_review", args=[placement.pk])).content.decode()
    assert "Een echte taak" in review or "A real task" in review  # the booklet's criteria
    response = broker.post(
        reverse("placement_review", args=[placement.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.review == PlacementReview.APPROVED
    assert found("Zomerspelen begeleiden")
    student = client_as("student")
    assert student.get(reverse("placement_detail", args=[placement.pk])).status_code == 200
    assert Notification.objects.filter(
        recipient=contact_of(joined), kind="placement_review_approved"
    ).exists()


def test_a_second_placement_of_an_approved_organisation_needs_no_review(joined, world):
    contact = contact_of(joined)
    first = publish_new(joined, "Zomerspelen begeleiden", contact)
    assert placement_review(placement=first, by=world.users["broker"], approve=True)
    second = publish_new(joined, "Speeltuin opruimen", contact)
    assert second.review == PlacementReview.NOT_NEEDED
    assert found("Speeltuin opruimen")


def test_placements_of_organisations_that_did_not_sign_up_or_of_the_broker_need_no_review(
    joined, world
):
    # The world's organisation was added by the administrator, not by a sign-up.
    other = publish_new(world.provider, "Koffie schenken", world.users["provider_contact"])
    assert other.review == PlacementReview.NOT_NEEDED
    # The broker of the area publishes for the organisation: they have seen it.
    by_broker = publish_new(joined, "Zomerspelen begeleiden", world.users["broker"])
    assert by_broker.review == PlacementReview.NOT_NEEDED
    assert found("Zomerspelen begeleiden")


def test_a_broker_of_another_area_gets_404(joined, world, client_as):
    placement = publish_new(joined, "Zomerspelen begeleiden", contact_of(joined))
    elsewhere = Broker.objects.create(
        name="Vrijwilligerscentrale Utrecht", region=world.other_region
    )
    elsewhere.municipalities.set([Municipality.objects.get(name="Utrecht")])
    user = User.objects.create_user("makelaar@utrecht.test", "x", first_name="Ute")
    Membership.objects.create(user=user, role=Role.BROKER, broker=elsewhere)
    client = client_as(None)
    client.force_login(user)
    url = reverse("placement_review", args=[placement.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve"}).status_code == 404
    assert "Zomerspelen" not in client.get(reverse("provider_review_list")).content.decode()
    placement.refresh_from_db()
    assert placement.review == PlacementReview.WAITING
    # Other roles of the area do not review either.
    assert client_as("provider_contact").get(url).status_code == 404
    assert client_as("student").get(url).status_code == 404


def test_asking_for_changes_notifies_the_provider_and_resubmission_returns_it_to_the_queue(
    joined, world, client_as
):
    contact = contact_of(joined)
    placement = publish_new(joined, "Zomerspelen begeleiden", contact)
    broker = client_as("broker")
    url = reverse("placement_review", args=[placement.pk])
    assert broker.post(url, {"decision": "changes"}).status_code == 400  # a message is needed
    broker.post(url, {"decision": "changes", "note": "Wie begeleidt de leerlingen precies?"})
    placement.refresh_from_db()
    assert placement.review == PlacementReview.CHANGES
    assert not found("Zomerspelen begeleiden")
    assert "Zomerspelen" not in broker.get(reverse("provider_review_list")).content.decode()
    note = Notification.objects.get(recipient=contact, kind="placement_review_changes")
    assert note.url == reverse("placement_detail", args=[placement.pk])

    provider = client_as(None)
    provider.force_login(contact)
    page = provider.get(reverse("placement_detail", args=[placement.pk])).content.decode()
    assert "Wie begeleidt de leerlingen precies?" in page
    assert reverse("placement_resubmit", args=[placement.pk]) in page
    provider.post(reverse("placement_resubmit", args=[placement.pk]))
    placement.refresh_from_db()
    assert placement.review == PlacementReview.WAITING
    assert "Zomerspelen" in broker.get(reverse("provider_review_list")).content.decode()
    # Sending it again once more does nothing; another organisation may not.
    assert provider.post(reverse("placement_resubmit", args=[placement.pk])).status_code == 403
    other = client_as("other_provider_contact")
    assert other.post(reverse("placement_resubmit", args=[placement.pk])).status_code == 404


def test_a_refusal_needs_a_reason_and_keeps_the_placement_hidden(joined, world, client_as):
    contact = contact_of(joined)
    placement = publish_new(joined, "Zomerspelen begeleiden", contact)
    broker = client_as("broker")
    url = reverse("placement_review", args=[placement.pk])
    broker.post(url, {"decision": "refuse"})
    placement.refresh_from_db()
    assert placement.review == PlacementReview.WAITING
    broker.post(url, {"decision": "refuse", "note": "Geen begeleiding door volwassenen"})
    placement.refresh_from_db()
    assert placement.review == PlacementReview.REFUSED
    assert placement.review_note == "Geen begeleiding door volwassenen"
    assert not found("Zomerspelen begeleiden")
    assert Notification.objects.filter(recipient=contact, kind="placement_review_refused").exists()
    # A second decision (two reviewers at once, a retry) changes nothing.
    assert broker.get(url).status_code == 404


def test_the_first_placement_of_an_organisation_brought_in_by_an_own_placement_waits_for_review(
    world, client_as
):
    """A student's own placement brings a new club onto the platform (not reviewed): once a
    broker has approved the club, its first placement still waits, as a signed-up one does."""
    today = timezone.localdate()
    op = own_placement_register(
        student=world.student,
        by=world.student.user,
        organisation_name="Hockeyclub De Berkel",
        organisation_address="Sportpark 1",
        organisation_postcode=PostcodeArea.objects.get(pk="7201"),
        organisation_sector=Sector.objects.get(pk="sport"),
        title="Jeugdtraining helpen",
        tasks="Pionnen zetten en oefeningen voordoen",
        start_date=today - datetime.timedelta(days=7),
        end_date=today + datetime.timedelta(days=30),
        planned_hours=20,
        supervisor_name="Tess Trainer",
        supervisor_email="tess@deberkel.test",
    )
    op = own_placement_approve(own_placement=op, by=world.users["mentor"])
    club = op.provider
    assert club is not None and club.joined_via == JoinedVia.OWN_PLACEMENT
    organisations.provider_review(provider=club, by=world.users["broker"], approve=True)

    placement = publish_new(club, "Jeugdtraining helpen", contact_of(club))
    assert placement.review == PlacementReview.WAITING
    assert not found("Jeugdtraining helpen")
    broker = client_as("broker")
    assert "Jeugdtraining helpen" in broker.get(reverse("provider_review_list")).content.decode()
    # The reviewer reads how the club came in: there is no sign-up with a motivation to read.
    review = broker.get(reverse("placement_review", args=[placement.pk])).content.decode()
    assert "zelf geregelde stage" in review or "own placement" in review
    assert placement_review(placement=placement, by=world.users["broker"], approve=True)
    assert found("Jeugdtraining helpen")


def test_a_coordinator_reviews_a_first_placement_where_no_broker_serves_the_municipality(
    joined, world, client_as
):
    placement = publish_new(joined, "Zomerspelen begeleiden", contact_of(joined))
    coordinator = client_as("coordinator")
    url = reverse("placement_review", args=[placement.pk])
    assert coordinator.get(url).status_code == 404  # a broker serves it: theirs to review
    joined.municipality.brokers.clear()
    assert "Zomerspelen" in coordinator.get(reverse("provider_review_list")).content.decode()
    assert coordinator.get(url).status_code == 200
    assert coordinator.post(url, {"decision": "approve"}).status_code == 302
    placement.refresh_from_db()
    assert placement.review == PlacementReview.APPROVED
    assert placement.reviewed_by == world.users["coordinator"]
    assert found("Zomerspelen begeleiden")
