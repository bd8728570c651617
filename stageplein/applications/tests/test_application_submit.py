"""R-MATCH-1: the student reacts first, with a short motivation."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from stageplein.applications.models import Application, Status
from stageplein.applications.services import (
    AlreadyReacted,
    NotAvailable,
    NotForYou,
    PeriodFull,
    Refused,
    TooManyOpen,
    application_submit,
)
from stageplein.notifications.models import Notification
from stageplein.placements.models import Placement
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


def test_a_reaction_waits_for_the_provider_and_tells_its_contacts(world):
    period = world.other_period
    app = application_submit(student=world.classmate, period=period, motivation="Ik voetbal zelf")
    assert app.status == Status.SUBMITTED and app.placement == period.placement
    notice = Notification.objects.get(recipient=world.users["other_provider_contact"])
    assert notice.kind == "application_received"
    assert "Training jeugdteam" in notice.title
    # The e-mail carries the title only: never the minor's name.
    assert world.classmate.user.first_name not in notice.title


def test_the_provider_gets_an_email_with_a_link_and_no_personal_details(
    world, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        app = application_submit(
            student=world.classmate, period=world.other_period, motivation="Graag!"
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.users["other_provider_contact"].email]
    assert f"/reacties/{app.pk}/" in message.body
    for secret in ("Lotte", "Jansen", "Graag!", world.school.name):
        assert secret not in message.body and secret not in message.subject


def test_one_active_reaction_per_student_and_placement_is_a_database_rule(world, waiting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            student=waiting.student,
            placement=waiting.placement,
            period=waiting.period,
            motivation="Nog een keer",
        )
    with pytest.raises(AlreadyReacted):
        application_submit(student=waiting.student, period=waiting.period, motivation="Nog eens")
    Application.objects.filter(pk=waiting.pk).update(
        status=Status.WITHDRAWN, withdraw_reason="Ziek", withdrawn_side="student"
    )
    application_submit(student=waiting.student, period=waiting.period, motivation="Weer beter")


def test_the_number_of_open_reactions_is_limited(world, settings):
    settings.APPLICATION_MAX_OPEN = 2  # the world's student already has two open reactions
    with pytest.raises(TooManyOpen) as exc:
        application_submit(student=world.student, period=world.other_period, motivation="Ook leuk")
    assert "2" in exc.value.messages[0]
    settings.APPLICATION_MAX_OPEN = 3
    application_submit(student=world.student, period=world.other_period, motivation="Ook leuk")


def test_a_student_cannot_react_to_what_does_not_fit_level_or_age(world):
    vwo_only = make_placement(world.provider, title="Alleen vwo", pc4="7202", level_havo=False)
    with pytest.raises(NotForYou):
        application_submit(student=world.classmate, period=make_period(vwo_only), motivation="x")
    older = make_placement(world.provider, title="Vanaf 16", pc4="7202", min_age=16)
    with pytest.raises(NotForYou):
        application_submit(student=world.classmate, period=make_period(older), motivation="x")


def test_no_reaction_to_a_closed_stale_or_full_placement(world, students):
    period = world.other_period
    Placement.objects.filter(pk=period.placement_id).update(status="closed")
    with pytest.raises(NotAvailable):
        application_submit(student=world.classmate, period=period, motivation="x")
    Placement.objects.filter(pk=period.placement_id).update(
        status="published", confirmed_at=timezone.now() - datetime.timedelta(days=400)
    )
    with pytest.raises(NotAvailable):
        application_submit(student=world.classmate, period=period, motivation="x")
    Placement.objects.filter(pk=period.placement_id).update(confirmed_at=timezone.now())
    for student in students(3, "full"):
        Application.objects.create(
            student=student,
            placement=period.placement,
            period=period,
            motivation="x",
            status=Status.ACCEPTED,
            accepted_at=timezone.now(),
        )
    with pytest.raises(PeriodFull):
        application_submit(student=world.classmate, period=period, motivation="x")


def test_an_empty_motivation_is_refused(world):
    with pytest.raises(Refused):
        application_submit(student=world.classmate, period=world.other_period, motivation="  ")
