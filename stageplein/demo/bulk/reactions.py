"""Demo reactions: students who reacted near home, in every status, never more seats claimed
than a period has; approved matches linked to the internships the core demo made. The README's
demo accounts each get something to do (a reaction to answer, a match to approve)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple, cast

from django.db import connection
from django.utils import timezone

from stageplein.accounts.models import Membership, Role, User
from stageplein.applications.models import Application, Status
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.demo.rows import insert_rows
from stageplein.demo.words import DECLINE_REASONS, WITHDRAW_REASONS, motivation_for
from stageplein.geo.distance import centroids
from stageplein.internships.models import Internship
from stageplein.notifications.models import Notification
from stageplein.placements.models import (
    LEVEL_FIELDS,
    Placement,
    PlacementPeriod,
    SchoolLink,
    stale_cutoff,
)
from stageplein.students.models import Student

COLUMNS = [
    "student",
    "placement",
    "period",
    "motivation",
    "status",
    "submitted_at",
    "decided_at",
    "decided_by",
    "accepted_at",
    "decline_reason",
    "approved_at",
    "approved_by",
    "withdrawn_at",
    "withdrawn_by",
    "withdrawn_side",
    "withdraw_reason",
    "flag_reason",
    "flagged_at",
    "flagged_by",
    "flag_resolved_at",
    "flag_resolution",
    "internship",
]


LEVELS = list(LEVEL_FIELDS)


class Vacancy(NamedTuple):
    pk: int
    provider_id: int
    sector_id: str
    postcode_id: str
    status: str
    confirmed_at: datetime.datetime | None
    min_age: int
    levels: frozenset[str]


class Seat(NamedTuple):
    pk: int
    placement_id: int
    starts_on: datetime.date
    capacity: int


@dataclass
class Flag:
    reason: str
    at: datetime.datetime
    by: int | None


@dataclass
class Planned:
    """One reaction to insert: the fields the plan keeps checking, and the row for COPY."""

    student_id: int
    placement_id: int
    period_id: int
    status: str
    row: tuple


class Plan:
    """Rows to insert, keeping the rules the services keep: seats, one active reaction per
    placement, at most a few open ones per student."""

    def __init__(self, capacity: dict[int, int]) -> None:
        self.capacity = capacity
        self.claimed: dict[int, int] = defaultdict(int)
        self.active: set[tuple[int, int]] = set()
        self.open: dict[int, int] = defaultdict(int)
        self.linked: set[int] = set()
        self.rows: list[Planned] = []

    def free(self, period_id: int) -> bool:
        return self.claimed[period_id] < self.capacity[period_id]

    def add(
        self,
        *,
        student_id: int,
        placement_id: int,
        period_id: int,
        motivation: str,
        status: str,
        submitted_at: datetime.datetime,
        decider: int | None = None,
        approver: int | None = None,
        reason: str = "",
        internship_id: int | None = None,
        flag: Flag | None = None,
    ) -> bool:
        active = status in (Status.SUBMITTED, Status.ACCEPTED, Status.APPROVED)
        if active and (student_id, placement_id) in self.active:
            return False
        if status in (Status.ACCEPTED, Status.APPROVED):
            if not self.free(period_id):
                return False
            self.claimed[period_id] += 1
        if status in (Status.SUBMITTED, Status.ACCEPTED):
            if self.open[student_id] >= 3:
                return False
            self.open[student_id] += 1
        if active:
            self.active.add((student_id, placement_id))
        decided = submitted_at + datetime.timedelta(days=2)
        claimed = status in (Status.ACCEPTED, Status.APPROVED)
        row = (
            student_id,
            placement_id,
            period_id,
            motivation,
            status,
            submitted_at,
            decided if status != Status.SUBMITTED else None,
            decider if status != Status.SUBMITTED else None,
            decided if claimed else None,
            reason if status == Status.DECLINED else "",
            decided + datetime.timedelta(days=3) if status == Status.APPROVED else None,
            approver if status == Status.APPROVED else None,
            decided if status == Status.WITHDRAWN else None,
            None,
            "student" if status == Status.WITHDRAWN else "",
            reason if status == Status.WITHDRAWN else "",
            flag.reason if flag else "",
            flag.at if flag else None,
            flag.by if flag else None,
            None,
            "",
            internship_id,
        )
        self.rows.append(Planned(student_id, placement_id, period_id, status, row))
        return True


def applications_step(builder, rng, context) -> None:
    now = timezone.now()
    today = builder.today
    cutoff = stale_cutoff(now)
    # Plain tuples, not model instances: a large pilot has thousands of periods.
    rows = Placement.objects.filter(provider__region=context.region).values_list(
        "pk",
        "provider_id",
        "sector_id",
        "postcode_id",
        "status",
        "confirmed_at",
        "min_age",
        *[LEVEL_FIELDS[lvl] for lvl in LEVELS],
    )
    placements = {}
    for pk, provider_id, sector_id, postcode_id, status, confirmed_at, min_age, *levels in rows:
        placements[pk] = Vacancy(
            pk=pk,
            provider_id=provider_id,
            sector_id=sector_id,
            postcode_id=postcode_id,
            status=status,
            confirmed_at=confirmed_at,
            min_age=min_age,
            levels=frozenset(lvl for lvl, on in zip(LEVELS, levels, strict=True) if on),
        )
    periods = [
        Seat(*row)
        for row in PlacementPeriod.objects.filter(
            placement__provider__region=context.region, ends_on__gte=today
        )
        .order_by("starts_on", "pk")
        .values_list("pk", "placement_id", "starts_on", "capacity")
    ]
    plan = Plan({p.pk: p.capacity for p in periods})
    findable = {
        pk
        for pk, p in placements.items()
        if p.status == Placement.Status.PUBLISHED and p.confirmed_at and p.confirmed_at >= cutoff
    }
    by_municipality: dict[str, list[tuple[Vacancy, Seat]]] = defaultdict(list)
    by_provider: dict[int, list[tuple[Vacancy, Seat]]] = defaultdict(list)
    for period in periods:
        placement = placements[period.placement_id]
        by_provider[placement.provider_id].append((placement, period))
        if placement.pk in findable:
            municipality = builder.pc4_municipality.get(placement.postcode_id)
            by_municipality[municipality].append((placement, period))
    contacts = context.contacts
    coordinators = dict(
        Membership.objects.filter(role=Role.COORDINATOR, school__in=context.schools)
        .order_by("pk")  # a school with two coordinators: always the same one decides
        .values_list("school_id", "user_id")
    )

    # Approved matches behind the internships that are running now (R-MATCH-7 happened).
    # In key order: the random draws go row by row (the physical order follows the table's history).
    running = (
        Internship.objects.filter(
            student__school__in=context.schools, status=Internship.Status.ACTIVE
        )
        .order_by("pk")
        .values_list("pk", "student_id", "provider_id", "start_date")
    )
    for internship_id, student_id, provider_id, start in running:
        options = [(pl, pe) for pl, pe in by_provider.get(provider_id, []) if plan.free(pe.pk)]
        if not options or rng.random() < 0.4:
            continue
        placement, period = rng.choice(options)
        submitted = timezone.make_aware(
            datetime.datetime.combine(start - datetime.timedelta(days=14), datetime.time(16))
        )
        plan.add(
            student_id=student_id,
            placement_id=placement.pk,
            period_id=period.pk,
            motivation=motivation_for(placement.sector_id, rng.randrange(2)),
            status=Status.APPROVED,
            submitted_at=submitted,
            decider=getattr(contacts.get(provider_id), "pk", None),
            internship_id=internship_id,
            flag=(
                Flag("Komt vaak te laat en belt niet af.", now - datetime.timedelta(days=3), None)
                if rng.random() < 0.03
                else None
            ),
        )

    # Students who reacted themselves this year (R-MATCH-1), near home.
    statuses = [Status.SUBMITTED] * 45 + [Status.ACCEPTED] * 15
    statuses += [Status.DECLINED] * 12 + [Status.WITHDRAWN] * 8
    for student in context.students:
        if student.year > 3 or rng.random() > 0.14:
            continue
        municipality = builder.pc4_municipality.get(student.home_postcode_id)
        options = by_municipality.get(municipality) or by_municipality.get(
            student.school.municipality_id, []
        )
        if not options:
            continue
        for _ in range(rng.choice([1, 1, 2])):
            placement, period = rng.choice(options)
            if student.level not in placement.levels:
                continue
            if student.age_on(max(period.starts_on, today)) < placement.min_age:
                continue
            status = rng.choice(statuses)
            plan.add(
                student_id=student.pk,
                placement_id=placement.pk,
                period_id=period.pk,
                motivation=motivation_for(placement.sector_id, rng.randrange(2)),
                status=status,
                submitted_at=now
                - datetime.timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 23)),
                decider=getattr(contacts.get(placement.provider_id), "pk", None),
                approver=coordinators.get(student.school_id),
                reason=rng.choice(
                    DECLINE_REASONS if status == Status.DECLINED else WITHDRAW_REASONS
                ),
            )
    if context.fixed:
        _fixed_accounts(builder, rng, context, plan, placements, periods, by_municipality, now)
    insert_rows(Application, COLUMNS, [planned.row for planned in plan.rows])
    if connection.vendor == "postgresql":
        # Bulk-loaded tables have no statistics yet; without them the planner picks nested
        # scans for the search's subqueries (seconds instead of milliseconds).
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE placements_placement, placements_placementperiod, applications_application"
            )


def _fixed_accounts(builder, rng, context, plan, placements, periods, by_municipality, now):
    """leerling@ has an approved match (its current internship), one accepted that waits for
    mentor@'s approval and one waiting for a provider; stagebieder@ has reactions to answer
    and a stale placement to renew; the school works with stagebieder@'s organisation."""
    student = Student.objects.select_related("user", "school").get(
        user__email=FIXED_ACCOUNTS["student"]
    )
    contact = User.objects.get(email=FIXED_ACCOUNTS["provider_contact"])
    provider_id = cast(
        int, Membership.objects.get(user=contact, role=Role.PROVIDER_CONTACT).provider_id
    )
    internship = Internship.objects.filter(student=student, provider_id=provider_id).first()
    # Nothing planned so far for the fixed student: its rows are made here, consistently. What
    # the dropped rows held is released too, or their open reactions could use up the limit.
    for planned in plan.rows:
        if planned.student_id == student.pk and planned.status in (
            Status.ACCEPTED,
            Status.APPROVED,
        ):
            plan.claimed[planned.period_id] -= 1
    plan.rows = [p for p in plan.rows if p.student_id != student.pk]
    plan.open[student.pk] = 0
    plan.active = {(s, p) for s, p in plan.active if s != student.pk}
    today = builder.today
    own = [p for p in placements.values() if p.provider_id == provider_id]
    pc4 = student.home_postcode_id or builder.pc4s[student.school.municipality_id][0]
    lat, lon = centroids()[pc4]
    current = Placement.objects.create(
        provider_id=provider_id,
        title="Vrijwilliger op de woensdagmiddag",
        tasks="Je helpt bij de activiteiten op woensdagmiddag, samen met een vaste begeleider.",
        sector_id=own[0].sector_id if own else "zorg",
        address="Dorpsstraat 1",
        postcode_id=pc4,
        lat=lat,
        lon=lon,
        min_age=12,
        guidance="Je begeleider is er elke keer bij.",
        contact=contact,
        status=Placement.Status.PUBLISHED,
        published_at=now - datetime.timedelta(days=60),
        confirmed_at=now - datetime.timedelta(days=60),
    )
    ongoing = PlacementPeriod.objects.create(
        placement=current,
        starts_on=today - datetime.timedelta(days=40),
        ends_on=today + datetime.timedelta(days=40),
        hours=30,
        capacity=4,
        schedule="woensdagmiddag 14.00-17.00",
    )
    upcoming = PlacementPeriod.objects.create(
        placement=current,
        starts_on=today + datetime.timedelta(days=21),
        ends_on=today + datetime.timedelta(days=80),
        hours=20,
        capacity=3,
        schedule="woensdagmiddag 14.00-17.00",
    )
    plan.capacity.update({ongoing.pk: ongoing.capacity, upcoming.pk: upcoming.capacity})
    published = [p for p in own if p.status == Placement.Status.PUBLISHED]
    Placement.objects.filter(pk__in=[p.pk for p in published[:1]]).update(
        confirmed_at=now - datetime.timedelta(days=420), renewal_requested_at=None
    )
    plan.add(
        student_id=student.pk,
        placement_id=current.pk,
        period_id=ongoing.pk,
        motivation="Ik help graag en woensdagmiddag ben ik vrij.",
        status=Status.APPROVED,
        submitted_at=now - datetime.timedelta(days=50),
        decider=contact.pk,
        approver=student.mentor_id,
        internship_id=internship.pk if internship else None,
    )
    nearby = [
        (pl, pe)
        for pl, pe in by_municipality.get(student.school.municipality_id, [])
        if pl.provider_id != provider_id
        and student.level in pl.levels
        and student.age_on(max(pe.starts_on, today)) >= pl.min_age
    ]
    free = [(pl, pe) for pl, pe in nearby if plan.free(pe.pk)]
    chosen = [(*free[0], Status.ACCEPTED)] if free else []
    taken = {pl.pk for pl, _pe, _status in chosen}
    chosen += [(pl, pe, Status.SUBMITTED) for pl, pe in nearby if pl.pk not in taken][:1]
    for placement, period, status in chosen:
        plan.add(
            student_id=student.pk,
            placement_id=placement.pk,
            period_id=period.pk,
            motivation="Dit lijkt me echt leuk om te doen!",
            status=status,
            submitted_at=now - datetime.timedelta(days=6 if status == Status.ACCEPTED else 2),
            decider=getattr(context.contacts.get(placement.provider_id), "pk", None),
        )
    # Classmates reacted to stagebieder@'s upcoming period: first names only until approved.
    classmates = [
        s
        for s in context.students
        if s.school_id == student.school_id and s.pk != student.pk and s.year in (2, 3)
    ][:4]
    for k, classmate in enumerate(classmates):
        plan.add(
            student_id=classmate.pk,
            placement_id=current.pk,
            period_id=upcoming.pk,
            motivation=motivation_for(current.sector_id, k),
            status=Status.SUBMITTED,
            submitted_at=now - datetime.timedelta(days=4 - k, hours=k),
        )
    SchoolLink.objects.get_or_create(
        school=student.school, provider_id=provider_id, school_year=builder.school_year
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=contact,
                kind="application_received",
                title=f"Nieuwe reactie op “{current.title}”",
                url=f"/reacties/?placement={current.pk}",
            ),
            Notification(
                recipient_id=cast(int, student.mentor_id),
                kind="application_accepted",
                title="Een leerling wacht op je goedkeuring",
                url="/reacties/?status=accepted",
            ),
        ]
    )
