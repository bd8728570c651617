"""Two coordinators of one school saving overlapping windows for the same group at the same
moment: one wins, the other is told the group already has a window. The school's row lock
makes the second check see the first save.

The guard is window_save's ``select_for_update()`` on the school. Both runs widen the same spot
of the real window_save: after a saver has checked for overlaps, it waits (at most five seconds)
for the other savers to have checked too (tests.support.concurrency.Rendezvous). With the lock
the others are held at the lock, so the wait times out and changes nothing; without it every
saver checks before any saves. The negative control takes out only the lock
(without_row_lock) and was caught in 10 of 10 runs, every round with more than one window
(2026-12-04, bench/negative_controls.py).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from stageplein.organisations.models import School
from stageplein.planning import services
from stageplein.planning.models import InternshipWindow
from stageplein.planning.tests.helpers import NEXT, week
from tests.support.concurrency import Rendezvous, run_concurrently, without_row_lock

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]
THREADS = 4
ROUNDS = 3


@pytest.fixture
def checked_together(monkeypatch) -> Rendezvous:
    """The widening of both runs: a saver that has checked waits for the others to check."""
    together = Rendezvous()
    monkeypatch.setattr(services, "window_problems", together.after(services.window_problems))
    return together


def saved_per_round(world, together: Rendezvous) -> list[int]:
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
                return services.window_save(window=window, by=world.users["coordinator"])
            except ValidationError:
                return None

        with together.expecting(THREADS):
            results = run_concurrently(one, THREADS)
        assert [r for r in results if isinstance(r, BaseException)] == []
        saved.append(InternshipWindow.objects.filter(school_year=NEXT, year=year).count())
    return saved


def test_overlapping_windows_saved_at_once_leave_one(transactional_world, checked_together):
    assert saved_per_round(transactional_world, checked_together) == [1] * ROUNDS


def test_negative_control_without_the_lock_overlapping_windows_are_saved(
    transactional_world, checked_together, monkeypatch
):
    without_row_lock(monkeypatch, School)
    assert all(n > 1 for n in saved_per_round(transactional_world, checked_together))
