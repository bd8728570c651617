"""Two imports for one school at the same moment (two coordinators, or the web and the command
line): the school lock makes them run one after the other, each comparing against what the
other wrote, so neither fails and nothing is imported twice."""

import time

import pytest
from django.db import IntegrityError

from stageplein.core.schoolyear import current_school_year
from stageplein.imports import fields as F
from stageplein.imports import services
from stageplein.imports.parsing import parse_file
from stageplein.imports.sample import magister_rows, to_csv
from stageplein.students.models import Student
from tests.support.concurrency import run_concurrently

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def slow_checks(monkeypatch):
    real = services.check_rows

    def slow(**kwargs):
        result = real(**kwargs)
        time.sleep(0.3)  # a big file: the other import starts while this one is checking
        return result

    monkeypatch.setattr(services, "check_rows", slow)


def import_twice(world):
    parsed = parse_file(to_csv(magister_rows(12, school_year=current_school_year())))
    columns = F.suggest_columns(parsed.headers)
    return run_concurrently(
        lambda i: services.import_rows(
            school=world.school, parsed=parsed, columns=columns, invite=False
        ),
        2,
    )


def test_two_imports_at_once_run_one_after_the_other(transactional_world, monkeypatch):
    slow_checks(monkeypatch)
    results = import_twice(transactional_world)
    assert [type(r).__name__ for r in results] == ["ImportResult", "ImportResult"]
    assert sorted(r.counts["new"] for r in results) == [0, 12]
    assert sorted(r.counts["unchanged"] for r in results) == [0, 12]
    assert Student.objects.filter(school=transactional_world.school).count() == 14


def test_negative_control_without_the_lock_the_second_import_fails(
    transactional_world, monkeypatch
):
    """Negative control: the same imports and the same slow checks, only the school lock
    switched off; proves the harness would catch a missing lock.
    Caught in 10 of 10 runs (2026-12-04, bench/negative_controls.py)."""
    slow_checks(monkeypatch)
    monkeypatch.setattr(services, "lock_school", lambda school_id: None)
    results = import_twice(transactional_world)
    assert any(isinstance(r, IntegrityError) for r in results)
