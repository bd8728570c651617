"""Demo data for the routes into an internship beyond the vacancy bank (issue 15), played
through the services, in the pilot with the README's accounts: a student who asked the broker
for help and has a proposal to answer, another still waiting for one; students on the waiting
list of a full period; the broker's stage market with organisations standing there and
students signed up, and a school's return day; the school's profile filled in and the README
mentor given two single students of another class; an organisation that signed up itself, was
approved by the README broker and whose first placement now waits for that broker's review."""

from __future__ import annotations

import contextlib
import datetime
import random

from django.db.models import F
from django.utils import timezone

from stageplein.accounts.links import issue_link
from stageplein.accounts.models import Role, User
from stageplein.applications.models import ACTIVE, Application
from stageplein.applications.refusals import Refused
from stageplein.applications.services.waiting_list import waiting_list_join
from stageplein.demo.accounts import FIXED_ACCOUNTS
from stageplein.demo.context import PilotContext
from stageplein.events import services as events
from stageplein.events.models import Kind
from stageplein.geo.models import PostcodeArea
from stageplein.mediation import services as mediation
from stageplein.mediation.models import AskedBy
from stageplein.mediation.selectors import proposable_periods
from stageplein.organisations import services as organisations
from stageplein.organisations.models import Broker, Provider, School, Sector
from stageplein.placements.capacity import claimed_in_period
from stageplein.placements.models import Placement, PlacementPeriod
from stageplein.placements.services import PeriodChange, placement_publish, placement_save
from stageplein.students import services as staff
from stageplein.students.models import Student

WAITING = 2


def build(builder, rng: random.Random, context: PilotContext) -> None:
    if not context.fixed or not context.brokers:
        return
    desk = context.brokers[0]
    play(
        rng,
        schools=context.schools,
        broker=desk.broker,
        broker_user=desk.user,
        providers=context.providers.all,
        contacts=context.providers.contacts,
    )


def _without_place(schools: list[School]) -> list[Student]:
    busy = Application.objects.filter(status__in=ACTIVE).values("student_id")
    return list(
        Student.objects.filter(school__in=schools, left_on__isnull=True, internships__isnull=True)
        .exclude(pk__in=busy)
        .select_related("user", "school")
        .order_by("pk")[:40]
    )


def play(
    rng: random.Random,
    *,
    schools: list[School],
    broker: Broker,
    broker_user: User,
    providers: list[Provider],
    contacts: dict[int, User],
) -> None:
    _school_staff(schools)
    students = _without_place(schools)
    _mediation(students[:2], broker_user)
    _waiting_list(students[2:], schools)
    _events(rng, schools, broker, broker_user, providers, contacts, students[:10])
    _first_placement_waiting(broker, broker_user)


def _first_placement_waiting(broker: Broker, broker_user: User) -> None:
    """An organisation of the broker's area signs up and confirms its address (the link the
    mail would carry), the broker approves it, and its contact publishes a first placement:
    it waits in the broker's review list (*Te beoordelen organisaties*)."""
    postcode = (
        PostcodeArea.objects.filter(municipality__in=broker.municipalities.all())
        .order_by("pk")
        .first()
    )
    if postcode is None:
        return
    try:
        signup = organisations.provider_signup(
            name="Stichting Buurtmoestuin De Ontmoeting",
            kind="foundation",
            sector=Sector.objects.get(pk="natuur"),
            postcode=postcode,
            address="Tuinpad 2",
            description="Een moestuin waar buurtbewoners samen groente kweken.",
            contact_name="Bram Groen",
            contact_email="buurtmoestuin@stageplein.test",
            motivation=(
                "Leerlingen zaaien, wieden en oogsten samen met buurtbewoners. Een vaste "
                "vrijwilliger met een VOG begeleidt hen."
            ),
        )
    except organisations.OrganisationError:
        return  # already there (a region loaded twice)
    raw = issue_link(
        organisations.SIGNUP_CONFIRM,
        payload={"signup": signup.pk},
        max_age=datetime.timedelta(days=organisations.SIGNUP_CONFIRM_DAYS),
    )
    organisations.provider_signup_confirm(raw=raw)
    organisations.provider_review(provider=signup.provider, by=broker_user, approve=True)
    contact = User.objects.get(email=signup.contact_email)
    start = timezone.localdate() + datetime.timedelta(weeks=3)
    draft = Placement(
        provider=signup.provider,
        title="Meehelpen in de buurtmoestuin",
        tasks="Zaaien, wieden en oogsten, en de oogst uitdelen aan de buurt.",
        sector_id="natuur",
        address=signup.address,
        postcode=postcode,
        min_age=12,
        guidance="Een vaste vrijwilliger werkt met je mee en legt alles uit.",
        may_not_do="Werken met de motorfrees.",
        contact=contact,
        status=Placement.Status.DRAFT,
    )
    period = PlacementPeriod(
        starts_on=start,
        ends_on=start + datetime.timedelta(weeks=8),
        hours=20,
        capacity=3,
        schedule="woensdagmiddag 14.00-17.00",
    )
    saved = placement_save(placement=draft, periods=[PeriodChange(period)], by=contact)
    placement_publish(placement=saved, by=contact)


def _school_staff(schools: list[School]) -> None:
    """The first school's profile (its coordinator is the providers' contact) and two students
    of another class who have the README mentor as their mentor."""
    if not schools:
        return
    school = schools[0]
    coordinator = User.objects.filter(
        memberships__school=school, memberships__role=Role.COORDINATOR
    ).first()
    if coordinator is None:
        return
    staff.school_profile_save(
        school=school,
        by=coordinator,
        contact_name=coordinator.get_full_name(),
        contact_phone="0575 512 300",
        contact_email=coordinator.email or "",
        own_placements_allowed=school.own_placements_allowed,
        own_placement_min_hours=school.own_placement_min_hours,
        requires_parent_signature_until_age=school.requires_parent_signature_until_age,
    )
    mentor = User.objects.filter(
        email=FIXED_ACCOUNTS["mentor"], memberships__school=school, memberships__role=Role.MENTOR
    ).first()
    if mentor is None:
        return
    others = list(
        Student.objects.filter(school=school, left_on__isnull=True)
        .exclude(mentor=mentor)
        .exclude(class_name__in=mentor.mentees.values("class_name"))
        .order_by("class_name", "pk")[:2]
    )
    staff.mentor_assign_students(school=school, students=others, mentor=mentor, by=coordinator)


def _mediation(students: list[Student], broker_user: User) -> None:
    for k, student in enumerate(students):
        try:
            req = mediation.mediation_ask(
                student=student,
                by=student.user,
                side=AskedBy.STUDENT,
                wishes="Iets met dieren of buiten, het liefst op woensdagmiddag.",
            )
            periods = proposable_periods(student)
            if k == 0 and periods:
                mediation.mediation_propose(
                    request=req,
                    by=broker_user,
                    period=periods[0],
                    note="Dichtbij je school en op de middag dat je vrij bent.",
                )
        except (mediation.MediationError, Refused):
            continue


def _waiting_list(students: list[Student], schools: list[School]) -> None:
    regions = {s.region_id for s in schools}
    full = (
        PlacementPeriod.objects.filter(
            placement__in=Placement.objects.findable().filter(provider__region_id__in=regions),
            ends_on__gte=timezone.localdate(),
        )
        .annotate(claimed=claimed_in_period())
        .filter(claimed__gte=F("capacity"))
        .order_by("starts_on", "pk")
        .first()
    )
    if full is None:
        return
    joined = 0
    for student in students:
        if joined >= WAITING:
            break
        try:
            waiting_list_join(
                student=student, period=full, motivation="Ik wacht graag op een plek hier."
            )
            joined += 1
        except Refused:
            continue


def _events(
    rng: random.Random,
    schools: list[School],
    broker: Broker,
    broker_user: User,
    providers: list[Provider],
    contacts: dict[int, User],
    students: list[Student],
) -> None:
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=21)
    try:
        market = events.event_create(
            by=broker_user,
            broker=broker,
            kind=Kind.STAGE_MARKET,
            title="Stagemarkt",
            description="Leerlingen maken kennis met organisaties uit de buurt.",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            place="Sporthal, centrum",
            capacity=400,
            for_students=True,
            for_providers=True,
            for_staff=True,
        )
    except events.EventError:
        return
    for provider in rng.sample(providers, min(6, len(providers))):
        contact = contacts.get(provider.pk)
        if contact is not None:
            try:
                events.event_sign_up(event=market, user=contact, provider=provider)
            except events.EventError:
                continue
    for student in students:
        try:
            events.event_sign_up(event=market, user=student.user)
        except events.EventError:
            continue
    if schools:
        school = schools[0]
        coordinator = User.objects.filter(
            memberships__school=school, memberships__role=Role.COORDINATOR
        ).first()
        if coordinator is not None:
            day = start + datetime.timedelta(days=35)
            with contextlib.suppress(events.EventError):
                events.event_create(
                    by=coordinator,
                    school=school,
                    kind=Kind.RETURN_DAY,
                    title="Terugkomdag maatschappelijke stage",
                    description="Vertel je klas wat je hebt gedaan en geleerd.",
                    starts_at=day,
                    ends_at=day + datetime.timedelta(hours=2),
                    place="Aula",
                    capacity=None,
                    for_students=True,
                    for_providers=False,
                    for_staff=True,
                )


__all__ = ["build", "play"]
