"""R-MATCH-2: the broker reacts on a student's behalf. Same rules as the student's own
reaction, and never more students sent than a period has seats nobody asked for."""

import pytest
from django.utils import translation

from stageplein.applications.models import Application, Side, Status
from stageplein.applications.services import (
    NoFreeSeat,
    NotForStudent,
    StudentAlreadyReacted,
    TooManyOpen,
    application_accept,
    application_submit_for_student,
)
from stageplein.applications.tests.factories import many_students, reactions_in_order
from stageplein.notifications.models import Notification
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


def send(world, student, period, **extra):
    return application_submit_for_student(
        student=student,
        period=period,
        by=world.users["broker"],
        motivation="Past bij je 1e interesse.",
        **extra,
    )


def test_a_broker_made_reaction_waits_for_the_provider_like_any_other(world):
    period = world.period2  # 2 seats, one taken by the world's student
    app = send(world, world.classmate, period)
    assert (app.status, app.submitted_side, app.submitted_by) == (
        Status.SUBMITTED,
        Side.BROKER,
        world.users["broker"],
    )
    assert Notification.objects.filter(
        recipient=world.users["provider_contact"], kind="application_received"
    ).exists()
    accepted = application_accept(application=app, by=world.users["provider_contact"])
    assert accepted.status == Status.ACCEPTED


def test_only_seats_nobody_holds_or_asked_for_are_handed_out(world):
    placement = make_placement(world.provider, title="Drie plekken", pc4="7202")
    period = make_period(placement, capacity=3)
    own = many_students(world.school, 2, prefix="own")
    reactions_in_order(own[:1], period)  # a student who reacted themselves: theirs first
    sent = many_students(world.school, 3, prefix="sent")
    send(world, sent[0], period)
    send(world, sent[1], period)
    with pytest.raises(NoFreeSeat):
        send(world, sent[2], period)
    assert Application.objects.filter(period=period).count() == 3


def test_the_students_own_rules_still_hold(world, settings):
    period = world.period
    with pytest.raises(StudentAlreadyReacted):
        send(world, world.student, period)  # reacted there already
    placement = make_placement(world.provider, title="Vanaf achttien", pc4="7202", min_age=18)
    with pytest.raises(NotForStudent):
        send(world, world.classmate, make_period(placement))
    settings.APPLICATION_MAX_OPEN = 1
    other = make_period(make_placement(world.provider, title="Nog een", pc4="7202"))
    with (
        pytest.raises(TooManyOpen, match="The student already has 1 open"),
        translation.override("en"),
    ):
        send(world, world.student, other)


def test_the_broker_may_stay_silent_towards_the_provider(world):
    send(world, world.classmate, world.period2, notify=False)
    assert not Notification.objects.filter(kind="application_received").exists()
