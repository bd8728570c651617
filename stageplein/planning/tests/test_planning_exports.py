"""The planning pages' tables download as Excel or CSV, in the requester's scope."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stageplein.planning.tests.helpers import NEXT, period, window

pytestmark = pytest.mark.django_db


def post_export(client, table: str, fmt: str = "xlsx", **params):
    data = {"table": table, "format": fmt, "title": "Export"}
    data.update({f"p_{k}": v for k, v in params.items()})
    return client.post(reverse("export_start"), data)


def sheet_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_broker_downloads_the_week_table_with_the_shortage(world, client_as):
    window(world.school, 40, 41, level="havo", expected_students=60)
    period(world.provider, 40, 41, capacity=10)
    response = post_export(
        client_as("broker"), "planning_weeks", region=world.region.pk, school_year=NEXT
    )
    assert response.status_code == 200
    rows = sheet_rows(response.content)
    assert rows[0][:6] == ["Week", "Maandag", "Leerlingen", "Vrije plaatsen", "Verschil", "Status"]
    week40 = next(r for r in rows[1:] if r[0] == 40)
    assert week40[2:6] == [30, 5, -25, "tekort"]


def test_the_week_table_of_another_region_is_never_written(world, client_as):
    window(world.other_school, 40, 41, expected_students=99)
    response = post_export(
        client_as("coordinator"),
        "planning_weeks",
        "csv",
        region=world.other_region.pk,
        school_year=NEXT,
    )
    # The filter falls back to the person's own region, as the page does.
    assert response.status_code == 200
    assert "99" not in response.content.decode("utf-8-sig")
    assert post_export(client_as("provider_contact"), "planning_weeks").status_code == 403


def test_targets_and_region_windows_download(world, client_as):
    targets = sheet_rows(post_export(client_as("broker"), "planning_targets").content)
    assert world.school.name in [r[0] for r in targets[1:]]
    window(world.school, 40, 41, expected_students=12)
    windows = sheet_rows(
        post_export(
            client_as("coordinator"), "planning_region_windows", region=world.region.pk, year=NEXT
        ).content
    )
    ours = [r for r in windows[1:] if r[2] == world.school.name and r[4] == 12]
    assert len(ours) == 1
    assert world.other_school.name not in [r[2] for r in windows[1:]]  # another region


def test_the_pages_carry_the_export_buttons(world, client_as):
    broker = client_as("broker")
    html = broker.get(reverse("calendar_region")).content.decode()
    assert 'value="planning_weeks"' in html
    assert 'value="planning_targets"' in broker.get(reverse("target_list")).content.decode()
