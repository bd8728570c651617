"""Publishing, closing and the lead time for clubs and associations (R-PLACE-6)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stageplein.applications import receivers
from stageplein.applications.models import Application, Status
from stageplein.notifications.models import Notification
from stageplein.organisations.models import Provider
from stageplein.placements.models import Placement
from stageplein.placements.services import placement_close, placement_publish
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


def test_publishing_a_draft_makes_it_findable(world):
    draft = world.draft_placement
    assert not Placement.objects.findable().filter(pk=draft.pk).exists()
    placement_publish(placement=draft, by=world.users["provider_contact"])
    draft.refresh_from_db()
    assert draft.status == Placement.Status.PUBLISHED
    assert draft.confirmed_at is not None and draft.published_at is not None
    assert Placement.objects.findable().filter(pk=draft.pk).exists()


def test_a_club_cannot_publish_a_period_that_starts_before_the_lead_time(world, settings):
    settings.PLACEMENT_LEAD_WEEKS = 6
    world.provider.kind = Provider.Kind.ASSOCIATION
    world.provider.save()
    draft = make_placement(world.provider, title="Toernooi", pc4="7202", status="draft")
    make_period(draft, weeks_ahead=3)
    with pytest.raises(ValidationError) as exc:
        placement_publish(placement=draft, by=None)
    assert "6" in exc.value.messages[0]
    draft.refresh_from_db()
    assert draft.status == Placement.Status.DRAFT
    draft.periods.update(starts_on=timezone.localdate() + datetime.timedelta(weeks=7))
    draft.periods.update(ends_on=timezone.localdate() + datetime.timedelta(weeks=8))
    placement_publish(placement=draft, by=None)


def test_a_foundation_needs_no_lead_time(world, settings):
    settings.PLACEMENT_LEAD_WEEKS = 6
    draft = make_placement(world.provider, title="Koffie", pc4="7202", status="draft")
    make_period(draft, weeks_ahead=1)
    placement_publish(placement=draft, by=None)


def test_publishing_needs_a_period_that_has_not_ended(world):
    draft = make_placement(world.provider, title="Zonder periode", pc4="7202", status="draft")
    with pytest.raises(ValidationError):
        placement_publish(placement=draft, by=None)


def test_closing_declines_waiting_reactions_and_tells_those_students(world, placement):
    accepted = Application.objects.create(
        student=world.classmate,
        placement=placement,
        period=world.period,
        motivation="Graag",
        status=Status.ACCEPTED,
        accepted_at=timezone.now(),
    )
    placement_close(placement=placement, by=world.users["provider_contact"])
    waiting = world.application
    waiting.refresh_from_db()
    accepted.refresh_from_db()
    assert waiting.status == Status.DECLINED and waiting.decline_reason
    assert accepted.status == Status.ACCEPTED  # the school can still approve it
    assert Notification.objects.filter(
        recipient=world.student.user, kind="application_declined"
    ).exists()
    assert not Placement.objects.findable().filter(pk=placement.pk).exists()


def test_closing_is_undone_when_declining_the_waiting_reactions_fails(
    world, placement, monkeypatch
):
    """The receiver in applications runs inside placement_close's transaction: a closed
    placement never keeps reactions waiting for an answer that cannot come."""

    def broken(**kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(receivers, "decline_waiting_for_closed_placement", broken)
    with pytest.raises(RuntimeError):
        placement_close(placement=placement, by=world.users["provider_contact"])
    placement.refresh_from_db()
    waiting = world.application
    waiting.refresh_from_db()
    assert placement.status == Placement.Status.PUBLISHED
    assert waiting.status == Status.SUBMITTED
