"""The broker's queue page: who waits, with interests and guidance needs, filterable."""

import pytest
from django.urls import reverse

from stageplein.applications.services import application_flag
from tests.support.matching import pupil

pytestmark = pytest.mark.django_db


def test_the_broker_sees_the_students_of_its_area_waiting_for_a_place(world, client_as):
    world.classmate.interests.add("sport")
    world.classmate.interests.add("zorg")
    world.classmate.needs_teacher_present = True
    world.classmate.hobbies = "voetbal"
    world.classmate.save()
    page = client_as("broker").get(reverse("matching_queue")).content.decode()
    assert "Lotte Jansen" in page
    assert "Sport, Zorg en welzijn" in page  # interests in the order chosen
    assert "voetbal" in page
    assert "een docent erbij" in page
    assert "Daan Bakker" not in page  # another region's student
    assert "Sam de Vries" not in page  # has a place


def test_filters_narrow_the_queue(world, client_as):
    pupil(world.school, "5001", level="vmbo", first_name="Vera")
    client = client_as("broker")
    vmbo = client.get(reverse("matching_queue"), {"level": "vmbo"}).content.decode()
    assert "Vera de Vries" in vmbo and "Lotte Jansen" not in vmbo
    flagged = client.get(reverse("matching_queue"), {"reactions": "flagged"}).content.decode()
    assert "Lotte Jansen" not in flagged


def test_a_flagged_match_shows_in_the_queue(world, client_as):
    application_flag(
        application=world.accepted_application,
        by=world.users["provider_contact"],
        reason="Komt niet opdagen",
    )
    page = client_as("broker").get(reverse("matching_queue"), {"reactions": "flagged"})
    text = page.content.decode()
    assert "Sam de Vries" in text and "Komt niet opdagen" in text


def test_htmx_gets_only_the_results(world, client_as):
    response = client_as("broker").get(reverse("matching_queue"), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="results"') and "<html" not in text
