"""Who sees which funding report: officers their municipality's (numbers), brokers theirs
with the per-student list, the national viewer every region and municipality."""

from decimal import Decimal

import pytest
from django.urls import reverse

from stageplein.core.schoolyear import current_school_year
from stageplein.geo.models import Region
from tests.support.progress import internship_with_hours, student_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture
def funded(world):
    Region.objects.filter(pk=world.region.pk).update(provider_compensation=Decimal(15))
    internship_with_hours(world.classmate, world.provider, 10)
    return world


def test_the_officer_is_taken_to_their_municipalitys_report(client_as, funded):
    world = funded
    response = client_as("municipality").get(reverse("funding_overview"), follow=True)
    assert response.redirect_chain[-1][0] == (
        f"{reverse('funding_municipality', args=[world.municipality.pk])}"
        f"?year={current_school_year()}"
    )
    report = response.context["report"]
    assert (report.students, report.completed, report.amount) == (2, 1, Decimal(15))
    assert "Which municipality and broker serve each student" not in response.content.decode()


def test_an_officer_cannot_open_another_municipalitys_report(client_as, world):
    other = world.other_school.municipality_id
    response = client_as("municipality").get(reverse("funding_municipality", args=[other]))
    assert response.status_code == 404


def test_the_broker_sees_its_report_and_which_municipality_serves_each_student(client_as, funded):
    world = funded
    client = client_as("broker")
    report = client.get(reverse("funding_broker", args=[world.broker.pk]))
    assert report.context["report"].students == 2
    listed = client.get(reverse("funding_students", args=[world.broker.pk]))
    rows = {r[0]: r for r in listed.context["table"].rows}
    sam = rows[world.student.student_number]
    # number, name, school, level, year, lives in, school in, served by, rule, brokers, …
    assert sam[7] == world.municipality.name
    assert sam[9] == world.broker.name
    assert rows[world.classmate.student_number][10:] == (1, Decimal(15))
    assert world.other_student.student_number not in rows


def test_the_national_viewer_sees_every_region_and_municipality_as_numbers(client_as, funded):
    world = funded
    response = client_as("national").get(reverse("funding_overview"))
    regions = {r[0]: r for r in response.context["regions"].rows}
    assert regions[world.region.name][3:] == (2, 1, Decimal(15))
    assert world.other_region.name in regions
    municipality = client_as("national").get(
        reverse("funding_municipality", args=[world.municipality.pk])
    )
    assert municipality.status_code == 200
    names = client_as("national").get(reverse("funding_students", args=[world.broker.pk]))
    assert names.status_code == 403


def test_an_earlier_school_year_can_be_chosen_but_not_a_made_up_one(client_as, funded):
    world = funded
    url = reverse("funding_municipality", args=[world.municipality.pk])
    last = client_as("municipality").get(url, {"year": current_school_year() - 1})
    assert last.status_code == 200
    assert last.context["report"].completed == 0  # the internship ended this school year
    assert client_as("municipality").get(url, {"year": "1999"}).status_code == 404
    assert client_as("municipality").get(url, {"year": "x"}).status_code == 404


def test_a_commuter_is_in_the_report_of_the_municipality_the_rule_names(client_as, world):
    commuter = student_at(world.school, "8101", pc4="7241")  # lives in Lochem
    url = reverse("funding_broker", args=[world.broker.pk])
    home = client_as("broker").get(url).context["report"]
    assert home.students == 2  # Zutphen serves Sam and Lotte; Lochem the commuter
    Region.objects.filter(pk=world.region.pk).update(funding_rule=Region.FundingRule.SCHOOL)
    school = client_as("broker").get(url).context["report"]
    assert school.students == 3
    assert commuter.student_number in {
        r[0]
        for r in client_as("broker")
        .get(reverse("funding_students", args=[world.broker.pk]))
        .context["table"]
        .rows
    }


def test_compensation_is_listed_per_organisation_with_what_a_payment_needs(client_as, funded):
    from stageplein.organisations.models import Provider, ProviderLocation

    world = funded
    namesake = Provider.objects.create(
        name=world.provider.name,
        sector=world.provider.sector,
        region=world.region,
        municipality=world.municipality,
        iban="NL91ABNA0417164300",
        kvk_number="12345678",
    )
    ProviderLocation.objects.create(
        provider=namesake, name="Tweede", address="Kerkstraat 1", postcode_id="7202"
    )
    covered = internship_with_hours(world.classmate, namesake, 6)
    response = client_as("municipality").get(
        reverse("funding_municipality", args=[world.municipality.pk])
    )
    providers = response.context["providers"]
    numbers = [row[0] for row in providers.rows]
    assert len(numbers) == len(set(numbers)) == 2  # same name, two organisations to pay
    row = next(r for r in providers.rows if r[0] == f"SP-{namesake.pk:05d}")
    assert "Kerkstraat 1" in row[3] and row[4] == "NL91 ABNA 0417 1643 00" and row[2] == "12345678"
    other = next(r for r in providers.rows if r[0] == f"SP-{world.provider.pk:05d}")
    assert "Lindelaan 4" in other[3]
    internships = response.context["provider_internships"]
    assert (f"SP-{namesake.pk:05d}", f"#{covered.pk}") in [(r[0], r[2]) for r in internships.rows]
