"""A school without a broker (R-MATCH-8, issue 15): in regions where no broker serves a
municipality, the school places the students who find nothing themselves. Every pilot
municipality has a broker in the demo, so the README's region gains one neighbouring
municipality nobody serves, with one school there, its unplaced students (each with a parent)
and the README's second coordinator, who finds *Bemiddeling* in the menu and runs the round
for the school.

The school is made after the story, so none of its students has a reaction or an internship:
all of them wait for the school's round. Its year groups have no window in the annual
calendar, so a round may place them in the rest of the school year, where seats are spare.
People are written directly, as in ``people.py`` (in real life they arrive by import)."""

from __future__ import annotations

import datetime
import math
import random
from typing import TYPE_CHECKING

from stageplein.accounts.models import Membership, Role, User
from stageplein.demo.accounts import DEMO_DOMAIN, FIXED_ACCOUNTS
from stageplein.demo.context import PilotContext
from stageplein.demo.words import CLASS_LETTER
from stageplein.geo.models import Municipality
from stageplein.geo.pilots import read_pilots
from stageplein.organisations.models import Broker, School, SchoolLocation
from stageplein.students.models import Guardianship, Student

if TYPE_CHECKING:
    from stageplein.demo.builder import DemoBuilder

STUDENTS = 30
LEVELS = ("vmbo", "havo", "vwo")
YEARS = (2, 3)  # the year groups that do their MaS in this school's calendar


def neighbour_without_broker(context: PilotContext, pc4s: dict[str, list[str]]) -> Municipality:
    """The municipality nearest to the README school's that no broker serves and no pilot
    names (a later pilot of ``--all`` would bring its own broker), with postcode areas.
    Chosen by distance and name, never by key, so every build picks the same one."""
    home = context.schools[0].municipality
    piloted = {name for pilot in read_pilots() for name in pilot.municipality_names}
    served = set(Broker.municipalities.through.objects.values_list("municipality_id", flat=True))
    scale = math.cos(math.radians(home.lat))  # a degree of longitude is shorter up north

    def distance(m: Municipality) -> float:
        return (m.lat - home.lat) ** 2 + ((m.lon - home.lon) * scale) ** 2

    candidates = [
        m
        for m in Municipality.objects.exclude(cbs_code__in=served).exclude(name__in=piloted)
        if pc4s.get(m.cbs_code)
    ]
    return min(candidates, key=lambda m: (distance(m), m.name))


def build(b: DemoBuilder, rng: random.Random, context: PilotContext) -> None:
    if not context.fixed or not context.schools:
        return
    municipality = neighbour_without_broker(context, b.pc4s)
    context.region.municipalities.add(municipality)
    place = municipality.name.split(" (")[0]
    school = School.objects.create(
        brin=f"{context.pilot.index + 10:02d}ZZ",
        name=f"Scholengemeenschap {place}",
        region=context.region,
        municipality=municipality,
        levels=list(LEVELS),
    )
    SchoolLocation.objects.create(
        school=school,
        code=f"{school.brin}00",
        name=school.name,
        address=b.street(),
        postcode_id=rng.choice(b.pc4s[municipality.cbs_code]),
        levels=school.levels,
    )
    coordinator = b.user(rng, FIXED_ACCOUNTS["coordinator2"])
    coordinator.save()
    Membership.objects.create(user=coordinator, role=Role.COORDINATOR, school=school)
    _students(b, rng, context, school)
    b.stats.schools += 1
    b.stats.staff += 1


def _students(b: DemoBuilder, rng: random.Random, context: PilotContext, school: School) -> None:
    index = context.pilot.index
    classes = [(level, year) for year in YEARS for level in LEVELS]
    mentors = {
        (level, year): b.user(
            rng,
            f"mentor.{school.brin.lower()}.{year}{CLASS_LETTER[level].lower()}1@school.{DEMO_DOMAIN}",
        )
        for level, year in classes
    }
    User.objects.bulk_create(mentors.values())
    Membership.objects.bulk_create(
        Membership(user=u, role=Role.MENTOR, school=school) for u in mentors.values()
    )
    sectors = sorted(b.sectors)
    pc4s = b.pc4s[school.municipality_id]
    students, users, parents = [], [], []
    for k in range(STUDENTS):
        level, year = classes[k % len(classes)]
        last = rng.choice(b.last_names)
        users.append(b.user(rng, f"l{index}.r{k}@leerling.{DEMO_DOMAIN}", last_name=last))
        parents.append(b.user(rng, f"o{index}.r{k}@ouder.{DEMO_DOMAIN}", last_name=last))
        cohort = b.school_year - (year - 1)
        born = datetime.date(cohort - 12, 10, 1) - datetime.timedelta(days=rng.randint(0, 364))
        students.append(
            Student(
                school=school,
                student_number=str(200000 + k),
                level=level,
                year=year,
                class_name=f"{year}{CLASS_LETTER[level]}1",
                date_of_birth=born,
                home_postcode_id=rng.choice(pc4s),
                mentor=mentors[(level, year)],
                cohort=cohort,
            )
        )
    User.objects.bulk_create(users)
    User.objects.bulk_create(parents)
    for student, user in zip(students, users, strict=True):
        student.user = user
    Student.objects.bulk_create(students)
    Guardianship.objects.bulk_create(
        Guardianship(student=s, guardian=p) for s, p in zip(students, parents, strict=True)
    )
    Student.interests.through.objects.bulk_create(
        Student.interests.through(student_id=s.pk, sector_id=code)
        for s in students
        for code in rng.sample(sectors, k=rng.choice([1, 2, 3]))
    )
    b.stats.students += len(students)
    b.stats.parents += len(parents)
    b.stats.staff += len(mentors)
