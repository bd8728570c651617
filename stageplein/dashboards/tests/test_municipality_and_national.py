"""The municipality officer's and the national viewer's overviews: numbers for a territory."""

import pytest
from django.urls import reverse

from stageplein.dashboards.figures import municipality_figures, region_rows
from stageplein.dashboards.progress import StudentStatus
from stageplein.geo.models import Region
from stageplein.internships.models import StudentEvaluation
from tests.support.progress import internship_with_hours, student_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture
def lochem_student(world):
    """At the Zutphen school, living in Lochem (7241): who serves this student is the rule."""
    return student_at(world.school, "7001", pc4="7241", first_name="Pendel")


def test_the_municipality_serves_students_where_they_live_under_the_home_rule(
    world, lochem_student
):
    assert municipality_figures(world.municipality.pk).students == 2  # Sam and Lotte
    assert municipality_figures("0262").students == 1  # Lochem: the commuter


def test_under_the_school_rule_the_schools_municipality_serves_its_commuters(world, lochem_student):
    Region.objects.filter(pk=world.region.pk).update(funding_rule=Region.FundingRule.SCHOOL)
    assert municipality_figures(world.municipality.pk).students == 3
    assert municipality_figures("0262").students == 0


def test_municipality_figures_count_status_hours_providers_placements_and_grades(world):
    done = student_at(world.school, "7002")
    StudentEvaluation.objects.create(
        internship=internship_with_hours(done, world.provider, 60), grade=8
    )
    f = municipality_figures(world.municipality.pk)
    assert f.students == 3
    assert f.by_status[StudentStatus.DONE] == 1
    assert f.by_status[StudentStatus.IN_PROGRESS] == 1  # Sam
    assert f.by_status[StudentStatus.NONE] == 1  # Lotte
    assert (f.reached, f.with_hours, f.hours) == (1, 2, 65.5)
    assert (f.providers, f.placements) == (1, 2)  # De Linde; its two published placements
    assert (f.evaluations, f.average_grade) == (1, 8)
    assert f.by_level["havo"] == [3, 1]


def test_the_officer_sees_the_overview_of_their_municipality_only(client_as, world):
    response = client_as("municipality").get(reverse("dashboard_municipality"))
    assert response.status_code == 200
    assert response.context["municipality"] == world.municipality
    other = client_as("municipality").get(
        reverse("dashboard_municipality"), {"municipality": world.other_school.municipality_id}
    )
    assert other.status_code == 404
    page = response.content.decode()
    assert 'id="chart-status-data"' in page and 'id="chart-sectors-data"' in page


def test_national_figures_per_region_add_up_as_the_municipalities_do(world, lochem_student):
    rows = {r.name: r for r in region_rows()}
    zutphen = rows[world.region.name].figures
    # The region counts its schools' students wherever they live.
    assert zutphen.students == 3
    assert zutphen.students == (
        municipality_figures(world.municipality.pk).students + municipality_figures("0262").students
    )
    assert (zutphen.reached, zutphen.hours) == (0, 5.5)
    assert rows[world.other_region.name].figures.students == 1


def test_the_national_viewer_sees_every_region_and_the_twenty_pilots_beside_today(client_as, world):
    response = client_as("national").get(reverse("dashboard_national"))
    assert response.status_code == 200
    regions = [r[0] for r in response.context["regions"].rows]
    assert regions == [world.other_region.name, world.region.name]
    pilots = {r[0]: r for r in response.context["pilots"].rows}
    assert len(pilots) == 20
    assert pilots["Amersfoort"][1] == 2700  # the booklet's students
    assert pilots["Zutphen"][2] == 0  # no region of that name in the test world


def test_the_national_total_hours_are_written_the_same_in_the_headline_and_the_table(
    client_as, world
):
    # The world's confirmed hours are 3 + 2,5: a half hour that rounding would lose.
    response = client_as("national").get(reverse("dashboard_national"))
    html = response.content.decode()
    headline = html.split('<dl class="stats">', 1)[1].split("</dl>", 1)[0]
    assert "5,5" in headline
    assert ">6<" not in headline
