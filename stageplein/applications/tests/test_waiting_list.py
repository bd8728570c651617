"""The waiting list of a full period (R-PLACE-8): a student joins; a freed seat is offered to the
first on the list with a deadline, holding the seat meanwhile; accepted, it is an accepted
reaction the school approves; declined or expired, the next student gets it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.applications.models import Application, Side, Status, WaitingListEntry
from stageplein.applications.refusals import PeriodFull, Refused
from stageplein.applications.services import application_submit, application_withdraw
from stageplein.applications.services.waiting_list import (
    waiting_list_join,
    waiting_list_offer,
    waiting_list_offer_everywhere,
)
from stageplein.applications.tests.factories import many_students
from stageplein.internships.tests.helpers import text
from stageplein.notifications.models import Notification
from stageplein.placements.capacity import claimed_seats
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(world):
    """A period of one seat, taken by the classmate (accepted by the provider)."""
    placement = make_placement(world.provider, title="Kinderboerderij", pc4="7202")
    period = make_period(placement, capacity=1)
    now = timezone.now()
    taken = Application.objects.create(
        student=world.classmate,
        placement=placement,
        period=period,
        motivation="Ik ben dol op geiten",
        status=Status.ACCEPTED,
        submitted_at=now,
        accepted_at=now,
    )
    return period, taken


def join_over_http(client, period) -> None:
    response = client.post(
        reverse("waiting_list_join", args=[period.placement_id]),
        {"period": period.pk, "motivation": "Ik wil heel graag met dieren werken"},
    )
    assert response.status_code == 302, text(response)


def test_student_joins_a_full_period_gets_the_freed_seat_and_accepts_it(
    client_as, world, full, django_capture_on_commit_callbacks
):
    period, taken = full
    student = client_as("student")
    page = text(student.get(reverse("placement_detail", args=[period.placement_id])))
    assert "wachtlijst" in page.lower()
    join_over_http(student, period)
    entry = WaitingListEntry.objects.get(student=world.student)
    assert entry.status == WaitingListEntry.Status.WAITING
    assert "0 leerlingen vóór je" in text(student.get(reverse("waiting_list")))

    # The classmate withdraws: the seat is offered to the first on the list, with a deadline.
    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(
            application=taken, by=world.users["mentor"], side=Side.SCHOOL, reason="Ziek"
        )
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    assert entry.offer_expires_at is not None and entry.offer_expires_at > timezone.now()
    assert Notification.objects.filter(
        recipient=world.users["student"], kind="waiting_list_offer"
    ).exists()
    assert Notification.objects.filter(
        recipient=world.users["parent"], kind="waiting_list_offer"
    ).exists()
    # The offer holds the seat: nobody else can react meanwhile.
    other = many_students(world.school, 1, prefix="w")[0]
    with pytest.raises(PeriodFull):
        application_submit(student=other, period=period, motivation="Ik ook")

    response = student.post(reverse("waiting_list_accept", args=[entry.pk]))
    entry.refresh_from_db()
    app = entry.application
    assert app is not None and app.status == Status.ACCEPTED
    assert response.url == reverse("application_detail", args=[app.pk])
    assert entry.status == WaitingListEntry.Status.TAKEN
    assert claimed_seats(period.pk) == 1
    # Now the school approves, as for any accepted reaction.
    assert Notification.objects.filter(
        recipient=world.users["mentor"], kind="application_accepted"
    ).exists()


def test_a_declined_offer_goes_to_the_next_in_joining_order(
    world, full, django_capture_on_commit_callbacks
):
    period, taken = full
    first, second = many_students(world.school, 2, prefix="wl")
    a = waiting_list_join(student=first, period=period, motivation="Graag")
    b = waiting_list_join(student=second, period=period, motivation="Ook graag")
    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(
            application=taken, by=world.users["mentor"], side=Side.SCHOOL, reason="Verhuisd"
        )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("offered", "waiting")

    from stageplein.applications.services.waiting_list import waiting_list_leave

    with django_capture_on_commit_callbacks(execute=True):
        waiting_list_leave(entry=a)
    b.refresh_from_db()
    assert b.status == WaitingListEntry.Status.OFFERED


def test_an_expired_offer_holds_no_seat_and_the_job_offers_it_to_the_next(
    world, full, django_capture_on_commit_callbacks
):
    period, taken = full
    first, second = many_students(world.school, 2, prefix="ex")
    a = waiting_list_join(student=first, period=period, motivation="Graag")
    b = waiting_list_join(student=second, period=period, motivation="Ook graag")
    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(
            application=taken, by=world.users["mentor"], side=Side.SCHOOL, reason="Verhuisd"
        )
    a.refresh_from_db()
    assert a.status == WaitingListEntry.Status.OFFERED
    WaitingListEntry.objects.filter(pk=a.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert claimed_seats(period.pk) == 0  # past its deadline the offer holds nothing
    assert waiting_list_offer_everywhere() == 1
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == ("expired", "offered")
    from stageplein.applications.services.waiting_list import waiting_list_accept

    with pytest.raises(Refused):
        waiting_list_accept(entry=a, by=None)


def test_reactions_still_waiting_for_the_provider_keep_their_turn(
    world, full, django_capture_on_commit_callbacks
):
    period, taken = full
    (waiter,) = many_students(world.school, 1, prefix="tw")
    entry = waiting_list_join(student=waiter, period=period, motivation="Graag")
    # The world's student reacted before the period filled and still waits for the provider.
    Application.objects.create(
        student=world.student, placement=period.placement, period=period, motivation="Eerder"
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(
            application=taken, by=world.users["mentor"], side=Side.SCHOOL, reason="Verhuisd"
        )
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.WAITING
    assert waiting_list_offer(period_id=period.pk) == 0


def test_a_period_with_a_free_place_has_no_waiting_list(world):
    placement = make_placement(world.provider, title="Open plek", pc4="7202")
    period = make_period(placement, capacity=2)
    with pytest.raises(Refused):
        waiting_list_join(student=world.classmate, period=period, motivation="Graag")


def test_joining_twice_is_refused(world, full, django_capture_on_commit_callbacks):
    period, _taken = full
    (student,) = many_students(world.school, 1, prefix="tw2")
    waiting_list_join(student=student, period=period, motivation="Graag")
    with pytest.raises(Refused):
        waiting_list_join(student=student, period=period, motivation="Nog eens")
    assert WaitingListEntry.objects.filter(student=student).count() == 1


def test_the_parent_sees_the_offer_and_may_decline_it_the_school_only_looks(
    client_as, world, full, django_capture_on_commit_callbacks
):
    period, taken = full
    entry = waiting_list_join(student=world.student, period=period, motivation="Graag")
    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(
            application=taken, by=world.users["mentor"], side=Side.SCHOOL, reason="Verhuisd"
        )
    assert "Kinderboerderij" in text(client_as("coordinator").get(reverse("waiting_list")))
    assert (
        client_as("coordinator").post(reverse("waiting_list_leave", args=[entry.pk])).status_code
        == 403
    )
    client_as("parent").post(reverse("waiting_list_leave", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.LEFT
