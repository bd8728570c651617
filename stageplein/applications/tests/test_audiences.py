"""The mailing audience "students without a placement" follows the vacancy bank's rule."""

import pytest

from stageplein.applications.audiences import students_without_placement
from stageplein.mailings.audiences import Sender, registry

pytestmark = pytest.mark.django_db


def test_the_vacancy_banks_version_replaces_the_mailings_fallback():
    assert registry()["students_without_placement"].recipients is students_without_placement


def test_students_with_a_running_internship_are_not_in_the_audience(world):
    people = set(students_without_placement(Sender(school=world.school), {}))
    assert world.student.user not in people  # has a running internship
    assert world.classmate.user in people
    assert world.other_student.user not in people  # another school


def test_a_broker_reaches_the_unplaced_students_of_its_area(world):
    people = set(students_without_placement(Sender(broker=world.broker), {}))
    assert world.classmate.user in people
    assert world.other_student.user not in people
