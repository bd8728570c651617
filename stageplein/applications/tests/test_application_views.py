"""The reaction pages: each side sees its own list and its own buttons."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from stageplein.applications.models import Application, Status
from stageplein.applications.services import application_submit

pytestmark = pytest.mark.django_db


def test_a_student_reacts_from_the_placement_page(world, client_as):
    placement = world.other_placement
    client = client_as("student")
    form = client.get(reverse("application_create", args=[placement.pk]))
    assert "Waarom wil je dit doen?" in form.content.decode()
    response = client.post(
        reverse("application_create", args=[placement.pk]),
        {"period": world.other_period.pk, "motivation": "Ik voetbal zelf"},
    )
    app = Application.objects.get(student=world.student, placement=placement)
    assert response.status_code == 302 and response.url == reverse(
        "application_detail", args=[app.pk]
    )


def test_a_reaction_without_motivation_gets_a_message_on_the_field(world, client_as):
    placement = world.other_placement
    response = client_as("student").post(
        reverse("application_create", args=[placement.pk]),
        {"period": world.other_period.pk, "motivation": ""},
    )
    assert response.status_code == 400
    assert "Schrijf in een paar woorden waarom je dit wilt doen." in response.content.decode()
    assert not Application.objects.filter(placement=placement).exists()


def test_the_provider_list_shows_first_names_in_reaction_order(world, client_as):
    later = application_submit(student=world.classmate, period=world.period, motivation="Later")
    html = client_as("provider_contact").get(reverse("application_list")).content.decode()
    assert html.index(world.application.motivation[:0] + "Sam") < html.index("Lotte")
    assert "Jansen" not in html  # the classmate's last name stays with the school
    assert "nummer 2 in de rij" in html
    assert later.pk


def test_a_refused_accept_is_a_message_not_an_error(world, client_as, students):
    period = world.period
    others = students(3, "full")
    for s in others:
        Application.objects.create(
            student=s,
            placement=period.placement,
            period=period,
            motivation="x",
            status=Status.ACCEPTED,
            accepted_at=world.application.submitted_at,
        )
    response = client_as("provider_contact").post(
        reverse("application_accept", args=[world.application.pk])
    )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Deze periode is vol: alle plaatsen zijn bezet."
    ]


def test_a_decline_without_reason_shows_the_form_again(world, client_as):
    response = client_as("provider_contact").post(
        reverse("application_decline", args=[world.application.pk]),
        {"decline-reason": ""},
    )
    assert response.status_code == 400
    assert "Geef een reden." in response.content.decode()


def test_the_mentor_approves_from_the_reaction_page(world, client_as):
    app = world.accepted_application
    client = client_as("mentor")
    page = client.get(reverse("application_detail", args=[app.pk])).content.decode()
    assert "Keur deze match goed" in page
    client.post(reverse("application_approve", args=[app.pk]))
    app.refresh_from_db()
    assert app.status == Status.APPROVED and app.internship_id


def test_student_and_provider_write_to_each_other_through_the_platform(world, client_as):
    app = world.application
    client_as("student").post(
        reverse("application_message", args=[app.pk]), {"message-body": "Wat moet ik meenemen?"}
    )
    client_as("provider_contact").post(
        reverse("application_message", args=[app.pk]), {"message-body": "Alleen jezelf!"}
    )
    html = client_as("student").get(reverse("application_detail", args=[app.pk])).content.decode()
    assert "Wat moet ik meenemen?" in html and "Alleen jezelf!" in html
    assert world.users["provider_contact"].email not in html


def test_an_approved_match_that_starts_later_does_not_say_the_internship_has_started(
    world, client_as
):
    app = world.accepted_application
    client = client_as("mentor")
    client.post(reverse("application_approve", args=[app.pk]))
    app.refresh_from_db()
    page = re.sub(
        r"\s+", " ", client.get(reverse("application_detail", args=[app.pk])).content.decode()
    )
    assert app.period.starts_on > timezone.localdate()  # the world's period is weeks away
    assert "is begonnen" not in page and "has started" not in page
    assert "starts on" in page or "begint op" in page


def test_the_student_reads_about_their_own_reaction_in_the_second_person(world, client_as):
    app = world.application
    client = client_as("student")
    for url in (reverse("application_list"), reverse("application_detail", args=[app.pk])):
        page = re.sub(r"\s+", " ", client.get(url).content.decode())
        assert not re.search(r"(woont|lives) [^<]{0,20}(km|weg|away)", page)
    provider = client_as("provider_contact").get(reverse("application_list")).content.decode()
    if app.student.home_postcode_id:
        assert re.search(r"(woont|lives) [^<]{0,20}(km|weg|away)", provider)
