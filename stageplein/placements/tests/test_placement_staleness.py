"""R-PLACE-7: a placement nobody confirmed for a year is hidden from students until renewed;
the provider gets a renewal link that works once, without signing in."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stageplein.notifications.models import Notification
from stageplein.placements.models import Placement
from stageplein.placements.services import placements_request_renewal

pytestmark = pytest.mark.django_db


def make_stale(placement, days=400):
    Placement.objects.filter(pk=placement.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_a_stale_placement_is_hidden_from_students_but_not_from_its_provider(
    world, placement, client_as
):
    make_stale(placement)
    search = client_as("student").get(reverse("placement_search"), {"km": ""})
    assert placement.title not in search.content.decode()
    # Someone who never reacted to it cannot open it; the student who did still can.
    detail = reverse("placement_detail", args=[placement.pk])
    assert client_as("mentor").get(detail).status_code == 404
    assert client_as("student").get(detail).status_code == 200
    page = client_as("provider_contact").get(reverse("placement_detail", args=[placement.pk]))
    assert page.status_code == 200
    assert "Nog actueel: vernieuwen" in page.content.decode()


def test_the_stale_limit_is_a_setting(world, placement, settings):
    make_stale(placement, days=40)
    assert Placement.objects.findable().filter(pk=placement.pk).exists()
    settings.PLACEMENT_STALE_AFTER_DAYS = 30
    assert not Placement.objects.findable().filter(pk=placement.pk).exists()


def test_each_contact_is_sent_one_renewal_link_per_staleness(
    world, placement, django_capture_on_commit_callbacks
):
    make_stale(placement)
    with django_capture_on_commit_callbacks(execute=True):
        assert placements_request_renewal() == 1
    assert placements_request_renewal() == 0  # not again for the same staleness
    notice = Notification.objects.get(kind="placement_stale")
    assert notice.recipient == world.users["provider_contact"]
    assert placement.title in notice.title
    assert len(mail.outbox) == 1
    assert "/stageplaatsen/vernieuwen/" in mail.outbox[0].body


def test_the_renewal_link_renews_without_signing_in_and_only_once(world, placement, client):
    make_stale(placement)
    placements_request_renewal()
    url = Notification.objects.get(kind="placement_stale").url
    assert re.fullmatch(r"/stageplaatsen/vernieuwen/[\w-]+/", url)
    page = client.get(url)
    assert page.status_code == 200 and placement.title in page.content.decode()
    assert not Placement.objects.findable().filter(pk=placement.pk).exists()  # GET changes nothing
    assert client.post(url).status_code == 200
    assert Placement.objects.findable().filter(pk=placement.pk).exists()
    assert client.post(url).status_code == 410


def test_the_provider_renews_with_a_button(world, placement, client_as):
    make_stale(placement)
    response = client_as("provider_contact").post(reverse("placement_renew", args=[placement.pk]))
    assert response.status_code == 302
    assert Placement.objects.findable().filter(pk=placement.pk).exists()


def test_the_renewal_command_sends_the_links(world, placement):
    from django.core.management import call_command

    make_stale(placement)
    call_command("request_placement_renewals", verbosity=0)
    assert Notification.objects.filter(kind="placement_stale").count() == 1


def test_editing_a_stale_placement_confirms_it(world, placement):
    from stageplein.placements.services import placement_save

    make_stale(placement)
    placement.refresh_from_db()
    placement.title = "Activiteitenmiddag (vernieuwd)"
    placement_save(placement=placement, periods=[], by=world.users["provider_contact"])
    assert Placement.objects.findable().filter(pk=placement.pk).exists()


def test_renewing_a_placement_whose_periods_all_ended_says_students_cannot_find_it_yet(
    world, placement, client
):
    make_stale(placement)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    placement.periods.update(starts_on=yesterday - datetime.timedelta(days=20), ends_on=yesterday)
    placements_request_renewal()
    url = Notification.objects.get(kind="placement_stale").url
    page = re.sub(r"\s+", " ", client.post(url).content.decode())
    assert "leerlingen kunnen hem vinden" not in page
    assert "students can find it" not in page
    assert reverse("placement_edit", args=[placement.pk]) in page
