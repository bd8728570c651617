"""The history of rounds: who ran what, how, and what came of it."""

import pytest
from django.urls import reverse

from stageplein.matching.models import DEFAULT_WEIGHTS, Run
from stageplein.organisations.models import Broker

pytestmark = pytest.mark.django_db


def test_the_history_lists_the_brokers_own_rounds(world, client_as):
    other = Broker.objects.create(name="Elders", region=world.other_region)
    Run.objects.create(broker=other, weights=dict(DEFAULT_WEIGHTS), n_students=77)
    page = client_as("broker").get(reverse("matching_run_list")).content.decode()
    assert "Mieke Makelaar" in page  # who ran the world's round
    assert reverse("matching_run_detail", args=[world.run.pk]) in page
    assert ">77<" not in page
