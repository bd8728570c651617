"""The bulk load's history: past and current internships with logged hours, so that progress
is real data. The story builds the same through the services (``story/lives.py``)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from stageplein.accounts.models import User
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.demo.context import PilotContext
from stageplein.demo.fixed import fixed_provider_id
from stageplein.demo.rows import create_objects, insert_rows
from stageplein.demo.words import TASKS
from stageplein.internships.models import HourEntry, Internship
from stageplein.internships.services import suggested_guidance
from stageplein.students.models import Consent, ConsentPurpose, Student

if TYPE_CHECKING:
    from stageplein.demo.builder import DemoBuilder


def internships(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    students, providers = context.students, context.providers
    """Past and current internships with logged hours, so that progress is real data."""
    share_by_year = {1: 0.3, 2: 0.6, 3: 0.75}
    # Whose consent to share is in force, read once: asked per student it was 38,000 queries.
    sharing = set(
        Consent.objects.filter(
            student__in=[s.pk for s in students],
            purpose=ConsentPurpose.SHARING,
            withdrawn_at__isnull=True,
        ).values_list("student_id", flat=True)
    )
    internships, entry_plan = [], []
    for s in students:
        if rng.random() >= share_by_year.get(s.year, 0.85):
            continue
        norm = b.norms.norm(s.level, s.cohort)
        low, high = {1: (0.1, 0.45), 2: (0.3, 0.9)}.get(s.year, (0.55, 1.15))
        total = max(2, round(norm * rng.uniform(low, high)))
        nearby = providers.by_municipality.get(b.pc4_municipality.get(s.home_postcode_id or "", ""))
        candidates = (
            nearby or providers.by_municipality.get(s.school.municipality_id) or providers.all
        )
        provider = rng.choice(candidates)
        # Spread sessions over the student's MaS years so far, never in the future.
        first_day = datetime.date(s.cohort, 9, 1)
        span = max(14, (b.today - first_day).days - 7)
        start = first_day + datetime.timedelta(days=rng.randint(0, max(0, span - 60)))
        sessions: list[tuple[datetime.date, int]] = []  # (day, hours)
        left = total
        day = start
        while left > 0:
            h = min(left, rng.choice([2, 3, 4, 4, 5, 6]))
            sessions.append((day, h))
            left -= h
            day += datetime.timedelta(days=rng.randint(5, 14))
        sessions = [(d, h) for d, h in sessions if d < b.today] or [
            (b.today - datetime.timedelta(days=3), 2)
        ]
        first, _hours = sessions[0]
        end, _hours = sessions[-1]
        recent = (b.today - end).days < 30
        status = Internship.Status.ACTIVE if recent else Internship.Status.COMPLETED
        internship = Internship(
            student=s,
            provider=provider,
            title=rng.choice(TASKS[provider.sector_id]).split(" ")[0] + " bij " + provider.name,
            kind=Internship.Kind.INDIVIDUAL,
            status=status,
            start_date=first,
            end_date=max(end, first)
            + (datetime.timedelta(days=28) if recent else datetime.timedelta()),
            planned_hours=total,
            supervisor=providers.verifier[provider.pk],
            # The guidance internship_create gives it (R-INT-5), from the same rule.
            **suggested_guidance(s, Internship.Kind.INDIVIDUAL, sharing=s.pk in sharing),
        )
        internships.append(internship)
        entry_plan.append((internship, sessions, recent))
    create_objects(Internship, internships)
    # Verified the evening after the session, as a supervisor typically does.
    tz = timezone.get_current_timezone()
    evening = datetime.time(18, tzinfo=tz)
    verified, submitted = HourEntry.Status.VERIFIED.value, HourEntry.Status.SUBMITTED.value
    now = timezone.now()
    rows = []
    for internship, sessions, recent in entry_plan:
        tasks = TASKS[internship.provider.sector_id]
        for k, (day, h) in enumerate(sessions):
            waiting = recent and k == len(sessions) - 1 and rng.random() < 0.5
            rows.append(
                (
                    internship.pk,
                    day,
                    Decimal(h),
                    rng.choice(tasks),
                    submitted if waiting else verified,
                    None if waiting else internship.supervisor_id,
                    None
                    if waiting
                    else datetime.datetime.combine(day + datetime.timedelta(days=1), evening),
                    now,
                )
            )
    insert_rows(
        HourEntry,
        [
            "internship",
            "date",
            "hours",
            "description",
            "status",
            "verified_by",
            "verified_at",
            "created_at",
        ],
        rows,
    )
    b.stats.internships += len(internships)
    b.stats.hour_entries += len(rows)


def fixed_internship(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    """The demo student's own internship: some hours confirmed, one waiting for the supervisor."""
    if not context.fixed:
        return
    student = Student.objects.get(user__email=FIXED_ACCOUNTS["student"])
    provider_id = fixed_provider_id(context)
    provider = next(p for p in context.providers.all if p.pk == provider_id)
    supervisor = User.objects.get(email=FIXED_ACCOUNTS["supervisor"])
    Internship.objects.filter(student=student).delete()
    internship = Internship.objects.create(
        student=student,
        provider=provider,
        title=f"Vrijwilliger bij {provider.name}",
        status=Internship.Status.ACTIVE,
        start_date=b.today - datetime.timedelta(days=40),
        end_date=b.today + datetime.timedelta(days=40),
        planned_hours=30,
        supervisor=supervisor,
        **suggested_guidance(student, Internship.Kind.INDIVIDUAL),
    )
    tasks = TASKS[provider.sector_id]
    for k in range(4):
        day = b.today - datetime.timedelta(days=35 - 9 * k)
        waiting = k == 3
        HourEntry.objects.create(
            internship=internship,
            date=day,
            hours=Decimal(3),
            description=tasks[k % len(tasks)],
            status=HourEntry.Status.SUBMITTED if waiting else HourEntry.Status.VERIFIED,
            verified_by=None if waiting else supervisor,
            verified_at=None if waiting else timezone.now() - datetime.timedelta(days=30 - 9 * k),
        )
