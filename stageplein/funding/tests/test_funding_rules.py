"""R-PLAN-4: which municipality and broker serve a student, students per school and level,
and the compensation to providers per completed internship."""

import datetime
from decimal import Decimal

import pytest

from stageplein.core.schoolyear import school_year_bounds
from stageplein.funding.selectors import (
    broker_report,
    enrolled_in,
    municipality_report,
    national_lines,
    served_by,
    serving_municipality,
)
from stageplein.geo.models import Municipality, Region
from stageplein.organisations.models import Broker
from stageplein.students.models import Student
from tests.support.progress import internship_with_hours, student_at, this_year

pytestmark = pytest.mark.django_db
LOCHEM = "0262"


def serving(student: Student) -> str:
    return (
        Student.objects.annotate(m=serving_municipality())
        .values_list("m", flat=True)
        .get(pk=student.pk)
    )


@pytest.fixture
def commuter(world):
    """Lives in Lochem (7241), goes to school in Zutphen."""
    return student_at(world.school, "8001", pc4="7241")


def test_under_the_home_rule_the_municipality_where_the_student_lives_serves(world, commuter):
    assert serving(commuter) == LOCHEM
    assert serving(world.student) == world.municipality.pk
    assert set(Student.objects.filter(served_by([LOCHEM]))) == {commuter}


def test_under_the_school_rule_the_schools_municipality_serves_the_commuter(world, commuter):
    Region.objects.filter(pk=world.region.pk).update(funding_rule=Region.FundingRule.SCHOOL)
    assert serving(commuter) == world.municipality.pk
    assert not Student.objects.filter(served_by([LOCHEM])).exists()


def test_without_a_home_postcode_the_schools_municipality_serves(world):
    unknown = student_at(world.school, "8002")
    Student.objects.filter(pk=unknown.pk).update(home_postcode=None)
    assert serving(unknown) == world.municipality.pk
    assert unknown in Student.objects.filter(served_by([world.municipality.pk]))


def test_served_by_and_serving_municipality_agree_for_every_student(world, commuter):
    Region.objects.filter(pk=world.other_region.pk).update(funding_rule=Region.FundingRule.SCHOOL)
    for code in Municipality.objects.values_list("pk", flat=True).filter(
        pk__in=[world.municipality.pk, LOCHEM, world.other_school.municipality_id]
    ):
        by_condition = set(Student.objects.filter(served_by([code])))
        by_annotation = set(Student.objects.annotate(m=serving_municipality()).filter(m=code))
        assert by_condition == by_annotation, code


def test_students_of_a_school_year_are_those_at_school_some_time_that_year(world):
    year = this_year()
    start, _end = school_year_bounds(year)
    left_last_year = student_at(world.school, "8003")
    Student.objects.filter(pk=left_last_year.pk).update(left_on=start - datetime.timedelta(days=1))
    left_this_year = student_at(world.school, "8004")
    Student.objects.filter(pk=left_this_year.pk).update(left_on=start + datetime.timedelta(days=30))
    first_year = student_at(world.school, "8005", year=1)
    enrolled = set(Student.objects.filter(enrolled_in(year)))
    assert left_this_year in enrolled and first_year in enrolled
    assert left_last_year not in enrolled
    # Last school year the first-year student was still at primary school.
    assert first_year not in set(Student.objects.filter(enrolled_in(year - 1)))
    assert world.student in set(Student.objects.filter(enrolled_in(year - 1)))  # then year 1


def test_a_municipality_report_counts_students_per_school_and_level_and_commuters(world, commuter):
    Region.objects.filter(pk=world.region.pk).update(funding_rule=Region.FundingRule.SCHOOL)
    report = municipality_report(world.municipality, this_year())
    assert report.students == 3
    [line] = report.schools
    assert (line.school, line.level, line.students, line.commuting) == (
        world.school.name,
        "havo",
        3,
        1,
    )
    assert report.brokers == [world.broker.name]


def test_providers_are_compensated_per_internship_completed_that_school_year(world, commuter):
    Region.objects.filter(pk=world.region.pk).update(provider_compensation=Decimal("15.00"))
    year = this_year()
    start, _end = school_year_bounds(year)
    internship_with_hours(world.classmate, world.provider, 10)  # completed this year
    internship_with_hours(
        world.classmate, world.provider, 5, end_date=start - datetime.timedelta(days=5)
    )  # completed last school year: not in this year's report
    internship_with_hours(commuter, world.provider, 10)  # Lochem serves the commuter
    report = municipality_report(world.municipality, year)
    assert (report.completed, report.amount) == (1, Decimal("15.00"))
    assert [(p.name, p.completed, p.amount) for p in report.providers] == [
        (world.provider.name, 1, Decimal("15.00"))
    ]
    lochem = municipality_report(Municipality.objects.get(pk=LOCHEM), year)
    assert (lochem.completed, lochem.amount) == (1, Decimal("15.00"))


def test_internships_at_school_are_not_compensated(world):
    from stageplein.internships.services import school_as_provider

    Region.objects.filter(pk=world.region.pk).update(provider_compensation=Decimal(15))
    internship_with_hours(world.classmate, school_as_provider(world.school), 4)
    assert municipality_report(world.municipality, this_year()).completed == 0


def test_brokers_sharing_a_municipality_are_each_credited_an_equal_part(world):
    second = Broker.objects.create(name="Tweede centrale", region=world.region)
    second.municipalities.set([world.municipality])
    Region.objects.filter(pk=world.region.pk).update(provider_compensation=Decimal(15))
    internship_with_hours(world.classmate, world.provider, 10)
    report = broker_report(world.broker, this_year())
    assert report.students == 2
    assert report.share == 1  # two students, two brokers
    assert report.amount == Decimal("7.50")
    assert report.municipalities[0].brokers == sorted([world.broker.name, second.name])


def test_the_national_lines_add_up_per_region_and_municipality(world, commuter):
    regions, municipalities = national_lines(this_year())
    by_region = {r.name: r for r in regions}
    assert by_region[world.region.name].students == 3
    assert by_region[world.other_region.name].students == 1
    by_code = {m.code: m for m in municipalities}
    assert by_code[world.municipality.pk].students == 2
    assert by_code[LOCHEM].students == 1
    assert sum(m.students for m in municipalities) == sum(r.students for r in regions)
