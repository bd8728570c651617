"""Mediation (R-MATCH-2, R-MATCH-8) through the pages: a student asks for help, the broker
proposes a place, the student accepts and a reaction on their behalf reaches the provider;
where no broker works the school mediates; the vacancy bank's guards still hold."""

import pytest
from django.test import Client
from django.urls import reverse

from stageplein.accounts.models import Membership, Role
from stageplein.applications.models import Application, Side, Status
from stageplein.internships.tests.helpers import text
from stageplein.mediation.models import MediationRequest
from stageplein.notifications.models import Notification
from stageplein.organisations.models import Broker
from tests.support.people import make_user
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def free_period(world):
    placement = make_placement(world.provider, title="Dierenweide helpen", pc4="7202")
    return make_period(placement, capacity=1)


def ask(client, **data) -> MediationRequest:
    response = client.post(
        reverse("mediation_create"), {"wishes": "Iets met dieren, woensdagmiddag", **data}
    )
    assert response.status_code == 302, text(response)
    return MediationRequest.objects.latest("pk")


def test_student_asks_broker_proposes_student_accepts_and_the_provider_gets_the_reaction(
    client_as, world, free_period
):
    student = client_as("student")
    req = ask(student)
    assert req.broker == world.broker and req.asked_side == "student"
    assert Notification.objects.filter(
        recipient=world.users["broker"], kind="mediation_asked"
    ).exists()

    broker = client_as("broker")
    page = text(broker.get(reverse("mediation_detail", args=[req.pk])))
    assert "Iets met dieren" in page and "Dierenweide helpen" in page
    broker.post(
        reverse("mediation_propose", args=[req.pk]),
        {"period": free_period.pk, "note": "Dichtbij huis en op woensdag"},
    )
    req.refresh_from_db()
    assert req.status == MediationRequest.Status.PROPOSED
    assert Notification.objects.filter(
        recipient=world.users["parent"], kind="mediation_proposed"
    ).exists()

    page = text(student.get(reverse("mediation_detail", args=[req.pk])))
    assert "Dierenweide helpen" in page and "Dichtbij huis en op woensdag" in page
    response = student.post(reverse("mediation_answer", args=[req.pk]), {"answer": "accept"})
    req.refresh_from_db()
    assert req.status == MediationRequest.Status.ACCEPTED
    app = req.application
    assert app is not None
    assert response.url == reverse("application_detail", args=[app.pk])
    assert app.period == free_period and app.status == Status.SUBMITTED
    assert app.submitted_side == Side.BROKER and app.submitted_by == world.users["broker"]
    assert "Dierenweide helpen" in text(
        client_as("provider_contact").get(reverse("application_list"))
    )


def test_declined_proposal_goes_back_to_the_broker_with_the_reason(client_as, world, free_period):
    req = ask(client_as("parent"))
    client_as("broker").post(
        reverse("mediation_propose", args=[req.pk]), {"period": free_period.pk, "note": "Leuk"}
    )
    client_as("parent").post(
        reverse("mediation_answer", args=[req.pk]),
        {"answer": "decline", "reason": "Op woensdag heeft ze zwemles"},
    )
    req.refresh_from_db()
    assert req.status == MediationRequest.Status.OPEN
    assert "zwemles" in text(client_as("broker").get(reverse("mediation_detail", args=[req.pk])))
    assert not Application.objects.filter(period=free_period).exists()


def test_a_seat_taken_since_the_proposal_is_refused_and_the_request_reopens(
    client_as, world, free_period
):
    req = ask(client_as("student"))
    client_as("broker").post(
        reverse("mediation_propose", args=[req.pk]), {"period": free_period.pk, "note": "Leuk"}
    )
    # The only seat is taken meanwhile by the classmate, accepted by the provider.
    Application.objects.create(
        student=world.classmate,
        placement=free_period.placement,
        period=free_period,
        motivation="Ik wil graag",
        status=Status.ACCEPTED,
        accepted_at=req.created_at,
    )
    response = client_as("student").post(
        reverse("mediation_answer", args=[req.pk]), {"answer": "accept"}, follow=True
    )
    assert "could not be taken" in text(response) or "kon niet worden genomen" in text(response)
    req.refresh_from_db()
    assert req.status == MediationRequest.Status.OPEN and req.decline_reason
    assert not Application.objects.filter(period=free_period, student=world.student).exists()


def test_one_live_request_per_student(client_as, world):
    ask(client_as("student"))
    response = client_as("mentor").post(
        reverse("mediation_create"), {"student": world.student.pk, "wishes": "Sport"}
    )
    assert response.status_code == 200
    assert MediationRequest.objects.filter(student=world.student).count() == 1


def test_where_no_broker_works_the_school_mediates_and_the_student_answers(client_as, world):
    # The other school's municipality (Utrecht) has no broker.
    coordinator = client_as("other_coordinator")
    req = ask(coordinator, student=world.other_student.pk)
    assert req.broker is None and req.asked_side == "school"
    period = make_period(
        make_placement(world.other_provider, title="Sportdag begeleiden", pc4="3511")
    )
    world.other_provider.review_status = "approved"
    world.other_provider.save()
    page = text(coordinator.get(reverse("mediation_detail", args=[req.pk])))
    assert "Sportdag begeleiden" in page
    coordinator.post(
        reverse("mediation_propose", args=[req.pk]), {"period": period.pk, "note": "Past bij jou"}
    )
    req.refresh_from_db()
    assert req.status == MediationRequest.Status.PROPOSED
    # The school does not accept its own proposal: the student does.
    assert (
        coordinator.post(reverse("mediation_answer", args=[req.pk]), {"answer": "accept"})
    ).status_code == 403
    client = Client()
    client.force_login(world.other_student.user)
    client.post(reverse("mediation_answer", args=[req.pk]), {"answer": "accept"})
    req.refresh_from_db()
    assert req.status == MediationRequest.Status.ACCEPTED
    assert req.application is not None
    assert req.application.submitted_side == Side.SCHOOL


def test_the_broker_of_another_area_and_providers_do_not_see_requests(client_as, world):
    req = ask(client_as("student"))
    other_broker = make_user("makelaar@utrecht.test", "Ulla", "Utrecht")
    broker = Broker.objects.create(name="VC Utrecht", region=world.other_region)
    Membership.objects.create(user=other_broker, role=Role.BROKER, broker=broker)
    client = Client()
    client.force_login(other_broker)
    assert client.get(reverse("mediation_detail", args=[req.pk])).status_code == 404
    assert (
        client_as("provider_contact").get(reverse("mediation_detail", args=[req.pk])).status_code
        == 404
    )
