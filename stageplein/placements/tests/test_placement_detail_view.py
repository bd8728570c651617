"""The placement page: what a student sees (and does not see) before and after approval."""

import pytest
from django.urls import reverse
from django.utils import timezone

from stageplein.applications.models import Application, Status

pytestmark = pytest.mark.django_db


def page(client, placement) -> str:
    response = client.get(reverse("placement_detail", args=[placement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_student_can_react_but_sees_no_phone_or_email(world, client_as):
    html = page(client_as("student"), world.other_placement)
    assert reverse("application_create", args=[world.other_placement.pk]) in html
    assert "Contact loopt via Stageplein" in html
    contact = world.users["other_provider_contact"]
    assert contact.email not in html


def test_after_approval_the_student_sees_how_to_reach_the_provider(world, client_as):
    placement = world.placement
    html = page(client_as("student"), placement)
    assert world.provider.phone not in html and world.provider.email not in html
    Application.objects.filter(pk=world.application.pk).update(
        status=Status.APPROVED, accepted_at=timezone.now(), approved_at=timezone.now()
    )
    html = page(client_as("student"), placement)
    assert world.provider.phone in html and world.provider.email in html


def test_the_sectors_rules_are_shown_with_the_placement(world, client_as):
    html = page(client_as("student"), world.placement)
    assert "Persoonlijke verzorging: wassen, aankleden, naar het toilet helpen" in html
    html = page(client_as("student"), world.other_placement)
    assert "Alcohol schenken of verkopen" in html
    assert "Niet alleen met een jeugdteam" not in html  # a Zutphen rule, not for Utrecht


def test_the_provider_sees_what_waits_and_can_act(world, client_as):
    html = page(client_as("provider_contact"), world.placement)
    assert "1 reactie wacht" in html
    assert reverse("placement_edit", args=[world.placement.pk]) in html


def test_a_draft_is_not_shown_to_students(world, client_as):
    url = reverse("placement_detail", args=[world.draft_placement.pk])
    assert client_as("student").get(url).status_code == 404
