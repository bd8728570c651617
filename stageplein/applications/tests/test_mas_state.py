"""One definition of a student's MaS state: a student who reached the norm is in no queue,
round, "no place yet" audience or search reminder; one who still needs a place is in all."""

import datetime

import pytest
from django.utils import timezone

from stageplein.accounts.access import Scope
from stageplein.applications.audiences import students_without_placement
from stageplein.applications.mas_state import StudentStatus, with_status
from stageplein.applications.selectors import students_without_place
from stageplein.core.schoolyear import current_school_year
from stageplein.mailings.audiences import Sender
from stageplein.matching.selectors import broker_scope, queue, waiting_order
from stageplein.notifications.models import Notification
from stageplein.planning.models import InternshipWindow
from stageplein.reminders.services import reminders_run
from stageplein.students.models import Student
from tests.support.people import make_student
from tests.support.progress import internship_with_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_and_waiting(world):
    """Two havo year-4 students of the world's school: one reached the norm (a completed
    internship, nothing running), the other has nothing yet; their window starts soon."""
    done = make_student(world.school, "4101", first_name="Klaar", year=4, class_name="4H1")
    waiting = make_student(world.school, "4102", first_name="Wacht", year=4, class_name="4H1")
    internship_with_hours(done, world.provider, 80)
    start = timezone.localdate() + datetime.timedelta(days=7)
    InternshipWindow.objects.create(
        school=world.school,
        school_year=current_school_year(),
        year=4,
        level="havo",
        starts_on=start,
        ends_on=start + datetime.timedelta(weeks=3),
        hours_per_student=30,
    )
    return done, waiting


def test_the_state_says_done_for_a_student_at_the_norm(finished_and_waiting):
    done, waiting = finished_and_waiting
    annotated = with_status(Student.objects.filter(pk__in=[done.pk, waiting.pk]))
    states = {s.pk: s.status for s in annotated}  # type: ignore[attr-defined]
    assert states == {done.pk: StudentStatus.DONE, waiting.pk: StudentStatus.NONE}


def test_a_student_who_reached_the_norm_is_in_no_queue_round_audience_or_reminder(
    world, finished_and_waiting
):
    done, waiting = finished_and_waiting
    school = Scope(coordinator_schools=frozenset({world.school.pk}))
    without = set(students_without_place(school).values_list("pk", flat=True))
    assert waiting.pk in without and done.pk not in without

    broker = broker_scope(world.broker)
    in_queue = set(queue(broker).values_list("pk", flat=True))
    assert waiting.pk in in_queue and done.pk not in in_queue
    # A round started with both keeps only the one who still needs a place.
    assert [pk for pk, _since in waiting_order(broker, [done.pk, waiting.pk])] == [waiting.pk]

    audience = set(
        students_without_placement(Sender(school=world.school), {}).values_list("pk", flat=True)
    )
    assert waiting.user_id in audience and done.user_id not in audience

    reminders_run()
    kind = "reminder:no_reaction_before_window"
    assert Notification.objects.filter(recipient=waiting.user, kind=kind).exists()
    assert not Notification.objects.filter(recipient=done.user, kind=kind).exists()
