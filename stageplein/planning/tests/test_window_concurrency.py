"""Two coordinators of one school saving overlapping windows for the same group at the same
moment: one wins, the other is told the group already has a window. The school's row lock
makes the second check see the first save."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from stageplein.planning.models import InternshipWindow
from stageplein.planning.services import window_problems, window_save
from stageplein.planning.tests.helpers import NEXT, week
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
THREADS = 4
ROUNDS = 3
# Every broken saver has checked before any saves: the interleaving the lock must prevent,
# made certain rather than left to thread timing on a busy machine.
_all_checked = threading.Barrier(THREADS)


@transaction.atomic
def naive_save(*, window, by):
    """Deliberately broken: check, then save, without the lock. It saves without checking
    again: a second check after the barrier could see a faster thread's commit and refuse,
    which made this control pass or fail by thread timing."""
    problems = window_problems(window)
    _all_checked.wait(timeout=30)
    if problems:
        raise ValidationError(problems)
    window.save()
    return window


def saved_per_round(world, save) -> list[int]:
    saved = []
    for n in range(ROUNDS):
        year = 1 + n  # a fresh group each round

        def one(i: int, year=year):
            start = week(10) + datetime.timedelta(days=i)  # overlapping, never the same day
            window = InternshipWindow(
                school=world.school,
                school_year=NEXT,
                year=year,
                starts_on=start,
                ends_on=start + datetime.timedelta(weeks=3),
                hours_per_student=20,
            )
            try:
                return save(window=window, by=world.users["coordinator"])
            except ValidationError:
                return None

        results = run_concurrently(one, THREADS)
        assert [r for r in results if isinstance(r, BaseException)] == []
        saved.append(InternshipWindow.objects.filter(school_year=NEXT, year=year).count())
    return saved


def test_overlapping_windows_saved_at_once_leave_one(transactional_world):
    assert saved_per_round(transactional_world, window_save) == [1] * ROUNDS


def test_negative_control_without_the_lock_both_windows_are_saved(transactional_world):
    assert all(n > 1 for n in saved_per_round(transactional_world, naive_save))
