"""Planning of sessions and the per-person secret iCal feed (R-INT-2)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from stageplein.internships.models import PlannedSession

pytestmark = pytest.mark.django_db


def plan(client, world):
    day = timezone.localdate() + datetime.timedelta(days=4)
    return client.post(
        reverse("session_add", args=[world.internship.pk]),
        {"date": day.isoformat(), "start_time": "14:00", "end_time": "17:00", "place": "De Linde"},
    )


def events(client, user) -> list:
    response = client.get(reverse("calendar_feed", args=[user.feed_token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_planned_session_is_visible_to_student_mentor_and_supervisor(client, client_as, world):
    assert plan(client_as("supervisor"), world).status_code == 302
    session = PlannedSession.objects.get(place="De Linde")
    for role in ("student", "mentor", "supervisor"):
        assert (
            "De Linde"
            in client_as(role)
            .get(reverse("internship_detail", args=[world.internship.pk]))
            .content.decode()
        )
        found = [
            e
            for e in events(client, world.users[role])
            if e["uid"] == f"session-{session.pk}@stageplein"
        ]
        assert len(found) == 1, role
    summary = str(found[0]["summary"])
    assert world.student.user.first_name in summary  # the supervisor's feed names the student


def test_the_students_own_feed_needs_no_name(client, client_as, world):
    plan(client_as("student"), world)
    summaries = {str(e["summary"]) for e in events(client, world.users["student"])}
    assert summaries == {world.internship.title}


def test_a_session_must_end_after_it_starts(client_as, world):
    day = timezone.localdate().isoformat()
    client_as("mentor").post(
        reverse("session_add", args=[world.internship.pk]),
        {"date": day, "start_time": "15:00", "end_time": "14:00", "place": "Nergens"},
    )
    assert not PlannedSession.objects.filter(place="Nergens").exists()


def test_a_new_calendar_link_stops_the_old_one(client, client_as, world):
    old = world.users["student"].feed_token
    client_as("student").post(reverse("calendar_feed_rotate"))
    assert client.get(reverse("calendar_feed", args=[old])).status_code == 404
    world.users["student"].refresh_from_db()
    assert (
        client.get(reverse("calendar_feed", args=[world.users["student"].feed_token])).status_code
        == 200
    )


def test_a_parent_sees_the_planning_but_cannot_change_it(client_as, world):
    assert plan(client_as("parent"), world).status_code == 403
