"""Test helpers: students in a known state (reacted, matched, with hours), for the dashboard,
funding and export tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from stageplein.applications.models import Application, Status
from stageplein.core.schoolyear import current_school_year, school_year_bounds
from stageplein.internships.models import HourEntry, Internship
from stageplein.organisations.models import Provider, School
from stageplein.placements.models import Placement, PlacementPeriod
from stageplein.students.models import Student
from tests.support.internships import sign_contract
from tests.support.people import make_student


def period_in(placement: Placement, school_year: int, capacity: int = 10) -> PlacementPeriod:
    """This school year: a period running now (open); an earlier year: one in its autumn."""
    if school_year == current_school_year():
        today = timezone.localdate()
        starts_on, ends_on = (
            today - datetime.timedelta(days=10),
            today + datetime.timedelta(days=30),
        )
    else:
        start, _end = school_year_bounds(school_year)
        starts_on, ends_on = (
            start + datetime.timedelta(days=40),
            start + datetime.timedelta(days=80),
        )
    return PlacementPeriod.objects.create(
        placement=placement,
        starts_on=starts_on,
        ends_on=ends_on,
        hours=20,
        capacity=capacity,
    )


def react(student: Student, period: PlacementPeriod, status: str = Status.SUBMITTED) -> Application:
    now = timezone.now()
    fields: dict = {}
    if status in (Status.ACCEPTED, Status.APPROVED):
        fields.update(accepted_at=now, decided_at=now)
    if status == Status.APPROVED:
        fields["approved_at"] = now
    if status == Status.DECLINED:
        fields.update(decline_reason="Vol", decided_at=now)
    if status == Status.WITHDRAWN:
        fields.update(withdraw_reason="Geen tijd", withdrawn_side="student", withdrawn_at=now)
    return Application.objects.create(
        student=student,
        placement=period.placement,
        period=period,
        motivation="Ik help graag.",
        status=status,
        **fields,
    )


def internship_with_hours(
    student: Student,
    provider: Provider,
    hours: str | int = 0,
    *,
    status: str = Internship.Status.COMPLETED,
    signed: bool = True,
    end_date: datetime.date | None = None,
) -> Internship:
    today = timezone.localdate()
    end = end_date or today - datetime.timedelta(days=10)
    internship = Internship.objects.create(
        student=student,
        provider=provider,
        title="Meehelpen",
        status=status,
        start_date=end - datetime.timedelta(days=30),
        end_date=end,
        planned_hours=max(1, int(Decimal(hours))),
    )
    if Decimal(hours):
        HourEntry.objects.create(
            internship=internship,
            date=end - datetime.timedelta(days=5),
            hours=Decimal(hours),
            description="Geholpen",
            status=HourEntry.Status.VERIFIED,
            verified_at=timezone.now(),
        )
    if signed:
        sign_contract(internship)
    return internship


def student_at(school: School, number: str, **kwargs) -> Student:
    kwargs.setdefault("first_name", f"Leerling{number}")
    kwargs.setdefault("last_name", f"Achternaam{number}")
    return make_student(school, number, **kwargs)


def this_year() -> int:
    return current_school_year()
