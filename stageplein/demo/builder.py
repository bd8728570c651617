"""Generate a demo region from the real pilot figures, with generated people.

Everything is derived from a seed, so the same command gives the same data: a bug report can say
"seed 42, Zutphen, student 17". Nothing here is real personal data: names come from Faker's
Dutch lists, addresses are invented, dates of birth follow the year group.

Two ways to fill a region once its people exist (``people.py``, bulk inserts in both):

- the story (``story/``, the default): placements, reactions, internships, contracts, hours,
  reports, evaluations and certificates are made by the service functions users trigger, each
  at its moment on the demo's clock, so the demo cannot drift from the rules;
- the bulk load (``bulk/``, only for ``demo --all``): all twenty pilots (59,339 students) in a
  minute or two with COPY, one precomputed password hash and no per-row queries. A test checks
  that what it makes passes the same checks as what the services make.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from faker.providers.person.nl_NL import Provider as DutchNames

from stageplein.accounts.models import Membership, Role, User
from stageplein.core.schoolyear import school_year_of
from stageplein.demo import (
    fixed,
    funding,
    imports,
    library,
    mailings,
    matching,
    own,
    people,
    planning,
    reminders,
    routes,
    school_round,
)
from stageplein.demo.accounts import DEMO_PASSWORD, FIXED_ACCOUNTS
from stageplein.demo.bulk import history, internships, placements, reactions, reflections
from stageplein.demo.clock import moment, no_mail
from stageplein.demo.context import PilotContext, Stats
from stageplein.demo.story import lives, offers, readme, wishes
from stageplein.geo.models import Municipality, PostcodeArea, Region
from stageplein.geo.pilots import YEARLY_HOURS_TARGET, Pilot
from stageplein.internships.models import Internship
from stageplein.organisations.models import Broker, Provider, School, Sector
from stageplein.students.models import Student, YearlyTarget
from stageplein.students.selectors import NormTable

__all__ = ["DEMO_PASSWORD", "FIXED_ACCOUNTS", "DemoBuilder", "delete_demo"]

Step = Callable[["DemoBuilder", random.Random, PilotContext], None]

# After the people of a pilot, in this order.
STORY: list[Step] = [
    matching.students_step,  # hobbies and guidance needs, as the schools' imports bring them
    offers.publish,  # each provider's placements, published when it joined
    lives.live,  # internships from approved reactions, with contracts, hours and reports
    offers.keep_up,  # new periods, stale and closed placements, drafts, school links
    planning.windows_step,  # the schools' calendars and targets
    wishes.react,  # this year's reactions still in play, in every status
    readme.act,  # the README's accounts: one of everything to act on
    routes.build,  # mediation, a waiting list, a stage market (issue 15)
    own.build,  # own placements, a school's reaction for a student (issue 15)
    matching.earlier_round,
    funding.provider_compensation,
    imports.build,
    library.build,
    mailings.build,
    reminders.build,
    school_round.build,  # a school no broker serves, whose students wait for its round
]
BULK: list[Step] = [
    matching.students_step,
    history.internships,
    history.fixed_internship,
    internships.signed_contracts,
    internships.evaluations,
    internships.certificates,
    placements.placements_step,
    planning.windows_step,
    reactions.applications_step,
    internships.fixed_accounts,
    reflections.waiting_reflections,
    matching.placements_step,
    matching.earlier_round,
    funding.provider_compensation,
    imports.build,
    library.build,
    mailings.build,
    reminders.build,
    school_round.build,
]


class DemoBuilder:
    def __init__(
        self,
        seed: int = 2009,
        today: datetime.date | None = None,
        bulk: bool = False,
        steps: list[Step] | None = None,
    ) -> None:
        self.seed = seed
        self.bulk = bulk
        # What follows the people of a pilot: the story, the bulk load, or (the season
        # simulator) only the region's starting point, played on from there.
        self.steps = steps if steps is not None else (BULK if bulk else STORY)
        self.today = today or timezone.localdate()
        self.school_year = school_year_of(self.today)
        # The story's present: now, or the end of the demo's date when it lies in the past.
        self.now = min(timezone.now(), moment(self.today, 23, 59))
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
    def user(self, rng: random.Random, email: str | None, **extra) -> User:
        return User(
            email=email,
            first_name=extra.pop("first_name", None) or rng.choice(self.first_names),
            last_name=extra.pop("last_name", None) or rng.choice(self.last_names),
            password=self.password,
            **extra,
        )

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            phases = self.stats.phases
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - started

    def street(self) -> str:
        return f"{self.faker.street_name()} {self.faker.building_number()}"

    # -- the build -----------------------------------------------------------------------------
    def build(self, pilots: list[Pilot], with_fixed_accounts: bool = True) -> Stats:
        with no_mail():
            self._national_and_admin(with_fixed_accounts)
            for n, pilot in enumerate(pilots):
                with transaction.atomic():
                    started = datetime.datetime.now()
                    self._build_pilot(pilot, with_fixed_accounts and n == 0)
                    if self.bulk and connection.vendor == "postgresql":
                        # The foreign keys are checked at commit (deferred); checked here
                        # instead, their share of the load shows among the phases.
                        with self.phase("foreign key checks"), connection.cursor() as cursor:
                            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                            # Back to deferred: SET CONSTRAINTS lasts for the whole transaction,
                            # and inside an outer one (a test, a --replace) a later delete would
                            # otherwise be checked row by row in Django's deletion order.
                            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                    elapsed = datetime.datetime.now() - started
                    self.stats.seconds[pilot.name] = elapsed.total_seconds()
        return self.stats

    def _national_and_admin(self, fixed: bool) -> None:
        if not fixed or User.objects.filter(email=FIXED_ACCOUNTS["national"]).exists():
            return
        rng = random.Random(f"{self.seed}:national")
        national = self.user(rng, FIXED_ACCOUNTS["national"])
        national.save()
        Membership.objects.create(user=national, role=Role.NATIONAL)
        admin = self.user(
            rng,
            FIXED_ACCOUNTS["admin"],
            first_name="Beheer",
            last_name="Stageplein",
            is_staff=True,
            is_superuser=True,
        )
        admin.save()
        self.stats.staff += 2

    def _build_pilot(self, pilot: Pilot, fixed_accounts: bool) -> None:
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

        with self.phase("people.schools"):
            schools = people.schools(self, rng, pilot, region, municipalities, weights)
            people.school_staff(self, rng, schools)
        with self.phase("people.providers"):
            providers = people.providers(self, rng, pilot, region, municipalities, weights, schools)
        with self.phase("people.brokers+officers"):
            brokers = people.brokers(self, rng, pilot, region, municipalities)
            officers = people.officers(self, rng, pilot, municipalities)
        with self.phase("people.students"):
            students = people.students(self, rng, pilot, municipalities, weights, schools)
        if pilot.name in YEARLY_HOURS_TARGET:
            YearlyTarget.objects.bulk_create(
                YearlyTarget(
                    school=plan.school,
                    school_year=self.school_year,
                    hours_per_student=YEARLY_HOURS_TARGET[pilot.name],
                )
                for plan in schools
            )
        YearlyTarget.objects.create(
            region=region,
            school_year=self.school_year,
            students=pilot.students,
            hours_per_student=YEARLY_HOURS_TARGET.get(pilot.name),
        )
        context = PilotContext(
            pilot=pilot,
            region=region,
            municipalities=municipalities,
            schools=[plan.school for plan in schools],
            students=students,
            providers=providers,
            brokers=brokers,
            officers=officers,
            fixed=fixed_accounts,
        )
        if fixed_accounts:
            fixed.name_accounts(rng, context)
        for step in self.steps:
            name = f"{step.__module__}.{step.__name__}"
            step_rng = random.Random(f"{self.seed}:{pilot.name}:{name}")
            with self.phase(name.removeprefix("stageplein.demo.")):
                step(self, step_rng, context)


@transaction.atomic
@disable_auditlog()
def delete_demo() -> None:
    """Remove every region with its schools, students, providers and brokers, and the demo's
    people (``--replace``). Without audit entries: they would record the deletion of generated
    people, one INSERT per student, guardianship, placement, period and reaction (over 200,000
    for ``--all``)."""
    Internship.objects.all().delete()
    Student.objects.all().delete()
    Provider.objects.all().delete()
    Broker.objects.all().delete()
    School.objects.all().delete()
    Region.objects.all().delete()
    User.objects.filter(email__endswith=".test").delete()
