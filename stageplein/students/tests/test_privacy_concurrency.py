"""Two at once on the privacy writes, with real threads on PostgreSQL.

- Two coordinators answer the same correction request: privacy_request_handle's row lock lets
  the first answer stand and refuses the second. The widening (tests.support.concurrency.
  Rendezvous) sits after the status check, where the answerer's name is taken (``_name``).
- Two nights' retention runs anonymise the same student: student_anonymise's guarded UPDATE
  (``anonymised_at IS NULL``) lets one of them do it. The widening sits after the UPDATE, where
  the apps' hooks are looked up (``app_modules``).

Each negative control runs the same code path with the same widening and only the guard
taken out (without_row_lock, without_condition). Each control caught the missing guard and each
guarded test held in 3 of 3 runs (2026-12-05, bench/negative_controls.py -n 3)."""

import datetime

import pytest
from django.utils import timezone

from stageplein.students import anonymise, services
from stageplein.students.models import PrivacyRequest, Student
from stageplein.students.services import PrivacyRequestError, privacy_request_handle
from tests.support.concurrency import (
    Rendezvous,
    run_concurrently,
    without_condition,
    without_row_lock,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


@pytest.fixture
def request_and_widening(transactional_world, monkeypatch):
    world = transactional_world
    open_request = services.privacy_request_file(
        actor=world.users["student"],
        student=world.student,
        kind=PrivacyRequest.Kind.CORRECTION,
        text="Mijn klas klopt niet",
        as_role="student",
    )
    together = Rendezvous()
    monkeypatch.setattr(services, "_name", together.after(services._name))
    return world, open_request, together


def answer_both(world, open_request, together):
    answerers = [world.users["coordinator"], world.users["admin"]]

    def answer(i: int):
        return privacy_request_handle(
            actor=answerers[i],
            privacy_request=open_request,
            status="done",
            answer=f"Antwoord {i}",
        )

    with together.expecting(2):
        return run_concurrently(answer, 2)


def test_two_coordinators_answer_at_once_and_one_answer_stands(request_and_widening):
    world, open_request, together = request_and_widening
    results = answer_both(world, open_request, together)
    assert sorted(isinstance(r, PrivacyRequestError) for r in results) == [False, True]
    [winner] = [r for r in results if isinstance(r, PrivacyRequest)]
    assert PrivacyRequest.objects.get(pk=open_request.pk).answer == winner.answer


def test_negative_control_without_the_row_lock_both_answers_are_taken(
    request_and_widening, monkeypatch
):
    world, open_request, together = request_and_widening
    without_row_lock(monkeypatch, PrivacyRequest)
    results = answer_both(world, open_request, together)
    assert all(isinstance(r, PrivacyRequest) for r in results), results


@pytest.fixture
def left_student(transactional_world, monkeypatch):
    world = transactional_world
    Student.objects.filter(pk=world.classmate.pk).update(
        left_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    together = Rendezvous()
    monkeypatch.setattr(anonymise, "app_modules", together.after(anonymise.app_modules))
    return Student.objects.get(pk=world.classmate.pk), together


def anonymise_twice(student, together):
    with together.expecting(2):
        return run_concurrently(lambda i: anonymise.student_anonymise(student), 2)


def test_two_runs_at_once_anonymise_a_student_once(left_student):
    student, together = left_student
    assert sorted(anonymise_twice(student, together)) == [False, True]


def test_negative_control_without_the_guarded_update_both_runs_anonymise(left_student, monkeypatch):
    student, together = left_student
    without_condition(monkeypatch, Student, anonymised_at__isnull=True)
    assert anonymise_twice(student, together) == [True, True]
