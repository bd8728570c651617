"""Changing one proposal by hand from the review."""

import pytest
from django.urls import reverse

from stageplein.matching.models import Proposal

pytestmark = pytest.mark.django_db


def test_the_broker_sees_the_options_and_leaves_the_student_without_a_place(world, client_as):
    proposal = world.proposal
    url = reverse("matching_proposal_change", args=[proposal.run_id, proposal.pk])
    client = client_as("broker")
    page = client.get(url).content.decode()
    assert "Activiteitenmiddag met bewoners" in page and "Geen plek voor nu" in page
    response = client.post(url, {"choice": "none"})
    assert response.status_code == 302
    assert response.url.endswith(f"#proposal-{proposal.pk}")
    proposal = Proposal.objects.get(pk=proposal.pk)
    assert proposal.period is None and proposal.changed_by == world.users["broker"]


def test_a_period_that_is_no_option_is_refused(world, client_as):
    proposal = world.proposal
    url = reverse("matching_proposal_change", args=[proposal.run_id, proposal.pk])
    response = client_as("broker").post(url, {"choice": str(world.period2.pk)})
    assert response.status_code == 400
    assert Proposal.objects.get(pk=proposal.pk).period_id == world.period.pk
