"""Class sign-in: a code open for a while, each name once, a few tries per name."""

import datetime

import time_machine
from django.utils import timezone

from stageplein.signin import services
from stageplein.signin.services import Outcome


def start(world):
    return services.class_signin_start(
        actor=world.users["mentor"], school=world.school, class_name=world.student.class_name
    )


def test_the_class_code_finds_the_open_class_sign_in(world):
    session, code = start(world)
    assert services.class_signin_open(code=code.lower()) == session


def test_a_closed_or_expired_class_code_finds_nothing(world, settings):
    session, code = start(world)
    later = timezone.now() + datetime.timedelta(minutes=settings.CLASS_SIGNIN_MINUTES + 1)
    with time_machine.travel(later):
        assert services.class_signin_open(code=code) is None
    services.class_signin_close(actor=world.users["mentor"], session=session)
    assert services.class_signin_open(code=code) is None


def test_the_right_date_of_birth_signs_the_student_in_once(world):
    session, _code = start(world)
    student = world.classmate
    ok = services.class_signin_confirm(
        session=session, student_id=student.pk, date_of_birth=student.date_of_birth
    )
    assert ok.outcome is Outcome.OK and ok.user == student.user
    again = services.class_signin_confirm(
        session=session, student_id=student.pk, date_of_birth=student.date_of_birth
    )
    assert again.outcome is Outcome.USED
    assert (student, True) in services.class_signin_progress(session)


def test_three_wrong_dates_lock_the_name_for_this_class_sign_in(world, settings):
    session, _code = start(world)
    student = world.classmate
    wrong = student.date_of_birth + datetime.timedelta(days=1)
    outcomes = [
        services.class_signin_confirm(session=session, student_id=student.pk, date_of_birth=wrong)
        for _ in range(settings.CLASS_SIGNIN_TRIES)
    ]
    assert [o.outcome for o in outcomes] == [Outcome.WRONG, Outcome.WRONG, Outcome.LOCKED]
    right = services.class_signin_confirm(
        session=session, student_id=student.pk, date_of_birth=student.date_of_birth
    )
    assert right.outcome is Outcome.LOCKED


def test_a_student_of_another_class_cannot_be_picked(world):
    session, _code = start(world)
    other = world.other_student
    result = services.class_signin_confirm(
        session=session, student_id=other.pk, date_of_birth=other.date_of_birth
    )
    assert result.outcome is Outcome.UNKNOWN
