"""Events (R-COM-4): a broker creates a stage market for the region; providers choose to stand
there and students see who will be; people sign up within the limit; the organiser keeps the
attendance list; everyone signed up is reminded the day before; an iCal entry; a school's own
event is for its own people only."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stageplein.events import services
from stageplein.events.models import Event, Signup
from stageplein.internships.tests.helpers import text
from stageplein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def local(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def create_market(client, **extra) -> Event:
    start = timezone.now() + datetime.timedelta(days=10)
    response = client.post(
        reverse("event_create"),
        {
            "kind": "market",
            "title": "Stagemarkt Zutphen",
            "description": "Maak kennis met organisaties uit de buurt.",
            "starts_at": local(start),
            "ends_at": local(start + datetime.timedelta(hours=3)),
            "place": "Sporthal De Mars",
            "capacity": "2",
            "for_students": "on",
            "for_providers": "on",
            **extra,
        },
    )
    assert response.status_code == 302, text(response)
    return Event.objects.latest("pk")


def test_broker_creates_a_market_a_provider_stands_there_and_the_student_sees_it(client_as, world):
    market = create_market(client_as("broker"))
    assert market.broker == world.broker and market.region == world.region

    provider = client_as("provider_contact")
    page = text(provider.get(reverse("event_detail", args=[market.pk])))
    assert "Stagemarkt Zutphen" in page
    provider.post(reverse("event_sign_up", args=[market.pk]))
    signup = Signup.objects.get(event=market, user=world.users["provider_contact"])
    assert signup.provider == world.provider

    student = client_as("student")
    assert "Stagemarkt Zutphen" in text(student.get(reverse("event_list")))
    page = text(student.get(reverse("event_detail", args=[market.pk])))
    assert world.provider.name in page
    student.post(reverse("event_sign_up", args=[market.pk]))
    assert Signup.objects.filter(event=market, user=world.users["student"]).exists()

    # The limit (two places) is reached: the mentor is not for this audience anyway, but a
    # classmate who tries now is told it is full.
    classmate = Client()
    classmate.force_login(world.classmate.user)
    response = classmate.post(reverse("event_sign_up", args=[market.pk]), follow=True)
    assert "vol" in text(response)
    assert market.signups.count() == 2


def test_the_organiser_keeps_the_attendance_list(client_as, world):
    market = create_market(client_as("broker"))
    client_as("student").post(reverse("event_sign_up", args=[market.pk]))
    signup = Signup.objects.get(event=market)
    broker = client_as("broker")
    assert world.student.user.get_full_name() in text(
        broker.get(reverse("event_detail", args=[market.pk]))
    )
    broker.post(reverse("event_attendance", args=[market.pk]), {"present": [signup.pk]})
    signup.refresh_from_db()
    assert signup.attended
    # The student sees no attendance list.
    assert "Aanwezigheidslijst" not in text(
        client_as("student").get(reverse("event_detail", args=[market.pk]))
    )


def test_everyone_signed_up_is_reminded_once_the_day_before(client_as, world):
    market = create_market(client_as("broker"))
    client_as("student").post(reverse("event_sign_up", args=[market.pk]))
    day_before = market.starts_at - datetime.timedelta(hours=20)
    assert services.event_reminders(now=day_before) == 1
    assert services.event_reminders(now=day_before) == 0
    assert (
        Notification.objects.filter(recipient=world.users["student"], kind="event_reminder").count()
        == 1
    )


def test_the_ical_entry_names_the_event_and_its_place(client_as, world):
    market = create_market(client_as("broker"))
    response = client_as("student").get(reverse("event_ical", args=[market.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "SUMMARY:Stagemarkt Zutphen" in body and "Sporthal De Mars" in body


def test_a_schools_own_event_is_for_its_own_people_only(client_as, world):
    start = timezone.now() + datetime.timedelta(days=3)
    response = client_as("other_coordinator").post(
        reverse("event_create"),
        {
            "kind": "return",
            "title": "Terugkomdag 2V",
            "starts_at": local(start),
            "ends_at": local(start + datetime.timedelta(hours=2)),
            "place": "Aula",
            "for_students": "on",
        },
    )
    assert response.status_code == 302, text(response)
    event = Event.objects.get(title="Terugkomdag 2V")
    assert event.school == world.other_school
    other = Client()
    other.force_login(world.other_student.user)
    assert other.get(reverse("event_detail", args=[event.pk])).status_code == 200
    assert client_as("student").get(reverse("event_detail", args=[event.pk])).status_code == 404
    assert (
        client_as("provider_contact").get(reverse("event_detail", args=[event.pk])).status_code
        == 404
    )


def test_an_event_in_the_past_or_for_nobody_is_refused(client_as, world):
    start = timezone.now() - datetime.timedelta(days=1)
    response = client_as("broker").post(
        reverse("event_create"),
        {
            "kind": "training",
            "title": "Training",
            "starts_at": local(start),
            "ends_at": local(start + datetime.timedelta(hours=2)),
            "place": "Kantoor",
        },
    )
    assert response.status_code == 200
    assert not Event.objects.exists()


def edit(client, event: Event, **changes):
    start = changes.pop("start", event.starts_at)
    data = {
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "starts_at": local(start),
        "ends_at": local(start + (event.ends_at - event.starts_at)),
        "place": event.place,
        "capacity": "" if event.capacity is None else str(event.capacity),
        "for_students": "on" if event.for_students else "",
        "for_providers": "on" if event.for_providers else "",
        **changes,
    }
    return client.post(reverse("event_edit", args=[event.pk]), data)


def test_the_organiser_changes_the_event_and_those_signed_up_hear_of_a_new_time(client_as, world):
    broker = client_as("broker")
    market = create_market(broker)
    client_as("student").post(reverse("event_sign_up", args=[market.pk]))
    form = broker.get(reverse("event_edit", args=[market.pk])).content.decode()
    assert 'value="Stagemarkt Zutphen"' in form and 'value="Sporthal De Mars"' in form

    response = edit(broker, market, title="Stagemarkt Zutphen en Lochem", capacity="5")
    assert response.status_code == 302
    market.refresh_from_db()
    assert (market.title, market.capacity) == ("Stagemarkt Zutphen en Lochem", 5)
    # Same time and place: nobody is disturbed.
    assert not Notification.objects.filter(kind="event_changed").exists()

    later = market.starts_at + datetime.timedelta(days=1)
    assert edit(broker, market, start=later).status_code == 302
    told = Notification.objects.get(kind="event_changed")
    assert told.recipient == world.student.user


def test_the_limit_cannot_drop_below_those_signed_up_and_outsiders_cannot_edit(client_as, world):
    market = create_market(client_as("broker"))
    client_as("student").post(reverse("event_sign_up", args=[market.pk]))
    client_as("provider_contact").post(reverse("event_sign_up", args=[market.pk]))
    response = edit(client_as("broker"), market, capacity="1")
    assert response.status_code == 200
    assert "al 2 mensen aangemeld" in text(response)
    market.refresh_from_db()
    assert market.capacity == 2
    assert edit(client_as("student"), market, title="Gekaapt").status_code == 403


def test_a_cancelled_event_is_not_changed(client_as, world):
    market = create_market(client_as("broker"))
    services.event_cancel(event=market, by=world.users["broker"])
    with pytest.raises(services.EventError):
        services.event_update(
            event=market,
            by=world.users["broker"],
            kind=market.kind,
            title="Toch",
            description="",
            starts_at=market.starts_at,
            ends_at=market.ends_at,
            place=market.place,
            capacity=None,
            for_students=True,
            for_staff=False,
        )
