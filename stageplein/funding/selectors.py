"""Funding (R-PLAN-4): which municipality and broker serve each student, and the totals a
municipality or broker is funded (and pays providers) for. docs/reporting.md has the rules.

- The municipality that serves a student follows the region's ``funding_rule`` (the region of
  the student's school): where the student lives (home rule; the school's municipality when the
  home postcode is unknown), or where the school is (school rule). A commuting student is thus
  served by one municipality only, whichever the region agreed on.
- The brokers that serve a student are those serving that municipality. When several brokers
  share a municipality, each is credited an equal part of its students (three brokers: a third).
- Students of a school year: at school some time that year (entered in or before it, not left
  before it began, and already in year group 1 or higher then).
- Provider compensation: the region's amount for every internship completed in the school year
  (its end date in the year) by a student the municipality serves; internships at school itself
  are not compensated.

Municipality officers and national viewers get these as numbers; only brokers (and the
platform admin) see the per-student list, for the students they serve.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Count, F, Q, QuerySet, Subquery, When
from django.db.models.expressions import Case, OuterRef
from django.db.models.functions import Coalesce
from django.http import Http404

from stageplein.accounts.access import Scope
from stageplein.core.iban import format_iban
from stageplein.core.schoolyear import current_school_year, school_year_bounds
from stageplein.funding.access import may_see_broker, may_see_municipality
from stageplein.geo.models import Municipality, PostcodeArea, Region
from stageplein.internships.models import Internship
from stageplein.organisations.models import Broker, Level, Provider, School
from stageplein.students.access import students_visible_to
from stageplein.students.models import Student

HOME = Region.FundingRule.HOME
YEARS_BACK = 3


def serving_municipality(prefix: str = "") -> Case:
    """The code of the municipality that serves the student (``prefix`` for a relation)."""
    return Case(
        When(
            Q(
                **{
                    f"{prefix}school__region__funding_rule": HOME,
                    f"{prefix}home_postcode__isnull": False,
                }
            ),
            then=F(f"{prefix}home_postcode__municipality_id"),
        ),
        default=F(f"{prefix}school__municipality_id"),
        output_field=CharField(),
    )


def served_by(codes: Iterable[str], prefix: str = "") -> Q:
    """Students served by one of these municipalities. Written over the student's own columns
    (school, home postcode) with small subqueries, so that PostgreSQL filters students by
    index before it computes anything per student."""

    codes = list(codes)
    home_rule_schools = School.objects.filter(region__funding_rule=HOME).values("pk")
    schools_there = School.objects.filter(municipality_id__in=codes)
    by_home = Q(
        **{
            f"{prefix}school_id__in": home_rule_schools,
            f"{prefix}home_postcode_id__in": PostcodeArea.objects.filter(
                municipality_id__in=codes
            ).values("pk"),
        }
    )
    by_school = Q(
        **{f"{prefix}school_id__in": schools_there.exclude(region__funding_rule=HOME).values("pk")}
    ) | Q(
        **{
            f"{prefix}school_id__in": schools_there.values("pk"),
            f"{prefix}home_postcode__isnull": True,
        }
    )
    return by_home | by_school


def school_years() -> list[int]:
    now = current_school_year()
    return [now - k for k in range(YEARS_BACK)]


def parse_school_year(value: str | None) -> int:
    years = school_years()
    try:
        year = int(value or years[0])
    except ValueError:
        raise Http404 from None
    if year not in years:
        raise Http404
    return year


def enrolled_in(school_year: int) -> Q:
    start, _end = school_year_bounds(school_year)
    back = current_school_year() - school_year
    return Q(cohort__lte=school_year, year__gt=back) & (
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )


def completed_in(school_year: int) -> Q:
    start, end = school_year_bounds(school_year)
    return Q(
        status=Internship.Status.COMPLETED,
        end_date__gte=start,
        end_date__lte=end,
    ) & ~Q(provider__kind=Provider.Kind.SCHOOL)


def brokers_per_municipality() -> dict[str, list[Broker]]:
    found: dict[str, list[Broker]] = defaultdict(list)
    through = Broker.municipalities.through
    brokers = {b.pk: b for b in Broker.objects.all()}
    for broker_id, code in through.objects.order_by("broker__name", "broker_id").values_list(
        "broker_id", "municipality_id"
    ):
        found[code].append(brokers[broker_id])
    return found


# -- who may see which report --------------------------------------------------------------


def get_municipality_for_funding(scope: Scope, code: str) -> Municipality:
    if not may_see_municipality(scope, code):
        raise Http404
    try:
        return Municipality.objects.get(pk=code)
    except Municipality.DoesNotExist:
        raise Http404 from None


def get_broker_for_funding(scope: Scope, broker_id: int) -> Broker:
    if not may_see_broker(scope, broker_id):
        raise Http404
    try:
        return Broker.objects.select_related("region").get(pk=broker_id)
    except Broker.DoesNotExist:
        raise Http404 from None


# -- the reports -----------------------------------------------------------------------------


@dataclass
class ProviderLine:
    """One organisation to pay: told apart by its platform number (several may share a name),
    with what a payment needs and the internships the amount covers."""

    provider_id: int
    name: str
    completed: int
    amount: Decimal
    kvk_number: str = ""
    iban: str = ""
    account_holder: str = ""
    address: str = ""
    internships: list[CoveredInternship] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        return provider_identifier(self.provider_id)


@dataclass
class CoveredInternship:
    internship_id: int
    title: str
    end_date: datetime.date
    amount: Decimal


def provider_identifier(provider_id: int) -> str:
    return f"SP-{provider_id:05d}"


@dataclass
class MunicipalityLine:
    code: str
    name: str
    region: str
    students: int
    brokers: list[str]
    share: Decimal  # students credited to the broker the report is for (equal parts)
    completed: int
    amount: Decimal


@dataclass
class SchoolLevelLine:
    school: str
    municipality: str
    level: str
    students: int
    commuting: int


@dataclass
class FundingReport:
    school_year: int
    students: int = 0
    completed: int = 0
    amount: Decimal = Decimal(0)
    share: Decimal = Decimal(0)
    schools: list[SchoolLevelLine] = field(default_factory=list)
    providers: list[ProviderLine] = field(default_factory=list)
    municipalities: list[MunicipalityLine] = field(default_factory=list)
    brokers: list[str] = field(default_factory=list)


def funded_students(codes: Iterable[str], school_year: int) -> QuerySet[Student]:
    return Student.objects.filter(served_by(codes), enrolled_in(school_year))


def school_level_lines(codes: Iterable[str], school_year: int) -> list[SchoolLevelLine]:

    labels = dict(Level.choices)
    commuting = Q(home_postcode__isnull=False) & ~Q(
        home_postcode__municipality_id=F("school__municipality_id")
    )
    rows = (
        funded_students(codes, school_year)
        .values("school_id", "school__name", "school__municipality__name", "level")
        .annotate(n=Count("pk"), commuting=Count("pk", filter=commuting))
        .order_by("school__name", "level")
    )
    return [
        SchoolLevelLine(
            school=r["school__name"],
            municipality=r["school__municipality__name"],
            level=str(labels.get(r["level"], r["level"])),
            students=r["n"],
            commuting=r["commuting"],
        )
        for r in rows
    ]


def _completed(codes: Iterable[str], school_year: int) -> QuerySet[Internship]:
    return Internship.objects.filter(
        served_by(codes, prefix="student__"), completed_in(school_year)
    )


def provider_lines(codes: Iterable[str], school_year: int) -> list[ProviderLine]:
    """Per organisation (not per name): the completed internships it is compensated for."""
    rows = (
        _completed(codes, school_year)
        .values(
            "pk",
            "title",
            "end_date",
            "provider_id",
            "student__school__region__provider_compensation",
        )
        .order_by("provider__name", "provider_id", "end_date", "pk")
    )
    lines: dict[int, ProviderLine] = {}
    for r in rows:
        line = lines.setdefault(r["provider_id"], ProviderLine(r["provider_id"], "", 0, Decimal(0)))
        rate = r["student__school__region__provider_compensation"] or Decimal(0)
        line.completed += 1
        line.amount += rate
        line.internships.append(CoveredInternship(r["pk"], r["title"], r["end_date"], rate))
    providers = Provider.objects.filter(pk__in=lines).prefetch_related("locations__postcode")
    for provider in providers:
        line = lines[provider.pk]
        line.name = provider.name
        line.kvk_number = provider.kvk_number
        line.iban = format_iban(provider.iban)
        line.account_holder = provider.account_holder
        line.address = provider.postal_address or _first_location_address(provider)
    return list(lines.values())


def _first_location_address(provider: Provider) -> str:
    location = next(iter(provider.locations.all()), None)
    if location is None:
        return ""
    # Street and place only: the full postcode is the organisation's to fill in (postal
    # address); a bare 4-digit area next to students' figures reads like their home area.
    return f"{location.address}, {location.postcode.place}"


def municipality_lines(codes: Iterable[str], school_year: int) -> list[MunicipalityLine]:
    """Per serving municipality: students, completed internships, compensation (one query
    each, grouped by the serving municipality)."""
    codes = list(codes)
    students = dict(
        funded_students(codes, school_year)
        .annotate(serving=serving_municipality())
        .values("serving")
        .annotate(n=Count("pk"))
        .values_list("serving", "n")
    )
    completed: dict[str, tuple[int, Decimal]] = {}
    for serving, rate, n in (
        _completed(codes, school_year)
        .annotate(serving=serving_municipality("student__"))
        .values("serving", "student__school__region__provider_compensation")
        .annotate(n=Count("pk"))
        .values_list("serving", "student__school__region__provider_compensation", "n")
    ):
        count, amount = completed.get(serving, (0, Decimal(0)))
        completed[serving] = (count + n, amount + (rate or 0) * n)
    brokers = brokers_per_municipality()
    region_of = _region_names(codes)
    lines = []
    for m in Municipality.objects.filter(pk__in=codes).order_by("name"):
        n = students.get(m.pk, 0)
        count, amount = completed.get(m.pk, (0, Decimal(0)))
        names = [b.name for b in brokers.get(m.pk, [])]
        lines.append(
            MunicipalityLine(
                code=m.pk,
                name=m.name,
                region=region_of.get(m.pk, ""),
                students=n,
                brokers=names,
                share=Decimal(n) / len(names) if names else Decimal(0),
                completed=count,
                amount=amount,
            )
        )
    return lines


def _region_names(codes: list[str]) -> dict[str, str]:
    through = Region.municipalities.through
    names: dict[str, list[str]] = defaultdict(list)
    for code, name in through.objects.filter(municipality_id__in=codes).values_list(
        "municipality_id", "region__name"
    ):
        names[code].append(name)
    return {code: ", ".join(sorted(n)) for code, n in names.items()}


def municipality_report(municipality: Municipality, school_year: int) -> FundingReport:
    codes = [municipality.pk]
    [line] = municipality_lines(codes, school_year)
    return FundingReport(
        school_year=school_year,
        students=line.students,
        completed=line.completed,
        amount=line.amount,
        share=Decimal(line.students),
        schools=school_level_lines(codes, school_year),
        providers=provider_lines(codes, school_year),
        municipalities=[line],
        brokers=line.brokers,
    )


def broker_report(broker: Broker, school_year: int) -> FundingReport:
    codes = list(broker.municipalities.values_list("pk", flat=True))
    lines = municipality_lines(codes, school_year)
    report = FundingReport(
        school_year=school_year,
        schools=school_level_lines(codes, school_year),
        providers=provider_lines(codes, school_year),
        municipalities=lines,
        brokers=[broker.name],
    )
    for line in lines:
        parts = len(line.brokers) or 1
        report.students += line.students
        report.share += Decimal(line.students) / parts
        report.completed += line.completed
        report.amount += line.amount / parts
    return report


@dataclass
class RegionLine:
    region_id: int
    name: str
    rule: str
    rate: Decimal | None
    students: int
    completed: int
    amount: Decimal


def national_lines(school_year: int) -> tuple[list[RegionLine], list[MunicipalityLine]]:
    codes = list(
        Region.municipalities.through.objects.values_list("municipality_id", flat=True).distinct()
    )
    municipalities = municipality_lines(codes, school_year)
    # Per region: the students of its schools (the rule is the region's), counted directly.
    students = dict(
        Student.objects.filter(enrolled_in(school_year))
        .values("school__region_id")
        .annotate(n=Count("pk"))
        .values_list("school__region_id", "n")
    )
    completed = dict(
        Internship.objects.filter(completed_in(school_year))
        .values("student__school__region_id")
        .annotate(n=Count("pk"))
        .values_list("student__school__region_id", "n")
    )
    regions = [
        RegionLine(
            region_id=r.pk,
            name=r.name,
            rule=r.get_funding_rule_display(),
            rate=r.provider_compensation,
            students=students.get(r.pk, 0),
            completed=completed.get(r.pk, 0),
            amount=(r.provider_compensation or Decimal(0)) * completed.get(r.pk, 0),
        )
        for r in Region.objects.order_by("name")
    ]
    return regions, municipalities


def funded_student_rows(scope: Scope, broker: Broker, school_year: int) -> QuerySet[Student]:
    """The students a broker is funded for, with what decides it (for the per-student list)."""
    codes = list(broker.municipalities.values_list("pk", flat=True))
    completed = (
        Internship.objects.filter(completed_in(school_year), student=OuterRef("pk"))
        .order_by()
        .values("student")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        students_visible_to(scope)
        .filter(served_by(codes), enrolled_in(school_year))
        .annotate(
            serving=serving_municipality(),
            completed=Coalesce(Subquery(completed), 0),
        )
        .select_related(
            "user",
            "school__municipality",
            "school__region",
            "home_postcode__municipality",
        )
        .order_by("school__name", "class_name", "user__last_name", "user__first_name")
    )
