"""The school completes or cancels an internship; a cancelled one gives its seat back."""

import pytest
from django.urls import reverse

from stageplein.applications import receivers
from stageplein.applications.models import Application
from stageplein.applications.services import application_approve
from stageplein.internships.models import Internship
from stageplein.internships.services.internship import internship_close
from stageplein.notifications.models import Notification
from stageplein.placements.capacity import free_seats

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(world):
    app = application_approve(application=world.accepted_application, by=None)
    return app


def close(client, internship, **data):
    return client.post(reverse("internship_close", args=[internship.pk]), data)


def test_cancelling_frees_the_seat_for_the_next_student(client_as, world, approved):
    period = approved.period
    free_before = free_seats(period)
    response = close(
        client_as("mentor"), approved.internship, status="cancelled", reason="Verhuisd"
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.internship.status == Internship.Status.CANCELLED
    assert (approved.status, approved.withdrawn_side) == ("withdrawn", "school")
    assert approved.withdraw_reason == "Verhuisd"
    assert free_seats(period) == free_before + 1
    assert Notification.objects.filter(
        recipient=world.users["provider_contact"], kind="application_withdrawn"
    ).exists()


def test_cancelling_needs_a_reason(client_as, world, approved):
    close(client_as("mentor"), approved.internship, status="cancelled", reason=" ")
    approved.refresh_from_db()
    assert approved.internship.status != Internship.Status.CANCELLED
    assert approved.status == Application.Status.APPROVED


def test_a_completed_internship_keeps_its_seat(client_as, world, approved):
    seats = free_seats(approved.period)
    close(client_as("coordinator"), approved.internship, status="completed")
    approved.refresh_from_db()
    assert approved.internship.status == Internship.Status.COMPLETED
    assert approved.status == Application.Status.APPROVED
    assert free_seats(approved.period) == seats


def test_the_provider_cannot_close_an_internship(client_as, world, approved):
    response = close(
        client_as("provider_contact"), approved.internship, status="cancelled", reason="x"
    )
    assert response.status_code in (403, 404)
    approved.refresh_from_db()
    assert approved.status == Application.Status.APPROVED


def test_cancelling_is_undone_when_freeing_the_seat_fails(world, approved, monkeypatch):
    """The receiver in applications runs inside internship_close's transaction: a cancelled
    internship never keeps holding the seat of the reaction it came from."""

    def broken(**kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(receivers, "application_release", broken)
    with pytest.raises(RuntimeError):
        internship_close(
            internship=approved.internship,
            by=world.users["mentor"],
            status=Internship.Status.CANCELLED,
            reason="Verhuisd",
        )
    approved.refresh_from_db()
    approved.internship.refresh_from_db()
    assert approved.internship.status != Internship.Status.CANCELLED
    assert approved.status == Application.Status.APPROVED
