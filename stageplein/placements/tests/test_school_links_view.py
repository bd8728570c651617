"""R-MATCH-6: a school supplies a provider (or one project) for a school year."""

import pytest
from django.urls import reverse

from stageplein.core.schoolyear import current_school_year
from stageplein.placements.models import SchoolLink

pytestmark = pytest.mark.django_db


def data(world, **extra) -> dict:
    return {
        "school": world.school.pk,
        "provider": world.provider.pk,
        "placement": "",
        "school_year": current_school_year() + 1,
        **extra,
    }


def test_a_coordinator_links_the_school_to_a_project_for_next_year(world, client_as):
    placement = world.placement
    response = client_as("coordinator").post(
        reverse("school_link_list"), data(world, placement=placement.pk)
    )
    assert response.status_code == 302
    link = SchoolLink.objects.get(placement=placement)
    assert (link.school, link.created_by) == (world.school, world.users["coordinator"])
    page = client_as("coordinator").get(reverse("school_link_list")).content.decode()
    assert placement.title in page


def test_the_same_link_cannot_be_made_twice(world, client_as):
    client = client_as("coordinator")
    assert client.post(reverse("school_link_list"), data(world)).status_code == 302
    again = client.post(reverse("school_link_list"), data(world))
    assert again.status_code == 400
    assert SchoolLink.objects.filter(school_year=current_school_year() + 1).count() == 1


def test_a_coordinator_cannot_link_another_school(world, client_as):
    response = client_as("coordinator").post(
        reverse("school_link_list"), data(world, school=world.other_school.pk)
    )
    assert response.status_code == 400
    assert not SchoolLink.objects.filter(school=world.other_school).exists()


def test_a_project_must_belong_to_the_chosen_provider(world, client_as):
    response = client_as("broker").post(
        reverse("school_link_list"),
        data(world, provider=world.provider.pk, placement=world.other_placement.pk),
    )
    assert response.status_code == 400
