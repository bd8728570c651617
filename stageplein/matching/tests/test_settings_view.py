"""The broker reads and changes its weights; rounds keep the weights they used."""

import pytest
from django.urls import reverse

from stageplein.matching.models import MatchingSettings
from stageplein.matching.selectors import settings_for

pytestmark = pytest.mark.django_db


def form(**changes):
    data = {
        "rank_weight": 10,
        "km_weight": 3,
        "link_bonus": 6,
        "max_km_vmbo": 8,
        "max_km_havo": 15,
        "max_km_vwo": 15,
        "max_km_pro": 6,
    }
    return {**data, **changes}


def test_the_broker_changes_the_weights_and_the_old_round_keeps_its_own(world, client_as):
    client = client_as("broker")
    assert "Punten per kilometer" in client.get(reverse("matching_settings")).content.decode()
    response = client.post(reverse("matching_settings"), form(km_weight=7, max_km_vmbo=5))
    assert response.status_code == 302
    saved = MatchingSettings.objects.get(broker=world.broker)
    assert (saved.km_weight, saved.max_km_vmbo, saved.updated_by) == (
        7,
        5,
        world.users["broker"],
    )
    assert world.run.weights["km_weight"] == 3


def test_an_impossible_distance_is_refused(world, client_as):
    response = client_as("broker").post(reverse("matching_settings"), form(max_km_pro=0))
    assert response.status_code == 400
    assert settings_for(world.broker).pk is None
