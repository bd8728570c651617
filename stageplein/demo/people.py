"""The people and organisations of a demo region: schools with their staff and classes,
providers with their contacts, brokers and municipal officers. Made in bulk for every path:
in real life they arrive by import and by the admin, not through the services a user triggers.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict
from typing import TYPE_CHECKING

from stageplein.accounts.models import Membership, Role, User
from stageplein.demo.accounts import DEMO_DOMAIN
from stageplein.demo.context import Desk, ProviderSet, SchoolPlan
from stageplein.demo.rows import BATCH, create_objects, insert_rows
from stageplein.demo.words import (
    ASSOCIATION_SECTORS,
    CLASS_LETTER,
    SCHOOL_NAMES,
    SCHOOL_PATRONS,
    SCHOOL_PROFILES,
    SECTOR_WEIGHTS,
    YEARS,
    provider_name,
)
from stageplein.geo.models import Region
from stageplein.geo.pilots import Pilot
from stageplein.organisations.models import (
    Broker,
    Provider,
    ProviderLocation,
    School,
    SchoolLocation,
)
from stageplein.students.models import Guardianship, Student

if TYPE_CHECKING:
    from stageplein.demo.builder import DemoBuilder


def split(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` exactly (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def schools(
    b: DemoBuilder, rng: random.Random, pilot: Pilot, region: Region, municipalities, weights
) -> list[SchoolPlan]:
    mix = pilot.level_mix
    # A pilot counted either schools or school locations; group locations into schools.
    if pilot.school_unit == "locations":
        sizes: list[int] = []
        left = pilot.schools
        while left > 0:
            size = min(left, rng.choice([1, 1, 2, 2, 3]))
            sizes.append(size)
            left -= size
    else:
        sizes = [rng.choice([1, 1, 1, 2]) for _ in range(pilot.schools)]
    profiles = []
    for i in range(len(sizes)):
        if set(mix) == {"vmbo"}:
            profiles.append("vmbo")
        elif i % 10 == 9 and mix.get("pro"):
            profiles.append("pro")
        else:
            profiles.append(rng.choices(["broad", "vmbo", "lyceum"], [45, 30, 25])[0])
    if mix.get("pro") and "pro" not in profiles and len(profiles) >= 4:
        profiles[-1] = "pro"
    # Make sure every level in the mix is offered somewhere.
    offered = {lvl for p in profiles for lvl in SCHOOL_PROFILES[p]}
    if offered != set(mix) and len(profiles) > 1 and "broad" not in profiles:
        profiles[0] = "broad" if set(mix) - {"pro"} - {"vmbo"} else profiles[0]
    school_weights = [rng.lognormvariate(0, 0.5) * (0.4 if p == "pro" else 1) for p in profiles]
    counts = split(pilot.students, school_weights)
    patrons = rng.sample(SCHOOL_PATRONS, k=min(len(SCHOOL_PATRONS), len(sizes)))
    objs = []
    for i, (size, profile) in enumerate(zip(sizes, profiles, strict=True)):
        municipality = rng.choices(municipalities, weights)[0]
        patron = patrons[i % len(patrons)] + (
            f" {i // len(patrons) + 1}" if i >= len(patrons) else ""
        )
        name = rng.choice(SCHOOL_NAMES[profile]).format(x=patron)
        school = School(
            brin=f"{pilot.index + 10:02d}{chr(65 + i // 26)}{chr(65 + i % 26)}",
            name=name,
            region=region,
            municipality=municipality,
            levels=[lvl for lvl in SCHOOL_PROFILES[profile] if lvl in mix]
            or SCHOOL_PROFILES[profile],
        )
        objs.append((school, profile, size))
    School.objects.bulk_create([s for s, _, _ in objs])
    locations = []
    for school, _profile, size in objs:
        for k in range(size):
            pc4s = b.pc4s[school.municipality_id]
            locations.append(
                SchoolLocation(
                    school=school,
                    code=f"{school.brin}{k:02d}",
                    name=school.name if size == 1 else f"{school.name}, locatie {k + 1}",
                    address=b.street(),
                    postcode_id=rng.choice(pc4s),
                    levels=school.levels,
                )
            )
    SchoolLocation.objects.bulk_create(locations)
    b.stats.schools += len(objs)
    return [
        SchoolPlan(school=school, profile=profile, students=n)
        for (school, profile, _), n in zip(objs, counts, strict=True)
    ]


def school_staff(b: DemoBuilder, rng: random.Random, schools: list[SchoolPlan]) -> dict[int, User]:
    """A coordinator per school; mentors are made per class in _students."""
    users, memberships, coordinators = [], [], {}
    for plan in schools:
        school = plan.school
        u = b.user(rng, f"coordinator.{school.brin.lower()}@school.{DEMO_DOMAIN}")
        users.append(u)
        coordinators[school.pk] = u
    User.objects.bulk_create(users, batch_size=BATCH)
    for plan in schools:
        school = plan.school
        memberships.append(
            Membership(user=coordinators[school.pk], role=Role.COORDINATOR, school=school)
        )
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    b.stats.staff += len(users)
    return coordinators


def providers(
    b: DemoBuilder,
    rng: random.Random,
    pilot: Pilot,
    region: Region,
    municipalities,
    weights,
    schools,
) -> ProviderSet:
    n = max(12, round(pilot.students / 6))
    codes = list(SECTOR_WEIGHTS)
    sector_choice = rng.choices(codes, [SECTOR_WEIGHTS[c] for c in codes], k=n)
    providers = []
    taken: set[str] = set()
    for i, code in enumerate(sector_choice):
        municipality = rng.choices(municipalities, weights)[0]
        place = municipality.name.split(" (")[0]
        providers.append(
            Provider(
                name=provider_name(rng, code, place, taken),
                kind=Provider.Kind.ASSOCIATION
                if code in ASSOCIATION_SECTORS
                else Provider.Kind.FOUNDATION,
                sector=b.sectors[code],
                region=region,
                municipality=municipality,
                description=f"{b.sectors[code].name_nl} in {place}.",
                phone=f"0{rng.randint(100000000, 999999999)}",
                email=f"info.{pilot.index}.{i}@aanbieder.{DEMO_DOMAIN}",
                weekly_intake_cap=rng.choice([None, None, 2, 3, 5]),
            )
        )
    # R-HOURS-6: each school can offer internships at school (open days, tutoring).
    for plan in schools:
        school = plan.school
        providers.append(
            Provider(
                name=f"{school.name} (stage op school)",
                kind=Provider.Kind.SCHOOL,
                sector=b.sectors["onderwijs"],
                region=region,
                municipality=school.municipality,
                school=school,
            )
        )
    create_objects(Provider, providers)
    locations, users = [], []
    for p in providers:
        for k in range(1 + (rng.random() < 0.2)):
            locations.append(
                ProviderLocation(
                    provider=p,
                    name=p.name if k == 0 else f"{p.name} (tweede locatie)",
                    address=b.street(),
                    postcode_id=rng.choice(b.pc4s[p.municipality_id]),
                )
            )
    create_objects(ProviderLocation, locations)
    contacts, supervisors = {}, {}
    for i, p in enumerate(providers):
        if p.kind == Provider.Kind.SCHOOL:
            continue
        contacts[p.pk] = b.user(rng, f"contact.{pilot.index}.{i}@aanbieder.{DEMO_DOMAIN}")
        users.append(contacts[p.pk])
        if rng.random() < 0.5:
            supervisors[p.pk] = b.user(rng, f"begeleider.{pilot.index}.{i}@aanbieder.{DEMO_DOMAIN}")
            users.append(supervisors[p.pk])
    create_objects(User, users)
    memberships = [
        Membership(user=u, role=Role.PROVIDER_CONTACT, provider_id=pk) for pk, u in contacts.items()
    ]
    # Some pilots used mbo/hbo students as supervisors (Den Haag): R-ROLE-3.
    student_sup_share = 0.5 if "mbo/hbo" in pilot.notes else 0.1
    memberships += [
        Membership(
            user=u,
            role=Role.SUPERVISOR,
            provider_id=pk,
            is_student_supervisor=rng.random() < student_sup_share,
        )
        for pk, u in supervisors.items()
    ]
    create_objects(Membership, memberships)
    b.stats.providers += len(providers)
    b.stats.staff += len(users)
    by_municipality: dict[str, list[Provider]] = defaultdict(list)
    for p in providers:
        if p.kind != Provider.Kind.SCHOOL:
            by_municipality[p.municipality_id].append(p)
    return ProviderSet(
        all=[p for p in providers if p.kind != Provider.Kind.SCHOOL],
        by_municipality=by_municipality,
        verifier={pk: supervisors.get(pk) or contacts[pk] for pk in contacts},
        contacts=contacts,
        supervisors=supervisors,
    )


def brokers(
    b: DemoBuilder, rng: random.Random, pilot: Pilot, region: Region, municipalities
) -> list[Desk]:
    n = pilot.brokers or 1
    brokers = []
    for i in range(n):
        if n == 1:
            name = f"Stagemakelaar {pilot.name}"
        else:
            place = municipalities[i % len(municipalities)].name.split(" (")[0]
            name = f"Vrijwilligerscentrale {place}"
            if i >= len(municipalities):
                name += f" {i // len(municipalities) + 1}"
        brokers.append(
            Broker(name=name, region=region, website=pilot.website and f"https://{pilot.website}")
        )
    Broker.objects.bulk_create(brokers)
    through = Broker.municipalities.through
    links = []
    for k, m in enumerate(municipalities):
        links.append(through(broker_id=brokers[k % n].pk, municipality_id=m.cbs_code))
    for k in range(len(municipalities), n):  # more brokers than municipalities: they share
        links.append(
            through(
                broker_id=brokers[k].pk,
                municipality_id=municipalities[k % len(municipalities)].cbs_code,
            )
        )
    through.objects.bulk_create(links)
    users = [b.user(rng, f"makelaar.{pilot.index}.{i}@makelaar.{DEMO_DOMAIN}") for i in range(n)]
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(
        Membership(user=u, role=Role.BROKER, broker=b) for u, b in zip(users, brokers, strict=True)
    )
    b.stats.brokers += n
    b.stats.staff += n
    return [Desk(broker=br, user=u) for br, u in zip(brokers, users, strict=True)]


def officers(b: DemoBuilder, rng: random.Random, pilot: Pilot, municipalities) -> dict[str, User]:
    """One officer per municipality. A municipality in two regions (the demo's pilot and the
    season simulator's copy of it) keeps its one officer."""
    made = [b.user(rng, f"ambtenaar.{m.cbs_code}@gemeente.{DEMO_DOMAIN}") for m in municipalities]
    existing = {u.email: u for u in User.objects.filter(email__in=[u.email for u in made])}
    new = [(u, m) for u, m in zip(made, municipalities, strict=True) if u.email not in existing]
    User.objects.bulk_create([u for u, _m in new])
    Membership.objects.bulk_create(
        Membership(user=u, role=Role.MUNICIPALITY, municipality=m) for u, m in new
    )
    b.stats.staff += len(new)
    return {m.cbs_code: existing.get(u.email, u) for u, m in zip(made, municipalities, strict=True)}


def students(
    b: DemoBuilder,
    rng: random.Random,
    pilot: Pilot,
    municipalities,
    weights,
    schools: list[SchoolPlan],
) -> list[Student]:
    mix = pilot.level_mix
    sector_codes = list(b.sectors)
    plan = []  # (school, level, year, class_name)
    for sp in schools:
        school, n = sp.school, sp.students
        levels = school.levels
        per_level = split(n, [mix.get(lvl, 0.01) for lvl in levels])
        for level, n_level in zip(levels, per_level, strict=True):
            years = list(range(1, YEARS[level] + 1))
            for year, n_year in zip(years, split(n_level, [1.0] * len(years)), strict=True):
                n_classes = max(1, math.ceil(n_year / 28))
                for k, n_class in enumerate(split(n_year, [1.0] * n_classes)):
                    class_name = f"{year}{CLASS_LETTER[level]}{k + 1}"
                    plan.extend([(school, level, year, class_name)] * n_class)
    # One mentor per class.
    mentor_users: dict[tuple[int, str], User] = {}
    for school, _level, _year, class_name in plan:
        key = (school.pk, class_name)
        if key not in mentor_users:
            mentor_users[key] = b.user(
                rng, f"mentor.{school.brin.lower()}.{class_name.lower()}@school.{DEMO_DOMAIN}"
            )
    create_objects(User, list(mentor_users.values()))
    create_objects(
        Membership,
        [Membership(user=u, role=Role.MENTOR, school_id=key[0]) for key, u in mentor_users.items()],
    )
    b.stats.staff += len(mentor_users)

    other = {m.cbs_code: m for m in municipalities}
    student_users, parent_users, students = [], [], []
    for i, (school, level, year, class_name) in enumerate(plan):
        first = rng.choice(b.first_names)
        last = rng.choice(b.last_names)
        student_users.append(
            b.user(
                rng,
                f"l{pilot.index}.{i}@leerling.{DEMO_DOMAIN}",
                first_name=first,
                last_name=last,
            )
        )
        parent_users.append(b.user(rng, f"o{pilot.index}.{i}@ouder.{DEMO_DOMAIN}", last_name=last))
        cohort = b.school_year - (year - 1)
        # 12 on 1 October of the first year, give or take a year.
        born = datetime.date(cohort - 12, 10, 1) - datetime.timedelta(days=rng.randint(0, 364))
        if rng.random() < 0.1:
            born -= datetime.timedelta(days=365)
        # Most students live in the school's municipality; some commute within the region.
        home_muni = (
            school.municipality_id
            if rng.random() < 0.8 or len(other) == 1
            else rng.choices(municipalities, weights)[0].cbs_code
        )
        students.append(
            Student(
                school=school,
                student_number=str(100000 + i),
                level=level,
                year=year,
                class_name=class_name,
                date_of_birth=born,
                home_postcode_id=rng.choice(b.pc4s[home_muni]),
                mentor=mentor_users[(school.pk, class_name)],
                cohort=cohort,
                guidance_needs="docent aanwezig" if level == "pro" else "",
            )
        )
    create_objects(User, student_users)
    create_objects(User, parent_users)
    for s, u in zip(students, student_users, strict=True):
        s.user = u
    create_objects(Student, students)
    insert_rows(
        Guardianship,
        ["student_id", "guardian_id"],
        [(s.pk, p.pk) for s, p in zip(students, parent_users, strict=True)],
    )
    insert_rows(
        Student.interests.through,
        ["student_id", "sector_id"],
        [
            (s.pk, code)
            for s in students
            for code in rng.sample(sector_codes, k=rng.choice([1, 2, 3]))
        ],
    )
    b.stats.students += len(students)
    b.stats.parents += len(parent_users)
    return students
