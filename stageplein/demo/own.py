"""Demo data for the school's side of the routes into an internship (issue 15), played through
the services in the pilot with the README's accounts: an own placement (zelf geregeld) the
README mentor approved, so an internship runs at a club new to the platform that still waits for
a broker's review; a second one a parent registered, waiting for the mentor's decision; and a
reaction the README coordinator sent for a student who found nothing."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from stageplein.accounts.models import User
from stageplein.applications.models import ACTIVE, Application
from stageplein.applications.refusals import Refused
from stageplein.applications.services.submission import application_submit_by_school
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.demo.context import PilotContext
from stageplein.geo.models import PostcodeArea
from stageplein.internships.services import own_placement as own
from stageplein.internships.services.common import InternshipError
from stageplein.mediation.selectors import proposable_periods
from stageplein.organisations.models import School, Sector
from stageplein.students.models import Student

# The clubs and neighbours students find themselves (the booklet's hobby club and care home).
FOUND = [
    ("Hockeyclub De Berkel", "Sportpark De Berkel 1", "sport", "Jeugdtraining helpen"),
    ("Zorgboerderij Het Hooi", "Hooiweg 4", "zorg", "Helpen bij de dieren en de bewoners"),
]


def build(builder, rng: random.Random, context: PilotContext) -> None:
    if context.fixed:
        play(schools=context.schools)


def _free(schools: list[School], **which: object) -> list[Student]:
    """Students of these schools with nothing yet (``which`` narrows them down), the most
    recently enrolled first (the routes step takes the first ones for mediation and the waiting
    list)."""
    busy = Application.objects.filter(status__in=ACTIVE).values("student_id")
    return list(
        Student.objects.filter(school__in=schools, left_on__isnull=True, internships__isnull=True)
        .filter(**which)
        .exclude(pk__in=busy)
        .exclude(own_placements__isnull=False)
        .select_related("user", "school", "mentor")
        .order_by("-pk")[:20]
    )


def play(*, schools: list[School]) -> None:
    mentor = User.objects.filter(email=FIXED_ACCOUNTS["mentor"]).first()
    coordinator = User.objects.filter(email=FIXED_ACCOUNTS["coordinator"]).first()
    mentees = _free(schools, mentor=mentor)[:2] if mentor is not None else []
    for k, student in enumerate(mentees):
        _own_placement(student, k, decided_by=mentor if k == 0 else None)
    if coordinator is not None:
        school_ids = coordinator.memberships.filter(school__isnull=False).values("school_id")
        _school_reacts(_free(schools, school_id__in=school_ids), coordinator)


def _own_placement(student: Student, k: int, *, decided_by: User | None) -> None:
    name, address, sector, title = FOUND[k % len(FOUND)]
    today = timezone.localdate()
    guardian = student.guardianships.select_related("guardian").first()
    by = student.user if k == 0 or guardian is None else guardian.guardian
    try:
        op = own.own_placement_register(
            student=student,
            by=by,
            title=title,
            tasks="Elke zaterdagochtend meehelpen, samen met een vaste begeleider.",
            start_date=today - datetime.timedelta(days=7),
            end_date=today + datetime.timedelta(days=70),
            planned_hours=max(20, student.school.own_placement_min_hours),
            supervisor_name="Tess Trainer" if k == 0 else "Joop Hooi",
            supervisor_email=f"begeleider{k + 1}@zelfgeregeld.stageplein.test",
            organisation_postcode=PostcodeArea.objects.filter(
                municipality_id=student.school.municipality_id
            )
            .order_by("pc4")
            .first(),
            organisation_name=name,
            organisation_address=f"{address}, {student.school.municipality.name}",
            organisation_sector=Sector.objects.get(code=sector),
            organisation_email=f"info{k + 1}@zelfgeregeld.stageplein.test",
        )
        if decided_by is not None:
            own.own_placement_approve(own_placement=op, by=decided_by)
    except InternshipError:
        return  # the school does not allow own placements: the demo shows none


def _school_reacts(students: list[Student], coordinator: User) -> None:
    for student in students:
        for period in proposable_periods(student)[:3]:
            try:
                application_submit_by_school(
                    student=student,
                    period=period,
                    by=coordinator,
                    motivation="Nog niets gevonden; deze plek past bij het rooster.",
                )
                return
            except Refused:
                continue


__all__ = ["build", "play"]
