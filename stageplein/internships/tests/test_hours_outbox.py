"""Hours sent from the browser's outbox (static/js/pwa.js) after a time without connection:
each queued entry carries its own key, so a send that is retried after a lost answer counts
once, and what the server refuses comes back as a message the outbox can show."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.internships.models import HourEntry, Internship

pytestmark = pytest.mark.django_db

OUTBOX = {"HTTP_X_OFFLINE_QUEUE": "1"}


def queued(**extra):
    return {
        "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "hours": "2,5",
        "description": "Boeken gesorteerd",
        "submission_key": str(uuid.uuid4()),
        **extra,
    }


def test_a_queued_entry_sent_twice_counts_once(client_as, world):
    client = client_as("student")
    url = reverse("hours_submit", args=[world.internship.pk])
    data = queued()
    first = client.post(url, data, **OUTBOX)
    again = client.post(url, data, **OUTBOX)  # the answer to the first was lost on the way
    assert first.status_code == 201 and first.json()["status"] == "created"
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert "niet nog een keer" in again.json()["message"]
    assert HourEntry.objects.filter(submission_key=data["submission_key"]).count() == 1


def test_two_queued_sessions_are_two_entries(client_as, world):
    client = client_as("student")
    url = reverse("hours_submit", args=[world.internship.pk])
    client.post(url, queued(description="Ochtend"), **OUTBOX)
    client.post(url, queued(description="Middag"), **OUTBOX)
    assert world.internship.hours.filter(description__in=["Ochtend", "Middag"]).count() == 2


def test_the_outbox_hears_why_the_server_refused_an_entry(client_as, world):
    Internship.objects.filter(pk=world.internship.pk).update(status=Internship.Status.CANCELLED)
    response = client_as("student").post(
        reverse("hours_submit", args=[world.internship.pk]), queued(), **OUTBOX
    )
    assert response.status_code == 400
    assert response.json() == {"status": "refused", "message": "Deze stage is geannuleerd."}
    assert not HourEntry.objects.filter(description="Boeken gesorteerd").exists()


def test_a_refused_form_field_comes_back_as_a_message(client_as, world):
    response = client_as("student").post(
        reverse("hours_submit", args=[world.internship.pk]), queued(hours="30"), **OUTBOX
    )
    assert response.status_code == 400
    assert response.json()["status"] == "refused"
    assert "12" in response.json()["message"]


def test_the_hours_form_carries_the_days_it_accepts_for_the_offline_check(client_as, world):
    body = client_as("student").get(reverse("hours_submit", args=[world.internship.pk]))
    internship = world.internship
    earliest = internship.start_date - datetime.timedelta(days=14)
    latest = internship.end_date + datetime.timedelta(days=28)
    html = body.content.decode()
    assert f'data-earliest="{earliest.isoformat()}"' in html
    assert f'data-latest="{latest.isoformat()}"' in html
    assert "data-offline-queue" in html


def test_a_confirmation_queued_twice_confirms_once(client_as, world):
    entry = world.internship.hours.create(
        date=timezone.localdate() - datetime.timedelta(days=2),
        hours=2,
        description="Voorgelezen",
        submission_key=uuid.uuid4(),
    )
    client = client_as("supervisor")
    first = client.post(reverse("hours_verify", args=[entry.pk]), **OUTBOX)
    again = client.post(reverse("hours_verify", args=[entry.pk]), **OUTBOX)
    assert first.json()["status"] == "confirmed"
    assert again.json()["status"] == "handled"
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.VERIFIED
