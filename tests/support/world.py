"""A small, fully known world for tests: two schools, two providers, one of each role, and one
object of each kind the role × URL matrix requests.

Plain functions instead of a factory library: the world is small and every test can read what
it holds. Two of everything lets tests check that one school or organisation never sees the
other's people. Every object is a typed attribute (``world.placement``, ``world.contract``),
built in the order ``build_world`` spells out: later steps use earlier objects (reactions need
placements, the matching run needs a period).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from stageplein.accounts.links import issue_link
from stageplein.accounts.models import Membership, Role, User
from stageplein.applications.models import Application, Status
from stageplein.core.schoolyear import current_school_year
from stageplein.documents.models import Document, DocumentVersion
from stageplein.exports.models import Export
from stageplein.geo.models import Municipality, Region
from stageplein.imports.models import StudentImport
from stageplein.imports.sample import magister_rows, to_csv
from stageplein.internships.models import (
    Certificate,
    Concern,
    Contract,
    GroupActivity,
    GroupSession,
    HourEntry,
    Internship,
    LogbookEntry,
    Party,
    PlannedSession,
    Report,
)
from stageplein.internships.services import CONTRACT_SIGN, HOURS_VERIFY
from stageplein.mailings.models import Mailing, MailingRecipient
from stageplein.matching.models import DEFAULT_WEIGHTS, Proposal, Run
from stageplein.organisations.models import (
    Broker,
    Provider,
    ProviderLocation,
    School,
    SchoolLocation,
    Sector,
)
from stageplein.placements import default_rules
from stageplein.placements.models import Placement, PlacementPeriod, SchoolLink, TaskRule
from stageplein.planning.models import InternshipWindow
from stageplein.students.models import Guardianship, Student, YearlyTarget
from tests.support.documents import PDF as DOCUMENT_PDF
from tests.support.documents import WORLD_FILE
from tests.support.internships import PDF, PNG, sign_contract, stored
from tests.support.people import log_hours, make_student, make_user
from tests.support.placements import make_period, make_placement
from tests.support.planning import make_window

ROLES = (
    "student",
    "parent",
    "coordinator",
    "mentor",
    "provider_contact",
    "supervisor",
    "broker",
    "municipality",
    "national",
    "admin",
    "other_coordinator",
    "other_provider_contact",
)


@dataclass
class World:
    region: Region
    other_region: Region
    municipality: Municipality
    school: School
    other_school: School
    provider: Provider
    other_provider: Provider
    broker: Broker
    student: Student
    classmate: Student
    other_student: Student
    internship: Internship
    users: dict[str, User] = field(default_factory=dict)

    # The vacancy bank: two placements of the world's provider (the student reacted to both),
    # a draft, and one of the other region's provider.
    placement: Placement = field(init=False)
    period: PlacementPeriod = field(init=False)
    placement2: Placement = field(init=False)
    period2: PlacementPeriod = field(init=False)
    draft_placement: Placement = field(init=False)
    draft_period: PlacementPeriod = field(init=False)
    other_placement: Placement = field(init=False)
    other_period: PlacementPeriod = field(init=False)
    task_rule: TaskRule = field(init=False)
    school_link: SchoolLink = field(init=False)
    # The student's reactions: one waiting for the provider, one accepted (waits for the school).
    application: Application = field(init=False)
    accepted_application: Application = field(init=False)
    # A proposed matching run for the classmate.
    run: Run = field(init=False)
    proposal: Proposal = field(init=False)
    # The region's draaiboek for everyone, and a school-only contract template.
    document_region: Document = field(init=False)
    version_region: DocumentVersion = field(init=False)
    document_school: Document = field(init=False)
    version_school: DocumentVersion = field(init=False)
    student_import: StudentImport = field(init=False)
    # The internship's contract (signed by every party) and one object of each kind.
    contract: Contract = field(init=False)
    waiting_entry: HourEntry = field(init=False)
    verified_entry: HourEntry = field(init=False)
    contract_link: str = field(init=False)
    hours_link: str = field(init=False)
    session: PlannedSession = field(init=False)
    logbook_entry: LogbookEntry = field(init=False)
    report: Report = field(init=False)
    concern: Concern = field(init=False)
    certificate: Certificate = field(init=False)
    # Made only by the rows that need a group (tests.support.internships.group_of): other tests
    # keep a world whose students have one internship each.
    group: GroupActivity | None = None
    group_session: GroupSession | None = None
    mailing: Mailing = field(init=False)
    mailing_draft: Mailing = field(init=False)
    window: InternshipWindow = field(init=False)
    other_window: InternshipWindow = field(init=False)
    school_target: YearlyTarget = field(init=False)
    broker_target: YearlyTarget = field(init=False)
    export: Export = field(init=False)

    ROLES = ROLES


def build_world() -> World:
    world = _people_and_organisations()
    _add_vacancies(world)
    _add_reactions(world)  # to the vacancies
    _add_matching_run(world)  # proposes the first vacancy's period
    _add_documents(world)
    _add_student_import(world)
    _add_internship_records(world)
    _add_mailings(world)
    _add_calendar(world)
    _add_export(world)
    return world


def _people_and_organisations() -> World:
    zutphen = Municipality.objects.get(name="Zutphen")
    lochem = Municipality.objects.get(name="Lochem")
    utrecht = Municipality.objects.get(name="Utrecht")
    region = Region.objects.create(name="Zutphen e.o.", slug="zutphen")
    region.municipalities.set([zutphen, lochem])
    other_region = Region.objects.create(name="Utrecht stad", slug="utrecht")
    other_region.municipalities.set([utrecht])

    school = School.objects.create(
        brin="10AA",
        name="Baudartius College",
        region=region,
        municipality=zutphen,
        levels=["vmbo", "havo", "vwo"],
    )
    SchoolLocation.objects.create(
        school=school,
        code="10AA00",
        name="Baudartius",
        address="Isendoornstraat 1",
        postcode_id="7201",
        levels=school.levels,
    )
    other_school = School.objects.create(
        brin="20BB",
        name="Utrechts Lyceum",
        region=other_region,
        municipality=utrecht,
        levels=["havo", "vwo"],
    )
    zorg = Sector.objects.get(code="zorg")
    provider = Provider.objects.create(
        name="Zorgcentrum De Linde",
        sector=zorg,
        region=region,
        municipality=zutphen,
        phone="0575123456",
        email="info@delinde.test",
    )
    ProviderLocation.objects.create(
        provider=provider, name="De Linde", address="Lindelaan 4", postcode_id="7202"
    )
    other_provider = Provider.objects.create(
        name="Voetbalclub Utrecht",
        sector=Sector.objects.get(code="sport"),
        region=other_region,
        municipality=utrecht,
    )
    broker = Broker.objects.create(name="Vrijwilligerscentrale Zutphen", region=region)
    broker.municipalities.set([zutphen])

    u = {
        "coordinator": make_user("coordinator@school.test", "Carla", "Coördinator"),
        "mentor": make_user("mentor@school.test", "Mehmet", "Mentor"),
        "provider_contact": make_user("contact@delinde.test", "Petra", "Bieder"),
        "supervisor": make_user("begeleider@delinde.test", "Bas", "Begeleider"),
        "broker": make_user("makelaar@vc.test", "Mieke", "Makelaar"),
        "municipality": make_user("ambtenaar@zutphen.test", "Gerrit", "Gemeente"),
        "national": make_user("landelijk@ocw.test", "Nora", "Nationaal"),
        "admin": make_user("admin@stageplein.test", "Ad", "Min", is_staff=True, is_superuser=True),
        "other_coordinator": make_user("coordinator@lyceum.test", "Otto", "Ander"),
        "other_provider_contact": make_user("contact@voetbal.test", "Vera", "Voetbal"),
        "parent": make_user("ouder@thuis.test", "Olga", "de Vries"),
    }
    Membership.objects.bulk_create(
        [
            Membership(user=u["coordinator"], role=Role.COORDINATOR, school=school),
            Membership(user=u["mentor"], role=Role.MENTOR, school=school),
            Membership(user=u["provider_contact"], role=Role.PROVIDER_CONTACT, provider=provider),
            Membership(user=u["supervisor"], role=Role.SUPERVISOR, provider=provider),
            Membership(user=u["broker"], role=Role.BROKER, broker=broker),
            Membership(user=u["municipality"], role=Role.MUNICIPALITY, municipality=zutphen),
            Membership(user=u["national"], role=Role.NATIONAL),
            Membership(user=u["other_coordinator"], role=Role.COORDINATOR, school=other_school),
            Membership(
                user=u["other_provider_contact"],
                role=Role.PROVIDER_CONTACT,
                provider=other_provider,
            ),
        ]
    )
    student = make_student(school, "1001", first_name="Sam", mentor=u["mentor"])
    classmate = make_student(school, "1002", first_name="Lotte", last_name="Jansen", mentor=None)
    other_student = make_student(
        other_school, "2001", first_name="Daan", last_name="Bakker", pc4="3511", class_name="2V1"
    )
    u["student"] = student.user
    Guardianship.objects.create(student=student, guardian=u["parent"])
    internship = Internship.objects.create(
        student=student,
        provider=provider,
        title="Activiteiten met bewoners",
        start_date=timezone.localdate() - datetime.timedelta(days=30),
        end_date=timezone.localdate() + datetime.timedelta(days=30),
        planned_hours=20,
        status=Internship.Status.ACTIVE,
        supervisor=u["supervisor"],
    )
    log_hours(internship, "3", by=u["supervisor"])
    log_hours(internship, "2.5", by=u["supervisor"])
    log_hours(internship, "4", verified=False)
    return World(
        region=region,
        other_region=other_region,
        municipality=zutphen,
        school=school,
        other_school=other_school,
        provider=provider,
        other_provider=other_provider,
        broker=broker,
        student=student,
        classmate=classmate,
        other_student=other_student,
        internship=internship,
        users=u,
    )


def _add_vacancies(world: World) -> None:
    # The national rules come from a data migration; a flushed (transactional) database lost them.
    default_rules.load()
    contact = world.users["provider_contact"]
    world.placement = make_placement(
        world.provider, title="Activiteitenmiddag met bewoners", pc4="7202", contact=contact
    )
    world.period = make_period(world.placement)
    world.placement2 = make_placement(world.provider, title="Wandelen in de tuin", pc4="7202")
    world.period2 = make_period(world.placement2, capacity=2)
    world.draft_placement = make_placement(
        world.provider, title="Voorlezen (concept)", pc4="7202", status="draft"
    )
    world.draft_period = make_period(world.draft_placement)
    world.other_placement = make_placement(
        world.other_provider, title="Training jeugdteam", pc4="3511"
    )
    world.other_period = make_period(world.other_placement)
    world.task_rule = TaskRule.objects.create(
        sector_id="sport",
        region=world.region,
        kind=TaskRule.Kind.MAY_NOT,
        text="Niet alleen met een jeugdteam",
    )
    world.school_link = SchoolLink.objects.create(
        school=world.school, provider=world.provider, school_year=current_school_year()
    )


def _add_reactions(world: World) -> None:
    now = timezone.now()
    # The world's student waits for the provider at the first placement...
    world.application = Application.objects.create(
        student=world.student,
        placement=world.placement,
        period=world.period,
        motivation="Ik help graag ouderen, mijn oma woont ook in een verzorgingshuis.",
        submitted_at=now,
    )
    # ...and was accepted at the second, so the school can approve (or a flag be raised).
    world.accepted_application = Application.objects.create(
        student=world.student,
        placement=world.placement2,
        period=world.period2,
        motivation="Ik ben graag buiten.",
        status=Status.ACCEPTED,
        submitted_at=now,
        accepted_at=now,
        decided_at=now,
        decided_by=world.users["provider_contact"],
    )


def _add_matching_run(world: World) -> None:
    placement, period = world.placement, world.period
    world.run = Run.objects.create(
        broker=world.broker,
        created_by=world.users["broker"],
        weights=dict(DEFAULT_WEIGHTS),
        student_ids=[world.classmate.pk],
        status=Run.Status.PROPOSED,
        n_students=1,
        n_proposed=1,
    )
    candidate = {
        "period": period.pk,
        "placement": placement.pk,
        "cost": 16,
        "step": 0,
        "interest": 0,
        "sector": placement.sector_id,
        "km": 2.1,
        "linked": True,
        "hobby": "",
    }
    world.proposal = Proposal.objects.create(
        run=world.run,
        student=world.classmate,
        period=period,
        placement=placement,
        engine_period=period,
        cost=16,
        candidates=[candidate],
        context={"level": "havo", "origin": "home", "max_km": 15, "window": {"kind": "none"}},
    )


def _add_documents(world: World) -> None:
    stored(WORLD_FILE, DOCUMENT_PDF)

    def version(document: Document) -> DocumentVersion:
        return DocumentVersion.objects.create(
            document=document,
            number=1,
            file=WORLD_FILE,
            original_name="draaiboek.pdf",
            content_type="application/pdf",
            size=len(DOCUMENT_PDF),
        )

    world.document_region = Document.objects.create(
        region=world.region,
        title="Draaiboek maatschappelijke stage",
        category=Document.Category.AGREEMENT,
        visibility=Document.Visibility.ALL,
        created_by=world.users["broker"],
    )
    world.version_region = version(world.document_region)
    world.document_school = Document.objects.create(
        school=world.school,
        title="Stagecontract (sjabloon)",
        category=Document.Category.TEMPLATE,
        visibility=Document.Visibility.SCHOOLS,
        created_by=world.users["coordinator"],
    )
    world.version_school = version(world.document_school)


def _add_student_import(world: World) -> None:
    world.student_import = StudentImport.objects.create(
        school=world.school,
        uploaded_by=world.users["coordinator"],
        filename="leerlingen.csv",
        content=to_csv(magister_rows(3)),
        status=StudentImport.Status.CHECKED,
        columns={"student_number": "Stamnr"},
        report={"new": 3, "updated": 0, "unchanged": 0, "returned": 0, "left": 0, "errors": []},
        rows_total=3,
    )


def _add_internship_records(world: World) -> None:
    """The world's internship gets a contract signed by every party (so that its verified hours
    count), plus one object of each kind the matrix rows request."""
    u = world.users
    internship = world.internship
    world.contract = sign_contract(internship)
    world.waiting_entry = HourEntry.objects.get(
        internship=internship, status=HourEntry.Status.SUBMITTED
    )
    verified = HourEntry.objects.filter(
        internship=internship, status=HourEntry.Status.VERIFIED
    ).first()
    assert verified is not None
    world.verified_entry = verified
    # A link to the signed contract: its page says so (200), signing nothing.
    world.contract_link = issue_link(
        CONTRACT_SIGN,
        user=u["provider_contact"],
        payload={"contract": world.contract.pk, "party": Party.PROVIDER.value},
        max_age=3600,
    )
    world.hours_link = issue_link(
        HOURS_VERIFY, user=u["supervisor"], payload={"entry": world.waiting_entry.pk}, max_age=3600
    )
    world.session = PlannedSession.objects.create(
        internship=internship,
        date=timezone.localdate() + datetime.timedelta(days=3),
        start_time=datetime.time(14),
        end_time=datetime.time(17),
        created_by=u["supervisor"],
    )
    world.logbook_entry = LogbookEntry.objects.create(
        internship=internship,
        date=timezone.localdate() - datetime.timedelta(days=7),
        text="Spelletjes gedaan met bewoners",
        photo=stored("internships/test/world.png", PNG),
        author=u["student"],
    )
    world.report = Report.objects.create(
        internship=internship,
        kind=Report.Kind.FINAL,
        version=1,
        file=stored("internships/test/world.pdf", PDF),
        file_name="verslag.pdf",
        submitted_by=u["student"],
    )
    world.concern = Concern.objects.create(
        internship=internship,
        kind=Concern.Kind.LATE,
        note="Twee keer te laat",
        reported_by=u["supervisor"],
    )
    world.certificate = Certificate.objects.create(
        student=world.student,
        code="world-certificate",
        student_name=world.student.user.get_full_name(),
        school_name=world.school.name,
        hours=Decimal(60),
        issued_at=timezone.now(),
    )


def _add_mailings(world: World) -> None:
    """A sent mailing from the world's school to the parents of year 2 (the parent got it),
    and a draft from the broker."""
    world.mailing = Mailing.objects.create(
        school=world.school,
        created_by=world.users["coordinator"],
        audience="parents_of_year",
        audience_options={"year": 2},
        subject="Informatieavond maatschappelijke stage",
        body="Welkom op donderdag.",
        status=Mailing.Status.SENT,
        total=1,
        sent_count=1,
        sent_at=timezone.now(),
    )
    MailingRecipient.objects.create(
        mailing=world.mailing,
        user=world.users["parent"],
        status=MailingRecipient.Status.SENT,
        sent_at=timezone.now(),
    )
    world.mailing_draft = Mailing.objects.create(
        broker=world.broker,
        created_by=world.users["broker"],
        audience="providers_of_region",
        subject="Nieuwsbrief stagebieders",
        body="Het nieuwe schooljaar begint.",
    )


def _add_calendar(world: World) -> None:
    # Year 3: the world's students are in year 2, so tests of their own windows stay theirs.
    world.window = make_window(world.school, year=3, level="havo")
    world.other_window = make_window(world.other_school)
    year = current_school_year()
    world.school_target = YearlyTarget.objects.create(
        school=world.school, school_year=year, students=2, hours=40
    )
    world.broker_target = YearlyTarget.objects.create(
        broker=world.broker, school_year=year, students=10, hours=200
    )


def _add_export(world: World) -> None:
    world.export = Export.objects.create(
        requested_by=world.users["coordinator"],
        table="school_classes",
        params={"school": str(world.school.pk)},
        format=Export.Format.CSV,
        title="Leerlingen per klas",
        status=Export.Status.DONE,
        content=b"\xef\xbb\xbfKlas;Leerlingen\r\n2H1;2\r\n",
        filename="leerlingen-per-klas.csv",
        rows_total=1,
        rows_done=1,
    )
