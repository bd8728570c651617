"""Targets (streefgetallen): coordinators set the school's, brokers those of their area and
region; everybody with a stake sees the progress as a figure, a chart and a table."""

import pytest
from django.urls import reverse

from stageplein.core.schoolyear import current_school_year
from stageplein.planning.selectors import target_progress
from stageplein.students.models import YearlyTarget

pytestmark = pytest.mark.django_db


def post(client, **data):
    data = {
        "school_year": current_school_year(),
        "students": "",
        "hours": "",
        "hours_per_student": "",
        **data,
    }
    return client.post(reverse("target_create"), data)


def test_the_page_shows_each_target_as_a_figure_against_its_goal(world, client_as):
    target = world.school_target
    [progress] = target_progress([target])
    html = client_as("coordinator").get(reverse("target_list")).content.decode()
    assert f"<strong>{progress.placed}</strong> van 2 leerlingen" in html
    assert "data-chart=" in html and "<table>" in html


def test_a_municipality_officer_sees_numbers_and_no_student(world, client_as):
    html = client_as("municipality").get(reverse("target_list")).content.decode()
    assert world.broker.name in html
    for student in (world.student, world.classmate):
        assert student.user.first_name not in html and student.user.last_name not in html


def test_a_coordinator_sets_a_target_for_the_school(world, client_as):
    world.school_target.delete()
    response = post(
        client_as("coordinator"), subject=f"school:{world.school.pk}", students=150, hours=3000
    )
    assert response.status_code == 302
    target = YearlyTarget.objects.get(school=world.school, school_year=current_school_year())
    assert (target.students, target.hours, target.updated_by) == (
        150,
        3000,
        world.users["coordinator"],
    )


def test_a_broker_sets_a_target_for_the_region(world, client_as):
    response = post(client_as("broker"), subject=f"region:{world.region.pk}", hours_per_student=30)
    assert response.status_code == 302
    assert YearlyTarget.objects.get(region=world.region).hours_per_student == 30


def test_a_coordinator_cannot_set_the_regions_or_another_schools_target(world, client_as):
    for subject in (f"region:{world.region.pk}", f"school:{world.other_school.pk}"):
        response = post(client_as("coordinator"), subject=subject, students=10)
        assert response.status_code == 400
        assert "subject" in response.context["form"].errors
    assert not YearlyTarget.objects.filter(region__isnull=False).exists()


def test_a_target_needs_a_number_and_one_a_year(world, client_as):
    empty = post(
        client_as("broker"),
        subject=f"broker:{world.broker.pk}",
        school_year=current_school_year() + 1,
    )
    assert "students" in empty.context["form"].errors
    twice = post(client_as("broker"), subject=f"broker:{world.broker.pk}", students=5)
    assert twice.status_code == 400
    assert "al een streefgetal" in str(twice.context["form"].errors["subject"])


def test_the_coordinator_changes_and_removes_the_schools_target(world, client_as):
    target = world.school_target
    url = reverse("target_edit", args=[target.pk])
    response = client_as("coordinator").post(
        url,
        {"school_year": target.school_year, "students": 3, "hours": "", "hours_per_student": 20},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.students, target.hours, target.hours_per_student, target.school) == (
        3,
        None,
        20,
        world.school,
    )
    assert (
        client_as("coordinator").post(reverse("target_delete", args=[target.pk])).status_code == 302
    )
    assert not YearlyTarget.objects.filter(pk=target.pk).exists()


def test_the_broker_cannot_change_a_schools_target(world, client_as):
    target = world.school_target
    response = client_as("broker").post(
        reverse("target_edit", args=[target.pk]),
        {"school_year": target.school_year, "students": 99},
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.students == 2
