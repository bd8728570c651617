"""Generate a demo region from the real pilot figures, with generated people.

Everything is derived from a seed, so the same command gives the same data: a bug report can say
"seed 42, Zutphen, student 17". Nothing here is real personal data: names come from Faker's
Dutch lists, addresses are invented, dates of birth follow the year group.

Built for the scale test as well: all twenty pilots (59,339 students) go in with bulk inserts,
one precomputed password hash and no per-row queries.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from faker.providers.person.nl_NL import Provider as DutchNames

from stageplein.accounts.models import Membership, Role, User
from stageplein.core.schoolyear import school_year_of
from stageplein.geo.models import Municipality, PostcodeArea, Region
from stageplein.geo.pilots import YEARLY_HOURS_TARGET, Pilot
from stageplein.internships.models import HourEntry, Internship
from stageplein.organisations.models import (
    Broker,
    Provider,
    ProviderLocation,
    School,
    SchoolLocation,
    Sector,
)
from stageplein.students.models import Guardianship, Student, YearlyTarget
from stageplein.students.selectors import NormTable

DEMO_PASSWORD = "demo-stageplein"
DEMO_DOMAIN = "stageplein.test"
FIXED_ACCOUNTS = {
    "student": f"leerling@{DEMO_DOMAIN}",
    "parent": f"ouder@{DEMO_DOMAIN}",
    "coordinator": f"coordinator@{DEMO_DOMAIN}",
    "mentor": f"mentor@{DEMO_DOMAIN}",
    "provider_contact": f"stagebieder@{DEMO_DOMAIN}",
    "supervisor": f"begeleider@{DEMO_DOMAIN}",
    "broker": f"makelaar@{DEMO_DOMAIN}",
    "municipality": f"gemeente@{DEMO_DOMAIN}",
    "national": f"landelijk@{DEMO_DOMAIN}",
    "admin": f"admin@{DEMO_DOMAIN}",
}
BATCH = 2000

YEARS = {"vmbo": 4, "havo": 5, "vwo": 6, "pro": 4}
CLASS_LETTER = {"vmbo": "B", "havo": "H", "vwo": "V", "pro": "P"}
SCHOOL_PROFILES = {
    "broad": ["vmbo", "havo", "vwo"],
    "vmbo": ["vmbo"],
    "lyceum": ["havo", "vwo"],
    "pro": ["pro"],
}
SCHOOL_NAMES = {
    "broad": ["Scholengemeenschap {x}", "{x} College", "Het {x} College", "CSG {x}"],
    "vmbo": ["Vmbo {x}", "{x} Vakcollege", "Praktijkgericht {x} College"],
    "lyceum": ["{x} Lyceum", "Stedelijk Gymnasium {x}", "{x} Lyceum en Gymnasium"],
    "pro": ["Praktijkschool {x}", "Praktijkonderwijs {x}"],
}
SCHOOL_PATRONS = [
    "Erasmus",
    "Comenius",
    "Spinoza",
    "Thomas a Kempis",
    "Baudartius",
    "Vincent van Gogh",
    "Maerlant",
    "Montessori",
    "Dalton",
    "Rembrandt",
    "Christiaan Huygens",
    "Da Vinci",
    "Stedelijk",
    "Canisius",
    "Carmel",
    "Oranje",
    "Walburg",
    "Hofstad",
    "Linde",
    "Eemland",
]
SECTOR_WEIGHTS = {
    "zorg": 25,
    "sport": 20,
    "cultuur": 10,
    "natuur": 8,
    "onderwijs": 9,
    "buurt": 13,
    "dieren": 5,
    "evenementen": 5,
    "levensbeschouwing": 3,
    "internationaal": 2,
}
PROVIDER_NAMES = {
    "zorg": [
        "Zorgcentrum {x}",
        "Woonzorgcentrum {x}",
        "Verpleeghuis {x}",
        "Zonnebloem afdeling {p}",
    ],
    "sport": [
        "Voetbalvereniging {p}",
        "Hockeyclub {x}",
        "Zwemvereniging {x}",
        "Tennisclub {x}",
        "Korfbalvereniging {x}",
        "Gymnastiekvereniging {p}",
    ],
    "cultuur": ["Muziekvereniging {x}", "Bibliotheek {p}", "Toneelvereniging {x}", "Museum {x}"],
    "natuur": ["IVN {p}", "Kinderboerderij {x}", "Natuurwerkgroep {p}", "Repair Café {p}"],
    "onderwijs": ["Basisschool {x}", "Huiswerkklas {p}", "Taalhuis {p}"],
    "buurt": ["Buurthuis {x}", "Speeltuinvereniging {x}", "Voedselbank {p}", "Wijkcentrum {x}"],
    "dieren": ["Dierenasiel {x}", "Dierenambulance {p}", "Hondenschool {x}"],
    "evenementen": ["Stichting Oranjefeest {p}", "Avondvierdaagse {p}", "Stichting Kermis {p}"],
    "levensbeschouwing": ["Protestantse Gemeente {p}", "Parochie {x}", "Moskee {x}"],
    "internationaal": ["Wereldwinkel {p}", "Stichting Vluchtelingenwerk {p}"],
}
ASSOCIATION_SECTORS = {"sport", "cultuur", "evenementen"}
PLACE_WORDS = [
    "De Linde",
    "De Eik",
    "Het Anker",
    "De Zonnehoek",
    "De Brink",
    "Het Baken",
    "De Horst",
    "De Wending",
    "Het Hofje",
    "De Regenboog",
    "De Vlinder",
    "De Bron",
    "Het Kompas",
    "De Es",
    "Meerzicht",
    "Zonnewende",
    "De Klimop",
    "De Populier",
    "Het Veld",
    "De Molen",
    "De Akker",
]
TASKS = {
    "zorg": [
        "Koffie geschonken en gepraat met bewoners",
        "Wandeling met bewoners gemaakt",
        "Spelletjesmiddag begeleid",
    ],
    "sport": ["Training gegeven aan de jeugd", "Geholpen bij het toernooi", "Kantinedienst gedaan"],
    "cultuur": ["Boeken gesorteerd en klanten geholpen", "Decor gebouwd", "Rondleiding voorbereid"],
    "natuur": ["Dieren gevoerd en stallen schoongemaakt", "Zwerfafval opgeruimd", "Paden gesnoeid"],
    "onderwijs": ["Voorgelezen aan groep 3", "Bijles rekenen gegeven", "Geholpen bij de open dag"],
    "buurt": [
        "Voedselpakketten ingepakt",
        "Activiteit voor kinderen begeleid",
        "Buurtfeest opgebouwd",
    ],
    "dieren": ["Honden uitgelaten", "Hokken schoongemaakt", "Katten verzorgd"],
    "evenementen": ["Route uitgezet", "Kraam bemand", "Opgebouwd en opgeruimd"],
    "levensbeschouwing": ["Maaltijd voor ouderen geserveerd", "Geholpen bij de kledingbank"],
    "internationaal": ["Winkel ingericht", "Actie voor een schoolproject gehouden"],
}


@dataclass
class PilotContext:
    """What the core build made for one pilot, handed to the apps' demo steps."""

    pilot: Pilot
    region: Region
    municipalities: list[Municipality]
    schools: list[School]
    students: list[Student]
    providers: list[Provider]  # not including schools acting as providers
    contacts: dict[int, User]  # provider pk -> contact person
    supervisors: dict[int, User]  # provider pk -> supervisor (about half the providers)
    brokers: list[tuple[Broker, User]]
    fixed: bool  # this pilot holds the README's demo accounts


def demo_steps() -> list:
    """Each app may add demo data in ``stageplein/<app>/demo.py``: ``STEPS = [(order, fn)]``
    with ``fn(builder, rng, context)``; steps run per pilot after the core, by order."""
    import importlib
    import pkgutil

    import stageplein

    steps = []
    for module in pkgutil.iter_modules(stageplein.__path__):
        try:
            demo = importlib.import_module(f"stageplein.{module.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"stageplein.{module.name}.demo":
                raise
            continue
        steps.extend(demo.STEPS)
    return [fn for _order, fn in sorted(steps, key=lambda s: s[0])]


@dataclass
class Stats:
    regions: int = 0
    schools: int = 0
    students: int = 0
    parents: int = 0
    staff: int = 0
    providers: int = 0
    brokers: int = 0
    internships: int = 0
    hour_entries: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def insert_rows(model, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows whose primary keys nobody needs back. On PostgreSQL COPY is several times
    faster than bulk_create for the half million hour entries of the national data set."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        names = [model._meta.get_field(c).attname for c in columns]
        model.objects.bulk_create(
            [model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=BATCH
        )
        return
    db_columns = [model._meta.get_field(c).column for c in columns]
    sql = f'COPY "{model._meta.db_table}" ({", ".join(db_columns)}) FROM STDIN'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


class DemoBuilder:
    def __init__(self, seed: int = 2009, today: datetime.date | None = None) -> None:
        self.seed = seed
        self.today = today or timezone.localdate()
        self.school_year = school_year_of(self.today)
        self.password = make_password(DEMO_PASSWORD)
        self.sectors = {s.code: s for s in Sector.objects.all()}
        self.norms = NormTable()
        self.pc4s: dict[str, list[str]] = defaultdict(list)
        self.pc4_municipality: dict[str, str] = {}
        for pc4, code in PostcodeArea.objects.values_list("pc4", "municipality_id"):
            self.pc4s[code].append(pc4)
            self.pc4_municipality[pc4] = code
        self.first_names = list(DutchNames.first_names_male) + list(DutchNames.first_names_female)
        # Keep surnames a reader would recognise: the list also holds medieval patronymics.
        particles = {"van", "de", "der", "den", "ter", "ten", "te", "het", "in", "'t", "op"}
        self.last_names = [
            n
            for n in DutchNames.last_names
            if all(w in particles for w in n.split()[:-1]) and not n.endswith("dr")
        ]
        self.faker = Faker("nl_NL")
        self.faker.seed_instance(seed)
        self.stats = Stats()

    # -- helpers -------------------------------------------------------------------------------
    def _user(self, rng: random.Random, email: str | None, **extra) -> User:
        return User(
            email=email,
            first_name=extra.pop("first_name", None) or rng.choice(self.first_names),
            last_name=extra.pop("last_name", None) or rng.choice(self.last_names),
            password=self.password,
            **extra,
        )

    @staticmethod
    def _split(total: int, weights: list[float]) -> list[int]:
        """Split ``total`` in proportion to ``weights`` exactly (largest remainder)."""
        s = sum(weights)
        raw = [total * w / s for w in weights]
        parts = [int(x) for x in raw]
        order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
        for i in order[: total - sum(parts)]:
            parts[i] += 1
        return parts

    def _street(self) -> str:
        return f"{self.faker.street_name()} {self.faker.building_number()}"

    # -- the build -----------------------------------------------------------------------------
    def build(self, pilots: list[Pilot], with_fixed_accounts: bool = True) -> Stats:
        self._national_and_admin(with_fixed_accounts)
        for n, pilot in enumerate(pilots):
            with transaction.atomic():
                started = timezone.now()
                fixed = with_fixed_accounts and n == 0
                self._build_pilot(pilot, fixed)
                self.stats.seconds[pilot.name] = (timezone.now() - started).total_seconds()
        return self.stats

    def _national_and_admin(self, fixed: bool) -> None:
        if not fixed or User.objects.filter(email=FIXED_ACCOUNTS["national"]).exists():
            return
        rng = random.Random(f"{self.seed}:national")
        national = self._user(rng, FIXED_ACCOUNTS["national"])
        national.save()
        Membership.objects.create(user=national, role=Role.NATIONAL)
        admin = self._user(
            rng,
            FIXED_ACCOUNTS["admin"],
            first_name="Beheer",
            last_name="Stageplein",
            is_staff=True,
            is_superuser=True,
        )
        admin.save()
        self.stats.staff += 2

    def _build_pilot(self, pilot: Pilot, fixed: bool) -> None:
        rng = random.Random(f"{self.seed}:{pilot.name}")
        municipalities = list(Municipality.objects.filter(name__in=pilot.municipality_names))
        missing = set(pilot.municipality_names) - {m.name for m in municipalities}
        if missing:
            raise ValueError(f"{pilot.name}: unknown municipalities {sorted(missing)}")
        region = Region.objects.create(name=pilot.name, slug=slugify(pilot.name))
        region.municipalities.set(municipalities)
        self.stats.regions += 1
        # Bigger municipalities (more postcode areas) get more schools, students and providers.
        weights = [len(self.pc4s[m.cbs_code]) or 1 for m in municipalities]

        schools = self._schools(rng, pilot, region, municipalities, weights)
        staff_by_school = self._school_staff(rng, pilot, schools)
        providers = self._providers(rng, pilot, region, municipalities, weights, schools)
        brokers = self._brokers(rng, pilot, region, municipalities)
        officers = self._officers(rng, pilot, municipalities)
        students = self._students(
            rng, pilot, region, municipalities, weights, schools, staff_by_school
        )
        self._internships(rng, students, providers)
        if pilot.name in YEARLY_HOURS_TARGET:
            YearlyTarget.objects.bulk_create(
                YearlyTarget(
                    school=school,
                    school_year=self.school_year,
                    hours_per_student=YEARLY_HOURS_TARGET[pilot.name],
                )
                for school, _profile, _n in schools
            )
        YearlyTarget.objects.create(
            region=region,
            school_year=self.school_year,
            students=pilot.students,
            hours_per_student=YEARLY_HOURS_TARGET.get(pilot.name),
        )
        if fixed:
            self._fixed_accounts(rng, schools, students, providers, brokers, officers)
        context = PilotContext(
            pilot=pilot,
            region=region,
            municipalities=municipalities,
            schools=[school for school, _profile, _n in schools],
            students=students,
            providers=providers["all"],
            contacts=providers["contacts"],
            supervisors=providers["supervisors"],
            brokers=brokers,
            fixed=fixed,
        )
        for step in demo_steps():
            step(self, random.Random(f"{self.seed}:{pilot.name}:{step.__module__}"), context)

    def _schools(self, rng, pilot, region, municipalities, weights):
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
        counts = self._split(pilot.students, school_weights)
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
                pc4s = self.pc4s[school.municipality_id]
                locations.append(
                    SchoolLocation(
                        school=school,
                        code=f"{school.brin}{k:02d}",
                        name=school.name if size == 1 else f"{school.name}, locatie {k + 1}",
                        address=self._street(),
                        postcode_id=rng.choice(pc4s),
                        levels=school.levels,
                    )
                )
        SchoolLocation.objects.bulk_create(locations)
        self.stats.schools += len(objs)
        return [(school, profile, n) for (school, profile, _), n in zip(objs, counts, strict=True)]

    def _school_staff(self, rng, pilot, schools):
        """A coordinator per school; mentors are made per class in _students."""
        users, memberships, coordinators = [], [], {}
        for school, _profile, _n in schools:
            u = self._user(rng, f"coordinator.{school.brin.lower()}@school.{DEMO_DOMAIN}")
            users.append(u)
            coordinators[school.pk] = u
        User.objects.bulk_create(users, batch_size=BATCH)
        for school, _p, _n in schools:
            memberships.append(
                Membership(user=coordinators[school.pk], role=Role.COORDINATOR, school=school)
            )
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.stats.staff += len(users)
        return coordinators

    def _providers(self, rng, pilot, region, municipalities, weights, schools):
        n = max(12, round(pilot.students / 6))
        codes = list(SECTOR_WEIGHTS)
        sector_choice = rng.choices(codes, [SECTOR_WEIGHTS[c] for c in codes], k=n)
        providers = []
        for i, code in enumerate(sector_choice):
            municipality = rng.choices(municipalities, weights)[0]
            place = municipality.name.split(" (")[0]
            name = rng.choice(PROVIDER_NAMES[code]).format(x=rng.choice(PLACE_WORDS), p=place)
            providers.append(
                Provider(
                    name=name if i < len(PLACE_WORDS) * 4 else f"{name} {i}",
                    kind=Provider.Kind.ASSOCIATION
                    if code in ASSOCIATION_SECTORS
                    else Provider.Kind.FOUNDATION,
                    sector=self.sectors[code],
                    region=region,
                    municipality=municipality,
                    description=f"{self.sectors[code].name_nl} in {place}.",
                    phone=f"0{rng.randint(100000000, 999999999)}",
                    email=f"info.{pilot.index}.{i}@aanbieder.{DEMO_DOMAIN}",
                    weekly_intake_cap=rng.choice([None, None, 2, 3, 5]),
                )
            )
        # R-HOURS-6: each school can offer internships at school (open days, tutoring).
        for school, _p, _n in schools:
            providers.append(
                Provider(
                    name=f"{school.name} (stage op school)",
                    kind=Provider.Kind.SCHOOL,
                    sector=self.sectors["onderwijs"],
                    region=region,
                    municipality=school.municipality,
                    school=school,
                )
            )
        Provider.objects.bulk_create(providers, batch_size=BATCH)
        locations, users = [], []
        for p in providers:
            for k in range(1 + (rng.random() < 0.2)):
                locations.append(
                    ProviderLocation(
                        provider=p,
                        name=p.name if k == 0 else f"{p.name} (tweede locatie)",
                        address=self._street(),
                        postcode_id=rng.choice(self.pc4s[p.municipality_id]),
                    )
                )
        ProviderLocation.objects.bulk_create(locations, batch_size=BATCH)
        contacts, supervisors = {}, {}
        for i, p in enumerate(providers):
            if p.kind == Provider.Kind.SCHOOL:
                continue
            contacts[p.pk] = self._user(rng, f"contact.{pilot.index}.{i}@aanbieder.{DEMO_DOMAIN}")
            users.append(contacts[p.pk])
            if rng.random() < 0.5:
                supervisors[p.pk] = self._user(
                    rng, f"begeleider.{pilot.index}.{i}@aanbieder.{DEMO_DOMAIN}"
                )
                users.append(supervisors[p.pk])
        User.objects.bulk_create(users, batch_size=BATCH)
        memberships = [
            Membership(user=u, role=Role.PROVIDER_CONTACT, provider_id=pk)
            for pk, u in contacts.items()
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
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.stats.providers += len(providers)
        self.stats.staff += len(users)
        by_municipality: dict[str, list[Provider]] = defaultdict(list)
        for p in providers:
            if p.kind != Provider.Kind.SCHOOL:
                by_municipality[p.municipality_id].append(p)
        return {
            "all": [p for p in providers if p.kind != Provider.Kind.SCHOOL],
            "by_municipality": by_municipality,
            "verifier": {pk: supervisors.get(pk) or contacts[pk] for pk in contacts},
            "contacts": contacts,
            "supervisors": supervisors,
        }

    def _brokers(self, rng, pilot, region, municipalities):
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
                Broker(
                    name=name, region=region, website=pilot.website and f"https://{pilot.website}"
                )
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
        users = [
            self._user(rng, f"makelaar.{pilot.index}.{i}@makelaar.{DEMO_DOMAIN}") for i in range(n)
        ]
        User.objects.bulk_create(users)
        Membership.objects.bulk_create(
            Membership(user=u, role=Role.BROKER, broker=b)
            for u, b in zip(users, brokers, strict=True)
        )
        self.stats.brokers += n
        self.stats.staff += n
        return list(zip(brokers, users, strict=True))

    def _officers(self, rng, pilot, municipalities):
        officers = {}
        users = [
            self._user(rng, f"ambtenaar.{m.cbs_code}@gemeente.{DEMO_DOMAIN}")
            for m in municipalities
        ]
        User.objects.bulk_create(users)
        Membership.objects.bulk_create(
            Membership(user=u, role=Role.MUNICIPALITY, municipality=m)
            for u, m in zip(users, municipalities, strict=True)
        )
        for u, m in zip(users, municipalities, strict=True):
            officers[m.cbs_code] = u
        self.stats.staff += len(users)
        return officers

    def _students(self, rng, pilot, region, municipalities, weights, schools, coordinators):
        mix = pilot.level_mix
        sector_codes = list(self.sectors)
        plan = []  # (school, level, year, class_name)
        for school, _profile, n in schools:
            levels = school.levels
            per_level = self._split(n, [mix.get(lvl, 0.01) for lvl in levels])
            for level, n_level in zip(levels, per_level, strict=True):
                years = list(range(1, YEARS[level] + 1))
                for year, n_year in zip(
                    years, self._split(n_level, [1.0] * len(years)), strict=True
                ):
                    n_classes = max(1, math.ceil(n_year / 28))
                    for k, n_class in enumerate(self._split(n_year, [1.0] * n_classes)):
                        class_name = f"{year}{CLASS_LETTER[level]}{k + 1}"
                        plan.extend([(school, level, year, class_name)] * n_class)
        # One mentor per class.
        mentor_users: dict[tuple[int, str], User] = {}
        for school, _level, _year, class_name in plan:
            key = (school.pk, class_name)
            if key not in mentor_users:
                mentor_users[key] = self._user(
                    rng, f"mentor.{school.brin.lower()}.{class_name.lower()}@school.{DEMO_DOMAIN}"
                )
        User.objects.bulk_create(list(mentor_users.values()), batch_size=BATCH)
        Membership.objects.bulk_create(
            [
                Membership(user=u, role=Role.MENTOR, school_id=key[0])
                for key, u in mentor_users.items()
            ],
            batch_size=BATCH,
        )
        self.stats.staff += len(mentor_users)

        other = {m.cbs_code: m for m in municipalities}
        student_users, parent_users, students = [], [], []
        for i, (school, level, year, class_name) in enumerate(plan):
            first = rng.choice(self.first_names)
            last = rng.choice(self.last_names)
            student_users.append(
                self._user(
                    rng,
                    f"l{pilot.index}.{i}@leerling.{DEMO_DOMAIN}",
                    first_name=first,
                    last_name=last,
                )
            )
            parent_users.append(
                self._user(rng, f"o{pilot.index}.{i}@ouder.{DEMO_DOMAIN}", last_name=last)
            )
            cohort = self.school_year - (year - 1)
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
                    home_postcode_id=rng.choice(self.pc4s[home_muni]),
                    mentor=mentor_users[(school.pk, class_name)],
                    cohort=cohort,
                    guidance_needs="docent aanwezig" if level == "pro" else "",
                )
            )
        User.objects.bulk_create(student_users, batch_size=BATCH)
        User.objects.bulk_create(parent_users, batch_size=BATCH)
        for s, u in zip(students, student_users, strict=True):
            s.user = u
        Student.objects.bulk_create(students, batch_size=BATCH)
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
        self.stats.students += len(students)
        self.stats.parents += len(parent_users)
        return students

    def _internships(self, rng, students, providers):
        """Past and current internships with logged hours, so that progress is real data."""
        share_by_year = {1: 0.3, 2: 0.6, 3: 0.75}
        internships, entry_plan = [], []
        for s in students:
            if rng.random() >= share_by_year.get(s.year, 0.85):
                continue
            norm = self.norms.norm(s.level, s.cohort)
            low, high = {1: (0.1, 0.45), 2: (0.3, 0.9)}.get(s.year, (0.55, 1.15))
            total = max(2, round(norm * rng.uniform(low, high)))
            nearby = providers["by_municipality"].get(self.pc4_municipality[s.home_postcode_id])
            candidates = (
                nearby
                or providers["by_municipality"].get(s.school.municipality_id)
                or providers["all"]
            )
            provider = rng.choice(candidates)
            # Spread sessions over the student's MaS years so far, never in the future.
            first_day = datetime.date(s.cohort, 9, 1)
            span = max(14, (self.today - first_day).days - 7)
            start = first_day + datetime.timedelta(days=rng.randint(0, max(0, span - 60)))
            sessions = []
            left = total
            day = start
            while left > 0:
                h = min(left, rng.choice([2, 3, 4, 4, 5, 6]))
                sessions.append((day, h))
                left -= h
                day += datetime.timedelta(days=rng.randint(5, 14))
            sessions = [(d, h) for d, h in sessions if d < self.today] or [
                (self.today - datetime.timedelta(days=3), 2)
            ]
            end = sessions[-1][0]
            recent = (self.today - end).days < 30
            status = Internship.Status.ACTIVE if recent else Internship.Status.COMPLETED
            internship = Internship(
                student=s,
                provider=provider,
                title=rng.choice(TASKS[provider.sector_id]).split(" ")[0] + " bij " + provider.name,
                kind=Internship.Kind.INDIVIDUAL,
                status=status,
                start_date=sessions[0][0],
                end_date=max(end, sessions[0][0])
                + (datetime.timedelta(days=28) if recent else datetime.timedelta()),
                planned_hours=total,
                supervisor=providers["verifier"][provider.pk],
            )
            internships.append(internship)
            entry_plan.append((internship, sessions, recent))
        Internship.objects.bulk_create(internships, batch_size=BATCH)
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
        self.stats.internships += len(internships)
        self.stats.hour_entries += len(rows)

    def _fixed_accounts(self, rng, schools, students, providers, brokers, officers) -> None:
        """Give one coherent set of people the README's demo addresses."""
        school = schools[0][0]
        student = next(
            (
                s
                for s in students
                if s.school_id == school.pk and s.year == 2 and s.level in ("havo", "vmbo")
            ),
            next(s for s in students if s.school_id == school.pk),
        )
        provider = next(p for p in providers["all"] if p.pk in providers["supervisors"])
        supervisor = providers["supervisors"][provider.pk]
        contact = providers["contacts"][provider.pk]
        Membership.objects.filter(user=supervisor).update(is_student_supervisor=False)
        # The demo student's own internship: some hours confirmed, one waiting for the supervisor.
        Internship.objects.filter(student=student).delete()
        internship = Internship.objects.create(
            student=student,
            provider=provider,
            title=f"Vrijwilliger bij {provider.name}",
            status=Internship.Status.ACTIVE,
            start_date=self.today - datetime.timedelta(days=40),
            end_date=self.today + datetime.timedelta(days=40),
            planned_hours=30,
            supervisor=supervisor,
        )
        tasks = TASKS[provider.sector_id]
        for k in range(4):
            day = self.today - datetime.timedelta(days=35 - 9 * k)
            waiting = k == 3
            HourEntry.objects.create(
                internship=internship,
                date=day,
                hours=Decimal(3),
                description=tasks[k % len(tasks)],
                status=HourEntry.Status.SUBMITTED if waiting else HourEntry.Status.VERIFIED,
                verified_by=None if waiting else supervisor,
                verified_at=None
                if waiting
                else timezone.now() - datetime.timedelta(days=30 - 9 * k),
            )
        broker_user = next(
            (u for b, u in brokers if b.municipalities.filter(pk=school.municipality_id).exists()),
            brokers[0][1],
        )
        renames = {
            student.user_id: (FIXED_ACCOUNTS["student"], None),
            Guardianship.objects.get(student=student).guardian_id: (FIXED_ACCOUNTS["parent"], None),
            Membership.objects.get(role=Role.COORDINATOR, school=school).user_id: (
                FIXED_ACCOUNTS["coordinator"],
                None,
            ),
            student.mentor_id: (FIXED_ACCOUNTS["mentor"], None),
            contact.pk: (FIXED_ACCOUNTS["provider_contact"], None),
            supervisor.pk: (FIXED_ACCOUNTS["supervisor"], None),
            broker_user.pk: (FIXED_ACCOUNTS["broker"], None),
            officers[school.municipality_id].pk: (FIXED_ACCOUNTS["municipality"], None),
        }
        for pk, (email, _) in renames.items():
            User.objects.filter(pk=pk).update(email=email)
