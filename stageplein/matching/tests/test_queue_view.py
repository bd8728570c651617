"""The broker's queue page: who waits, with interests and guidance needs, filterable."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def _queries_of_the_queue(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("matching_queue"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_queue_runs_as_many_queries_for_many_students_as_for_few(world, client_as):
    # Issue 12: the page took 80 s with all pilots loaded; a query per student would show here.
    # Speed itself is measured in bench/matching_queue.py, never by wall-clock in a test.
    client = client_as("broker")
    client.get(reverse("matching_queue"))  # warm the session and the caches
    few = _queries_of_the_queue(client)
    for n in range(12):
        student = pupil(world.school, f"60{n:02}", interests=("sport", "zorg"))
        student.needs_teacher_present = n % 2 == 0
        student.save()
    many_page = client.get(reverse("matching_queue")).content.decode()
    assert "Leerling6011" in many_page  # the new students are on the page
    assert _queries_of_the_queue(client) == few


def _queue_computations(client, params: dict) -> tuple[int, str]:
    """How many queries compute the queue's rows (each one asks for open flags: membership,
    or the columns of the page's rows), and the page."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("matching_queue"), params)
    assert response.status_code == 200
    flags = [q for q in ctx.captured_queries if "flag_resolved_at" in q["sql"]]
    return len(flags), response.content.decode()


def test_the_queue_is_computed_once_per_page(world, client_as):
    # Issue 12: with all pilots one computation of a region's queue takes seconds; the page
    # used to compute it for the count, the page's keys and the school filter's choices.
    pupil(world.school, "5001", level="vmbo", first_name="Vera")
    client = client_as("broker")
    client.get(reverse("matching_queue"))  # warm the session and the caches
    computed, page = _queue_computations(client, {})
    assert computed == 2  # the members in waiting order, then the columns of the page's rows
    assert "Vera de Vries" in page and "Lotte Jansen" in page
    assert world.school.name in page  # a choice of the school filter
    computed, page = _queue_computations(client, {"level": "vmbo"})
    assert computed == 3  # a filter asks once more
    assert "Vera de Vries" in page and "Lotte Jansen" not in page
    # A value the filter refuses is dropped, as before: the whole queue.
    computed, page = _queue_computations(client, {"school": "999999", "page": "1"})
    assert computed == 2
    assert "Vera de Vries" in page and "Lotte Jansen" in page
