"""R-MATCH-5: a provider flags a poor match; the school and the broker see it."""

import pytest
from django.urls import reverse

from stageplein.applications.services import Refused, application_flag
from stageplein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_flag_reaches_the_school_and_the_broker(world, accepted, client_as):
    application_flag(
        application=accepted, by=world.users["provider_contact"], reason="Komt vaak te laat"
    )
    told = set(
        Notification.objects.filter(kind="application_flagged").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {
        world.users["mentor"].email,
        world.users["coordinator"].email,
        world.users["broker"].email,
    }
    for role in ("coordinator", "broker", "mentor"):
        listing = client_as(role).get(reverse("application_list"), {"flagged": "1"})
        assert "Wandelen in de tuin" in listing.content.decode(), role
        detail = client_as(role).get(reverse("application_detail", args=[accepted.pk]))
        assert "Komt vaak te laat" in detail.content.decode()


def test_the_school_marks_the_flag_solved(world, accepted, client_as):
    application_flag(application=accepted, by=None, reason="Komt vaak te laat")
    response = client_as("coordinator").post(
        reverse("application_flag_resolve", args=[accepted.pk]),
        {"resolve-resolution": "Afspraken gemaakt met de mentor"},
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert not accepted.is_flagged and accepted.flag_resolution


def test_only_a_match_can_be_flagged(world, waiting):
    with pytest.raises(Refused):
        application_flag(application=waiting, by=None, reason="Nog niet begonnen")


def test_the_school_can_flag_a_poor_match_too(world, accepted, client_as):
    response = client_as("mentor").post(
        reverse("application_flag", args=[accepted.pk]), {"flag-reason": "Voelt zich niet thuis"}
    )
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.is_flagged and accepted.flagged_by == world.users["mentor"]
    told = set(
        Notification.objects.filter(kind="application_flagged").values_list(
            "recipient__email", flat=True
        )
    )
    assert world.users["provider_contact"].email in told
    assert world.users["broker"].email in told
    assert world.users["mentor"].email not in told
