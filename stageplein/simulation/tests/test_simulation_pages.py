"""The simulator's pages: brokers start a simulation of their region and read its report
(charts with their tables, the booklet beside it, CSV and Excel); national viewers compare
two runs."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stageplein.simulation.models import SimulationRun
from stageplein.simulation.tests.sample import sample_report

pytestmark = pytest.mark.django_db


def finished(world, label="Voorjaar", **kwargs) -> SimulationRun:
    return SimulationRun.objects.create(
        label=label,
        region=kwargs.pop("region", world.region),
        status=SimulationRun.Status.FINISHED,
        report=sample_report(),
        **kwargs,
    )


def test_the_broker_can_only_simulate_their_own_region(world, client_as):
    finished(world, "Eigen regio")
    finished(world, "Andere regio", region=world.other_region)

    page = client_as("broker").get(reverse("simulation_list")).content.decode()

    assert world.region.name in page
    assert world.other_region.name not in page
    assert "Eigen regio" in page
    assert "Andere regio" not in page


def test_starting_a_simulation_queues_it_and_shows_its_progress(world, client_as):
    client = client_as("broker")
    response = client.post(
        reverse("simulation_list"),
        {
            "region": world.region.pk,
            "label": "Alles in het voorjaar",
            "calendar": "spring",
            "react_rate": "0.4",
            "decline_rate": "0.1",
            "broker_every_weeks": "2",
            "weeks": "10",
            "seed": "5",
        },
    )

    run = SimulationRun.objects.get(label="Alles in het voorjaar")
    assert response.status_code == 302
    assert run.region == world.region
    assert run.params["calendar"] == "spring"
    assert run.status == SimulationRun.Status.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert "0 van 10 weken gespeeld" in page


def test_the_progress_box_updates_itself_and_reloads_the_page_once_the_report_is_there(
    world, client_as
):
    run = SimulationRun.objects.create(label="Loopt", region=world.region, weeks=10)
    client = client_as("broker")
    url = reverse("simulation_detail", args=[run.pk])

    box = client.get(url, headers={"HX-Request": "true"})
    assert "<main" not in box.content.decode()
    assert 'id="simulation-progress"' in box.content.decode()

    SimulationRun.objects.filter(pk=run.pk).update(
        status=SimulationRun.Status.FINISHED, report=sample_report()
    )
    done = client.get(url, headers={"HX-Request": "true"})
    # Not the whole page swapped into the box (a second <main> inside the first): a reload.
    assert done.headers.get("HX-Refresh") == "true"
    assert "<main" not in done.content.decode()


def test_a_broker_cannot_start_one_for_another_region(world, client_as):
    client_as("broker").post(
        reverse("simulation_list"),
        {
            "region": world.other_region.pk,
            "calendar": "pilots",
            "react_rate": "0.4",
            "decline_rate": "0.1",
            "broker_every_weeks": "2",
            "weeks": "10",
            "seed": "5",
        },
    )

    assert not SimulationRun.objects.exists()


def test_the_report_shows_the_year_the_charts_and_the_booklet_beside_it(world, client_as):
    run = finished(world)

    page = client_as("broker").get(reverse("simulation_detail", args=[run.pk])).content.decode()

    assert "Geplaatst door een makelaarsronde (%)" in page
    assert 'data-chart="placed-data"' in page
    assert "Naast het boekje van de pilots" in page
    assert "Week voor week" in page  # the table beside the charts


def test_the_week_table_downloads_as_excel(world, client_as):
    run = finished(world)

    response = client_as("broker").post(
        reverse("export_start"),
        {
            "table": "simulation_weeks",
            "format": "xlsx",
            "title": "x",
            "p_run": run.pk,
            "p_area": "country",
        },
    )

    assert response.status_code == 200
    rows = [
        [c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows()
    ]
    assert rows[0][:3] == ["Week", "Maandag", "In hun stageperiode"]
    assert [r[0] for r in rows[1:]] == [1, 2]


def test_another_regions_report_is_not_found(world, client_as):
    run = finished(world, region=world.other_region)

    response = client_as("broker").get(reverse("simulation_detail", args=[run.pk]))

    assert response.status_code == 404


def test_the_national_viewer_compares_two_runs_side_by_side(world, client_as):
    a = finished(world, "Verspreid", region=None)
    b = finished(world, "Voorjaar", region=None)

    page = (
        client_as("national")
        .get(reverse("simulation_compare") + f"?a={a.pk}&b={b.pk}")
        .content.decode()
    )

    assert "De twee jaren in cijfers" in page
    assert 'data-chart="placed-a-data"' in page
    assert 'data-chart="placed-b-data"' in page
