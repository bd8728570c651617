"""The README's accounts meet one of everything, made through the services like the rest of
the story: leerling@ has a running internship (hours confirmed and one waiting, sessions
planned, a logbook, a reflection for mentor@) and a new one whose contract waits for the
student, ouder@ and stagebieder@; a reaction accepted and waiting for mentor@'s approval and
one waiting for a provider; classmates reacted to stagebieder@'s next period; the class does
a group activity at school."""

from __future__ import annotations

import datetime
import random
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from stageplein.accounts.models import Membership, Role, User
from stageplein.applications.models import Application, Status
from stageplein.applications.services import (
    Refused,
    application_accept,
    application_approve,
    application_submit,
)
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.demo.clock import at, moment
from stageplein.demo.context import PilotContext
from stageplein.demo.story.lives import GOALS, _sign
from stageplein.demo.story.wishes import open_periods, react_once
from stageplein.demo.words import OFFERS, TASKS, motivation_for
from stageplein.internships.models import HourEntry, Party, Report, Signature
from stageplein.internships.services import (
    contract_sign,
    group_activity_create,
    group_contracts_sign,
    hour_entry_submit,
    hour_entry_verify,
    learning_goals_set,
    logbook_write,
    report_submit,
    school_as_provider,
    session_plan,
)
from stageplein.placements.models import Placement, PlacementPeriod, SchoolLink
from stageplein.placements.services import (
    PeriodChange,
    lead_weeks,
    placement_publish,
    placement_save,
    school_link_create,
)
from stageplein.students.models import Student

if TYPE_CHECKING:
    from stageplein.demo.builder import DemoBuilder

DAY = datetime.timedelta(days=1)


def act(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    if not context.fixed:
        return
    student = Student.objects.select_related("user", "school", "mentor").get(
        user__email=FIXED_ACCOUNTS["student"]
    )
    mentor = student.mentor
    assert mentor is not None
    contact = User.objects.get(email=FIXED_ACCOUNTS["provider_contact"])
    supervisor = User.objects.get(email=FIXED_ACCOUNTS["supervisor"])
    provider = (
        Membership.objects.select_related("provider")
        .get(user=contact, role=Role.PROVIDER_CONTACT)
        .provider
    )
    assert provider is not None
    today = b.today
    lead = lead_weeks(provider) * 7 * DAY
    location = provider.locations.order_by("pk").first()
    # What the provider offers next, in its season (no avondvierdaagse in winter).
    offers = OFFERS.get(provider.sector_id) or OFFERS["buurt"]
    offer = next((o for o in reversed(offers) if o.fits(today + 28 * DAY)), OFFERS["zorg"][0])

    def placement(title: str, tasks: str, published: datetime.date, periods) -> Placement:
        draft = Placement(
            provider=provider,
            title=title,
            tasks=tasks,
            sector_id=provider.sector_id,
            address=location.address if location else "Dorpsstraat 1",
            postcode_id=location.postcode_id if location else (student.home_postcode_id or ""),
            min_age=12,
            guidance="Je begeleider is er elke keer bij.",
            contact=supervisor,
            status=Placement.Status.DRAFT,
        )
        with at(moment(published, 10)):
            saved = placement_save(
                placement=draft, periods=[PeriodChange(p) for p in periods], by=contact
            )
            return placement_publish(placement=saved, by=contact)

    ongoing = PlacementPeriod(
        starts_on=today - 40 * DAY,
        ends_on=today + 40 * DAY,
        hours=30,
        capacity=4,
        schedule="woensdagmiddag 14.00-17.00",
    )
    upcoming = PlacementPeriod(
        starts_on=today + 21 * DAY,
        ends_on=today + 80 * DAY,
        hours=20,
        capacity=3,
        schedule="woensdagmiddag 14.00-17.00",
    )
    wednesday = placement(
        "Vrijwilliger op de woensdagmiddag",
        "Je helpt bij de activiteiten op woensdagmiddag, samen met een vaste begeleider.",
        ongoing.starts_on - lead - 7 * DAY,
        [ongoing, upcoming],
    )
    running = _internship(rng, student, wednesday, ongoing, contact, mentor, sign=True)
    _running_life(b, rng, student, running, supervisor)

    # Next: a second placement of the same provider; the school has signed, the rest not yet.
    later = PlacementPeriod(
        starts_on=today + 28 * DAY, ends_on=today + 60 * DAY, hours=12, capacity=2, schedule=""
    )
    extra = placement(offer.title, offer.tasks, today - 30 * DAY - lead, [later])
    waiting = _internship(rng, student, extra, later, contact, mentor, sign=False)
    with at(moment(today - 15 * DAY, 10, 5)):
        contract_sign(
            contract=waiting.contracts.get(superseded_at__isnull=True),
            party=Party.SCHOOL,
            user=mentor,
            name=mentor.get_full_name(),
            method=Signature.Method.PLATFORM,
        )

    # Elsewhere: one reaction accepted (mentor@ approves next), one still waiting.
    near = [
        (listing, period)
        for options in open_periods(b, context).values()
        for listing, period in options
        if listing.placement.provider_id != provider.pk
        and student.level in listing.placement.levels
        and student.age_on(max(period.starts_on, today)) >= listing.offer.min_age
    ]
    wanted = [Status.ACCEPTED, Status.SUBMITTED]
    for k, (listing, period) in enumerate(near):
        if not wanted:
            break
        when = moment(today - (6 if wanted[0] == Status.ACCEPTED else 2) * DAY, 16 + k % 4)
        if react_once(b, rng, student, listing, period, when, wanted[0]) == wanted[0]:
            wanted.pop(0)

    # Classmates reacted to the next period: first names only until the school approves.
    classmates = [
        s
        for s in context.students
        if s.school_id == student.school_id and s.pk != student.pk and s.year in (2, 3)
    ]
    reacted = 0
    for k, classmate in enumerate(classmates):
        if reacted == 4:
            break
        with at(moment(today - (4 - reacted) * DAY, 15 + k % 5)):
            try:
                application_submit(
                    student=classmate,
                    period=upcoming,
                    motivation=motivation_for(wednesday.sector_id, k),
                )
                reacted += 1
            except Refused:  # too young, or too many open reactions: ask the next one
                pass
    if not SchoolLink.objects.filter(
        school=student.school, provider=provider, school_year=b.school_year
    ).exists():
        coordinator = Membership.objects.get(role=Role.COORDINATOR, school=student.school).user
        with at(moment(today - 50 * DAY, 9)):
            school_link_create(
                school=student.school,
                provider=provider,
                placement=None,
                school_year=b.school_year,
                by=coordinator,
            )
    _group_activity(b, student, mentor)


def _internship(rng, student, placement, period, contact, mentor, *, sign: bool):
    """React, accept, approve (and sign): the internship of an approved reaction."""
    start = period.starts_on
    with at(moment(start - 14 * DAY, 16)):
        application: Application = application_submit(
            student=student,
            period=period,
            motivation="Ik help graag en woensdagmiddag ben ik vrij."
            if period.schedule.startswith("woensdag")
            else motivation_for(placement.sector_id, 0),
        )
    with at(moment(start - 12 * DAY, 19)):
        application = application_accept(application=application, by=contact)
    with at(moment(start - 10 * DAY, 10)):
        application = application_approve(application=application, by=mentor)
    internship = application.internship
    assert internship is not None
    if sign:
        _sign(internship, student, mentor, contact, start)
    return internship


def _running_life(b, rng, student, internship, supervisor) -> None:
    today = b.today
    tasks = TASKS.get(internship.provider.sector_id) or TASKS["buurt"]
    user = student.user
    for k in range(4):
        day = today - (35 - 9 * k) * DAY
        with at(moment(day, 19)):
            entry, _created = hour_entry_submit(
                internship=internship,
                by=user,
                date=day,
                hours=Decimal(3),
                description=tasks[k % len(tasks)],
                submission_key=uuid.UUID(int=rng.getrandbits(128)),
            )
            logbook_write(
                internship=internship,
                by=user,
                date=day,
                text=f"{tasks[k % len(tasks)]}. Eerst vond ik het spannend, maar het ging goed.",
            )
        if k < 3:  # the last one waits for the supervisor
            with at(moment(day + DAY, 18)):
                hour_entry_verify(entry=entry, by=supervisor, method=HourEntry.Method.LINK)
    with at(moment(today - 2 * DAY, 20)):
        learning_goals_set(internship=internship, by=user, text=GOALS)
        report_submit(
            internship=internship,
            kind=Report.Kind.REFLECTION,
            by=user,
            text=(
                "Ik wilde leren omgaan met mensen die ik niet ken. Dat lukt steeds beter: ik "
                "begin nu zelf een gesprekje. Dit werk vind ik leuker dan ik dacht."
            ),
        )
    with at(moment(today - DAY, 9)):
        for days in (3, 10, 17):
            session_plan(
                internship=internship,
                by=supervisor,
                date=today + days * DAY,
                start_time=datetime.time(14),
                end_time=datetime.time(17),
                place=internship.provider.name,
            )


def _group_activity(b, student, mentor) -> None:
    """A group activity at school for the mentor's class (R-HOURS-5, R-HOURS-6)."""
    classmates = list(
        Student.objects.filter(school=student.school, class_name=student.class_name)
        .exclude(pk=student.pk)
        .select_related("user", "school", "mentor")[:12]
    )
    with at(moment(b.today - 20 * DAY, 11)):
        activity = group_activity_create(
            school=student.school,
            provider=school_as_provider(student.school),
            title="Open dag: rondleidingen geven",
            description="Bezoekers rondleiden en vragen beantwoorden op de open dag.",
            start_date=b.today - 14 * DAY,
            end_date=b.today + 14 * DAY,
            planned_hours=4,
            by=mentor,
            students=classmates,
        )
        group_contracts_sign(
            activity=activity,
            by=mentor,
            name=mentor.get_full_name(),
            parties=[Party.SCHOOL, Party.PROVIDER],
        )
