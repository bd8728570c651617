"""The queue: students without a place in the broker's area, flagged matches back in it, each
with its window and how long it has been waiting."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stageplein.applications.models import Status
from stageplein.applications.services import application_flag
from stageplein.matching.selectors import broker_scope, queue
from stageplein.planning.selectors import windows_for_students
from tests.support.matching import offer, pupil, react, window_for
from tests.support.people import make_student

pytestmark = pytest.mark.django_db


def in_queue(world) -> list[int]:
    return list(queue(broker_scope(world.broker)).values_list("pk", flat=True))


def test_the_queue_holds_the_areas_students_without_a_place(world):
    got = in_queue(world)
    assert world.classmate.pk in got
    assert world.student.pk not in got  # has an internship running
    assert world.other_student.pk not in got  # another broker's area


def test_a_flagged_match_brings_the_student_back_with_the_flag(world):
    accepted = world.accepted_application
    assert world.student.pk not in in_queue(world)
    application_flag(application=accepted, by=world.users["mentor"], reason="Klikt niet")
    row = queue(broker_scope(world.broker)).get(pk=world.student.pk)
    assert row.flag_reason == "Klikt niet"
    assert row.flag_placement == accepted.placement.title
    assert row.waiting_since == timezone.localdate()


def test_the_queue_picks_the_same_window_as_the_annual_calendar(world):
    year_group = window_for(world.school, weeks_from=2, weeks_to=6)
    havo = window_for(world.school, weeks_from=3, weeks_to=7, level="havo")
    own_class = window_for(world.school, weeks_from=4, weeks_to=8, class_name="2H9")
    vwo = pupil(world.school, "5001", level="vwo", class_name="2V1")
    havo_student = pupil(world.school, "5002", level="havo", class_name="2H1")
    in_class = pupil(world.school, "5003", level="havo", class_name="2H9")
    # Year 4: the test world schedules year 3 havo (world.window), year 4 nobody.
    fourth_year = pupil(world.school, "5004", year=4, class_name="4H1")
    students = [vwo, havo_student, in_class, fourth_year]
    expected = {pk: w.pk for pk, w in windows_for_students(students).items()}
    rows = queue(broker_scope(world.broker)).filter(pk__in=[s.pk for s in students])
    got = {pk: w for pk, w in rows.values_list("pk", "window_id") if w}
    assert (
        got
        == expected
        == {vwo.pk: year_group.pk, havo_student.pk: havo.pk, in_class.pk: own_class.pk}
    )


def test_waiting_since_the_first_reaction_or_the_start_of_the_window(world):
    today = timezone.localdate()
    started = window_for(world.school, weeks_from=-2, weeks_to=3)
    reacted = pupil(world.school, "5001")
    react(
        reacted,
        offer(world.provider, "Eerder geprobeerd"),
        Status.DECLINED,
        decline_reason="Vol",
        submitted_at=timezone.now() - datetime.timedelta(weeks=5),
    )
    third_year = make_student(world.school, "5002", year=3, class_name="3H1")
    rows = dict(queue(broker_scope(world.broker)).values_list("pk", "waiting_since"))
    if (today - datetime.timedelta(weeks=5)) >= datetime.date(today.year - (today.month < 8), 8, 1):
        assert rows[reacted.pk] == today - datetime.timedelta(weeks=5)
    assert rows[world.classmate.pk] == started.starts_on
    assert rows[third_year.pk] == today  # no window, no reaction: since registration
    order = list(queue(broker_scope(world.broker)).values_list("waiting_since", flat=True))
    assert order == sorted(order)
