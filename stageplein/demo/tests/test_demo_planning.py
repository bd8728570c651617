"""The demo region shows the Noord-Holland problem on the regional calendar: a real shortage
in the first weeks of the school year, spare seats later; and targets with partial progress."""

import datetime

import pytest
from django.db import transaction

from stageplein.core.schoolyear import current_school_year
from stageplein.demo.builder import DemoBuilder
from stageplein.geo.models import Region
from stageplein.geo.pilots import read_pilots
from stageplein.placements.models import SchoolLink
from stageplein.planning.models import InternshipWindow
from stageplein.planning.selectors import demand_supply, target_progress
from stageplein.students.models import YearlyTarget

pytestmark = pytest.mark.django_db

# Early in the school year, as the pilots found it (and whatever day the tests run).
TODAY = datetime.date(current_school_year(), 9, 14)


@pytest.fixture(scope="module")
def zutphen(django_db_setup, django_db_blocker):
    """One story for the module, rolled back at its end (each test runs in a savepoint)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            builder = DemoBuilder(today=TODAY)
            builder.build([p for p in read_pilots() if p.name == "Zutphen"])
            yield builder, Region.objects.get(name="Zutphen")
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_demo_calendar_falls_short_early_in_the_year_and_has_seats_to_spare_later(zutphen):
    builder, region = zutphen
    for window in InternshipWindow.objects.all():
        window.full_clean()
    calendar = demand_supply(region, builder.school_year, today=TODAY)
    assert calendar.shortages, "the demo must show a shortage"
    first = calendar.shortages[0]
    assert first.first < datetime.date(TODAY.year, 11, 1)
    assert first.short > 20  # dozens of students, not a rounding effect
    assert calendar.spares and max(run.spare for run in calendar.spares) > first.short
    assert any(run.first > first.last for run in calendar.spares)
    assert calendar.suggestions


def test_the_readme_school_supplies_a_provider_this_year(zutphen):
    builder, region = zutphen
    school = region.schools.order_by("pk").first()
    assert SchoolLink.objects.filter(school=school, school_year=builder.school_year).exists()


def test_every_demo_target_has_partial_progress(zutphen):
    builder, _region = zutphen
    targets = YearlyTarget.objects.filter(school_year=builder.school_year).select_related(
        "school", "broker", "region"
    )
    kinds = {p.subject.kind for p in target_progress(targets)}
    assert kinds == {"school", "broker", "region"}
    for progress in target_progress(targets):
        assert 0 < progress.placed < (progress.students_target or 0), progress.subject
        if progress.hours_target:
            assert 0 < progress.hours_done < progress.hours_target, progress.subject
