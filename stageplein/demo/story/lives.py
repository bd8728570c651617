"""The history of a region's internships, lived through the services.

A student reacts to a placement's period, the provider accepts, the school approves (which
starts the internship and its contract), everyone signs, and week after week the student logs
hours that the supervisor confirms; the school completes the internship, student and provider
evaluate it, and the certificate comes by itself when the hours reach the norm. Every call
happens at its moment in the story (``clock.at``), so each rule of the services applies.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from stageplein.accounts.models import User
from stageplein.applications.models import Application
from stageplein.applications.services import (
    Refused,
    application_accept,
    application_approve,
    application_decline,
    application_flag,
    application_submit,
)
from stageplein.demo.clock import at, moment
from stageplein.demo.context import Listing, PilotContext
from stageplein.demo.fixed import fixed_student
from stageplein.demo.words import DECLINE_REASONS, TASKS, motivation_for
from stageplein.internships.models import HourEntry, Internship, Party, Rating, Report, Signature
from stageplein.internships.services import (
    contract_sign,
    hour_entry_submit,
    hour_entry_verify,
    internship_close,
    learning_goals_set,
    provider_assessment_submit,
    report_submit,
    student_evaluation_submit,
)
from stageplein.placements.models import PlacementPeriod
from stageplein.placements.selectors import age_on
from stageplein.placements.services import PeriodChange, lead_weeks, placement_save
from stageplein.students.models import Student

if TYPE_CHECKING:
    from stageplein.demo.builder import DemoBuilder

DAY = datetime.timedelta(days=1)
# The pilots' own average grade from students (R-INT-4: "one pilot: average grade 7.6").
AVERAGE_GRADE = 7.6
SHARE_BY_YEAR = {1: 0.3, 2: 0.6, 3: 0.75}
REFLECTIONS = [
    "Ik vond het eerst spannend, maar de mensen waren heel aardig. Ik heb geleerd om zelf een "
    "gesprek te beginnen.",
    "Het was drukker dan ik dacht. Ik heb geleerd dat je met een groep veel meer voor elkaar "
    "krijgt.",
    "Ik wil hier later weer vrijwilliger worden. Ik heb geleerd geduld te hebben.",
]
GOALS = "Leren omgaan met mensen die ik niet ken.\nOntdekken of dit werk iets voor mij is."
PRAISE = [
    "Altijd op tijd en behulpzaam.",
    "Maakte snel contact met de mensen hier.",
    "Werkte goed samen met de vrijwilligers.",
    "Stelde goede vragen en nam initiatief.",
]
COMMENTS = [
    "Leuke stage, ik heb veel geleerd.",
    "Soms wat saai, maar de mensen waren aardig.",
    "Ik wil hier later weer vrijwilliger worden!",
    "",
    "",
]


@dataclass
class Session:
    day: datetime.date
    hours: int


@dataclass
class Life:
    """One internship to live: who, where, and the sessions it will have."""

    student: Student
    listing: Listing
    sessions: list[Session]
    running: bool  # still going on the demo's date
    start: datetime.date = field(init=False)
    end: datetime.date = field(init=False)

    def __post_init__(self) -> None:
        self.start = self.sessions[0].day
        last = self.sessions[-1].day
        self.end = max(last, self.start) + (28 * DAY if self.running else DAY)


def live(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    lives = plan(b, rng, context)
    # In the order they happened: each placement gets its periods one after the other.
    for life in sorted(lives, key=lambda life: (life.start, life.student.pk)):
        application = _start(b, rng, life)
        if application is not None:
            _carry_out(b, rng, life, application)


def plan(b: DemoBuilder, rng: random.Random, context: PilotContext) -> list[Life]:
    """Which students did an internship, where and when: about as many as the pilots saw per
    year group, spread over their MaS years so far, never in the future."""
    by_provider: dict[int, list[Listing]] = {}
    for listing in context.listings:
        if listing.fate != "stale":
            by_provider.setdefault(listing.placement.provider_id, []).append(listing)
    keep_free = fixed_student(context).pk if context.fixed else None
    lives = []
    for s in context.students:
        if s.pk == keep_free or rng.random() >= SHARE_BY_YEAR.get(s.year, 0.85):
            continue
        norm = b.norms.norm(s.level, s.cohort)
        low, high = {1: (0.1, 0.45), 2: (0.3, 0.9)}.get(s.year, (0.55, 1.15))
        total = max(2, round(norm * rng.uniform(low, high)))
        first_day = datetime.date(s.cohort, 9, 1)
        span = max(14, (b.today - first_day).days - 7)
        start = first_day + rng.randint(0, max(0, span - 60)) * DAY
        providers = context.providers
        home = b.pc4_municipality.get(s.home_postcode_id or "", "")
        nearby = providers.by_municipality.get(home) or (
            providers.by_municipality.get(s.school.municipality_id) or providers.all
        )
        found = _fitting(rng, s, start, [by_provider.get(p.pk, []) for p in nearby])
        if found is None:
            continue
        sessions, left, day = [], total, start
        while left > 0:
            hours = min(left, rng.choice([3, 4, 4, 5, 6]))
            sessions.append(Session(day, hours))
            left -= hours
            day += rng.randint(5, 14) * DAY
        sessions = [x for x in sessions if x.day < b.today] or [Session(b.today - 3 * DAY, 2)]
        running = (b.today - sessions[-1].day).days < 30
        lives.append(Life(s, found, sessions, running))
    return lives


def _fitting(
    rng: random.Random, student: Student, start: datetime.date, choices: list[list[Listing]]
) -> Listing | None:
    for _ in range(4):
        options = rng.choice(choices) if choices else []
        fits = [
            x
            for x in options
            if student.level in x.placement.levels
            and age_on(student.date_of_birth, start) >= x.offer.min_age
            and x.offer.fits(start)
        ]
        if fits:
            return rng.choice(fits)
    return None


def _start(b: DemoBuilder, rng: random.Random, life: Life) -> Application | None:
    """The provider adds a period, the student reacts, the provider accepts, the school
    approves and everyone signs: the approved reaction of an internship with a signed
    contract, or None when a rule stopped it (the provider declines then, as one would)."""
    listing, student = life.listing, life.student
    provider = listing.placement.provider
    added = life.start - lead_weeks(provider) * 7 * DAY - rng.randint(15, 40) * DAY
    period = PlacementPeriod(
        starts_on=life.start,
        ends_on=life.end,
        hours=max(1, min(200, sum(x.hours for x in life.sessions))),
        capacity=listing.offer.group_size or rng.choice([1, 2, 3, 4]),
        schedule="in overleg",
    )
    try:
        with at(moment(added, 11)):
            listing.placement = placement_save(
                placement=listing.placement, periods=[PeriodChange(period)], by=listing.by
            )
        with at(moment(life.start - 14 * DAY, 16)):
            application = application_submit(
                student=student,
                period=period,
                motivation=motivation_for(listing.placement.sector_id, rng.randrange(2)),
            )
    except Refused:
        return None
    mentor = student.mentor
    try:
        with at(moment(life.start - 12 * DAY, 19)):
            application = application_accept(application=application, by=listing.by)
    except Refused:
        with at(moment(life.start - 12 * DAY, 19, 5)):
            application_decline(
                application=application, by=listing.by, reason=rng.choice(DECLINE_REASONS)
            )
        return None
    with at(moment(life.start - 10 * DAY, 10)):
        application = application_approve(application=application, by=mentor)
    internship = application.internship
    assert internship is not None
    _sign(internship, student, mentor, listing.by, life.start)
    return application


def _sign(
    internship: Internship,
    student: Student,
    mentor: User | None,
    provider_person: User,
    start: datetime.date,
) -> None:
    contract = internship.contracts.get(superseded_at__isnull=True)
    guardian = student.guardianships.select_related("guardian").first()
    signers: list[tuple[str, User | None, str, datetime.datetime]] = [
        (Party.SCHOOL, mentor, Signature.Method.PLATFORM, moment(start - 10 * DAY, 10, 5)),
        (Party.STUDENT, student.user, Signature.Method.PLATFORM, moment(start - 10 * DAY, 17)),
        (
            Party.PARENT,
            guardian.guardian if guardian else None,
            Signature.Method.LINK,
            moment(start - 9 * DAY, 20),
        ),
        (Party.PROVIDER, provider_person, Signature.Method.LINK, moment(start - 8 * DAY, 9)),
    ]
    for party, user, method, when in signers:
        if user is None or party not in contract.required_parties:
            continue
        with at(when):
            contract_sign(
                contract=contract, party=party, user=user, name=user.get_full_name(), method=method
            )


def _carry_out(b: DemoBuilder, rng: random.Random, life: Life, application: Application) -> None:
    internship = application.internship
    assert internship is not None
    student, supervisor = life.student, life.listing.by
    tasks = TASKS.get(life.listing.placement.sector_id) or TASKS["buurt"]
    last = len(life.sessions) - 1
    for k, session in enumerate(life.sessions):
        with at(moment(session.day, 19)):
            entry, _created = hour_entry_submit(
                internship=internship,
                by=student.user,
                date=session.day,
                hours=Decimal(session.hours),
                description=rng.choice(tasks),
                submission_key=uuid.UUID(int=rng.getrandbits(128)),
            )
        verify_on = session.day + DAY
        waiting = life.running and k == last and rng.random() < 0.5
        if waiting or verify_on >= b.today:
            continue
        with at(moment(verify_on, 18)):
            hour_entry_verify(entry=entry, by=supervisor, method=HourEntry.Method.LINK)
        b.stats.hour_entries += 1
    b.stats.internships += 1
    if life.running:
        _reflect(b, rng, life, application)
        return
    with at(moment(life.end + DAY, 10)):
        internship_close(
            internship=internship,
            by=student.mentor or supervisor,
            status=Internship.Status.COMPLETED,
        )
    _evaluate(rng, life, internship)


def _reflect(b: DemoBuilder, rng: random.Random, life: Life, application: Application) -> None:
    """Some students of a running internship have handed in their reflection already; the
    mentor has still to read it. One match in thirty is not going well (R-MATCH-5)."""
    user, internship = life.student.user, application.internship
    assert internship is not None
    if rng.random() < 0.4:
        with at(moment(b.today - rng.randint(1, 10) * DAY, 20)):
            learning_goals_set(internship=internship, by=user, text=GOALS)
            report_submit(
                internship=internship,
                kind=Report.Kind.REFLECTION,
                by=user,
                text=rng.choice(REFLECTIONS),
            )
    if rng.random() < 0.03:
        with at(moment(b.today - 3 * DAY, 12)):
            application_flag(
                application=application,
                by=life.listing.by,
                reason="Komt vaak te laat en belt niet af.",
            )


def _evaluate(rng: random.Random, life: Life, internship: Internship) -> None:
    """Most completed internships were graded by the student and assessed by the provider."""
    with at(moment(life.end + 2 * DAY, 16)):
        if rng.random() < 0.7:
            grade = max(3, min(10, round(rng.gauss(AVERAGE_GRADE, 1.1))))
            student_evaluation_submit(
                internship=internship,
                by=life.student.user,
                grade=grade,
                comments=rng.choice(COMMENTS),
            )
        if rng.random() < 0.6:
            ratings = [Rating.GOOD, Rating.SUFFICIENT, Rating.POOR]
            provider_assessment_submit(
                internship=internship,
                by=life.listing.by,
                attendance=rng.choices(ratings, [70, 25, 5])[0],
                effort=rng.choices(ratings, [60, 30, 10])[0],
                went_well=rng.choice(PRAISE),
            )
