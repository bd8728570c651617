"""Matching situations made to measure: windows, students with interests, offers, reactions."""

from __future__ import annotations

import datetime

from django.utils import timezone

from stageplein.accounts.models import Membership, Role
from stageplein.applications.models import Application, Status
from stageplein.core.schoolyear import current_school_year
from stageplein.geo.distance import centroids, distance_km
from stageplein.geo.models import Municipality
from stageplein.matching.candidates import Weights
from stageplein.matching.models import DEFAULT_WEIGHTS
from stageplein.organisations.models import School
from stageplein.placements.models import PlacementPeriod
from stageplein.planning.models import InternshipWindow
from tests.support.people import make_student, make_user
from tests.support.placements import make_period, make_placement

WEIGHTS = Weights.from_dict(DEFAULT_WEIGHTS)


def window_for(school, *, year: int = 2, weeks_from: int = 1, weeks_to: int = 20, **extra):
    """A window of the school's year group, around the periods make_period() makes (those start
    four weeks ahead), in this school year's calendar whatever today's date."""
    today = timezone.localdate()
    return InternshipWindow.objects.create(
        school=school,
        school_year=current_school_year(),
        year=year,
        starts_on=today + datetime.timedelta(weeks=weeks_from),
        ends_on=today + datetime.timedelta(weeks=weeks_to),
        hours_per_student=20,
        **extra,
    )


def offer(provider, title: str, *, pc4: str = "7202", capacity: int = 3, **extra):
    """A findable placement with one period starting in four weeks; returns the period."""
    period_extra = {k: extra.pop(k) for k in ("weeks_ahead", "weeks") if k in extra}
    placement = make_placement(provider, title=title, pc4=pc4, **extra)
    return make_period(placement, capacity=capacity, **period_extra)


def pupil(school, number: str, *, interests: tuple[str, ...] = (), **extra):
    extra.setdefault("first_name", f"Leerling{number}")
    student = make_student(school, number, **extra)
    for code in interests:  # one by one: the rows' order is the interests' order
        student.interests.through.objects.create(student=student, sector_id=code)
    return student


def react(student, period: PlacementPeriod, status: str = Status.SUBMITTED, **extra):
    now = timezone.now()
    claimed = status in (Status.ACCEPTED, Status.APPROVED)
    return Application.objects.create(
        student=student,
        placement_id=period.placement_id,
        period=period,
        motivation="Lijkt me leuk.",
        status=status,
        submitted_at=extra.pop("submitted_at", now),
        accepted_at=now if claimed else None,
        approved_at=now if status == Status.APPROVED else None,
        **extra,
    )


def pc4_at(origin: str, low: float, high: float) -> str:
    """A postcode area between ``low`` and ``high`` km from ``origin`` (PC4 centroids)."""
    for code in sorted(centroids()):
        km = distance_km(origin, code)
        if km is not None and low <= km <= high:
            return code
    raise AssertionError(f"no PC4 area {low}-{high} km from {origin}")


def school_without_broker(world, *, brin: str = "30CC", email: str = "coordinator@eefde.test"):
    """R-MATCH-8: a school in Lochem, a municipality of the world's region that its broker
    (Zutphen only) does not serve, with a coordinator. Returns (school, coordinator)."""
    school = School.objects.create(
        brin=brin,
        name=f"Eefdecollege {brin}",
        region=world.region,
        municipality=Municipality.objects.get(name="Lochem"),
        levels=["vmbo", "havo", "vwo"],
    )
    coordinator = make_user(email, "Cor", f"Coördinator {brin}")
    Membership.objects.create(user=coordinator, role=Role.COORDINATOR, school=school)
    return school, coordinator
