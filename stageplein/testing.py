"""A small, fully known world for tests: two schools, two providers, one of each role.

Plain functions instead of a factory library: the world is small and every test can read what
it holds. Two of everything lets tests check that one school or organisation never sees the
other's people.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from stageplein.accounts.models import Membership, Role, User
from stageplein.core.schoolyear import current_school_year
from stageplein.geo.models import Municipality, Region
from stageplein.internships.models import HourEntry, Internship
from stageplein.organisations.models import (
    Broker,
    Provider,
    ProviderLocation,
    School,
    SchoolLocation,
    Sector,
)
from stageplein.students.models import Guardianship, Student

PASSWORD = "correct horse battery staple"
# Hashing once keeps the test suite fast while real sign-ins still verify an Argon2 hash.
_HASH: dict[str, str] = {}


def password_hash() -> str:
    if PASSWORD not in _HASH:
        _HASH[PASSWORD] = make_password(PASSWORD)
    return _HASH[PASSWORD]


def make_user(email: str, first_name: str = "", last_name: str = "", **extra) -> User:
    return User.objects.create(
        email=email,
        first_name=first_name or email.split("@")[0].split(".")[0].capitalize(),
        last_name=last_name or "Test",
        password=password_hash(),
        **extra,
    )


def make_student(
    school: School,
    number: str,
    *,
    first_name: str = "Sam",
    last_name: str = "de Vries",
    level: str = "havo",
    year: int = 2,
    class_name: str = "2H1",
    mentor: User | None = None,
    pc4: str = "7201",
    age: int = 14,
) -> Student:
    user = make_user(f"{number}@leerling.test", first_name=first_name, last_name=last_name)
    today = timezone.localdate()
    return Student.objects.create(
        user=user,
        school=school,
        student_number=number,
        level=level,
        year=year,
        class_name=class_name,
        date_of_birth=today.replace(year=today.year - age) - datetime.timedelta(days=30),
        home_postcode_id=pc4,
        mentor=mentor,
        cohort=current_school_year() - (year - 1),
    )


def log_hours(
    internship: Internship, hours: str, *, verified: bool = True, by: User | None = None
) -> HourEntry:
    return HourEntry.objects.create(
        internship=internship,
        date=timezone.localdate() - datetime.timedelta(days=7),
        hours=Decimal(hours),
        description="Geholpen bij de activiteitenmiddag",
        status=HourEntry.Status.VERIFIED if verified else HourEntry.Status.SUBMITTED,
        verified_by=by if verified else None,
        verified_at=timezone.now() if verified else None,
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
    # Objects that apps add to the world (see extend_world in their access_matrix.py).
    extra: dict[str, object] = field(default_factory=dict)

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


def build_world() -> World:
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
    world = World(
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
    for extend in world_extensions():
        extend(world)
    return world


def world_extensions() -> list:
    """Each app's ``access_matrix.extend_world(world)``, if it has one: apps add their own
    objects (a placement, a contract) to the shared test world without editing this file."""
    import importlib
    import pkgutil

    import stageplein

    found = []
    for module in sorted(pkgutil.iter_modules(stageplein.__path__), key=lambda m: m.name):
        try:
            matrix = importlib.import_module(f"stageplein.{module.name}.access_matrix")
        except ModuleNotFoundError as exc:
            if exc.name != f"stageplein.{module.name}.access_matrix":
                raise
            continue
        if hasattr(matrix, "extend_world"):
            found.append((getattr(matrix, "EXTEND_ORDER", 100), module.name, matrix.extend_world))
    # EXTEND_ORDER lets an app build on another's objects (applications need placements).
    return [fn for _order, _name, fn in sorted(found)]
