"""Reads for mediation: the broker who mediates for a school, and the periods a mediator can
propose to a student."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from stageplein.organisations.models import Broker, School
from stageplein.placements.capacity import claimed_in_period
from stageplein.placements.models import Placement, PlacementPeriod
from stageplein.placements.selectors import student_may_do_period
from stageplein.students.models import Student

# Enough to choose from in one list; a mediator narrows it by typing in the browser.
MAX_CHOICES = 300


def mediating_broker(school: School) -> Broker | None:
    """The broker serving the school's municipality; None means the school mediates itself
    (R-MATCH-8). The oldest, when two serve the same municipality."""
    return Broker.objects.filter(municipalities=school.municipality_id).order_by("pk").first()


def proposable_periods(student: Student) -> list[PlacementPeriod]:
    """Periods of findable placements in the student's school region, not yet over, with a free
    seat, that fit the student's level and age. Only a first look: the seats are counted again
    under the period's lock when the proposal is accepted."""
    today = timezone.localdate()
    placements = (
        Placement.objects.findable()
        .for_level(student.level)
        .filter(provider__region_id=student.school.region_id)
    )
    periods = (
        PlacementPeriod.objects.filter(placement__in=placements, ends_on__gte=today)
        .annotate(claimed=claimed_in_period())
        .filter(claimed__lt=F("capacity"))
        .select_related("placement__provider")
        .order_by("placement__title", "starts_on", "pk")[: MAX_CHOICES * 2]
    )
    fitting: list[PlacementPeriod] = [
        p for p in periods if student_may_do_period(student, p.placement, p)
    ]
    return fitting[:MAX_CHOICES]
