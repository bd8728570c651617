"""R-PLACE-3: brokers keep the rules of their region; the form and the placement show them."""

import pytest
from django.urls import reverse

from stageplein.placements.models import TaskRule

pytestmark = pytest.mark.django_db


def test_a_broker_adds_a_rule_for_its_region_and_providers_see_it(world, client_as):
    response = client_as("broker").post(
        reverse("task_rule_list"),
        {
            "sector": "zorg",
            "region": world.region.pk,
            "kind": "may_not",
            "text": "Geen nachtdienst",
            "order": 1,
        },
    )
    assert response.status_code == 302
    rule = TaskRule.objects.get(text="Geen nachtdienst")
    assert rule.updated_by == world.users["broker"]
    partial = client_as("provider_contact").get(
        reverse("placement_rules"), {"sector": "zorg", "provider": world.provider.pk}
    )
    html = partial.content.decode()
    assert "Geen nachtdienst" in html and "Tillen of verplaatsen van bewoners" in html
    placement = client_as("student").get(reverse("placement_detail", args=[world.placement.pk]))
    assert "Geen nachtdienst" in placement.content.decode()


def test_a_broker_cannot_add_a_national_rule_or_one_for_another_region(world, client_as):
    for region in ("", world.other_region.pk):
        response = client_as("broker").post(
            reverse("task_rule_list"),
            {"sector": "zorg", "region": region, "kind": "may", "text": "Overal", "order": 0},
        )
        assert response.status_code == 400
    assert not TaskRule.objects.filter(text="Overal").exists()


def test_a_broker_cannot_change_the_national_rules(world, client_as):
    national = TaskRule.objects.filter(region__isnull=True)[0]
    url = reverse("task_rule_edit", args=[national.pk])
    assert client_as("broker").get(url).status_code == 404
    assert client_as("admin").get(url).status_code == 200


def test_a_broker_edits_and_removes_its_own_rule(world, client_as):
    rule = world.task_rule
    client = client_as("broker")
    client.post(
        reverse("task_rule_edit", args=[rule.pk]),
        {
            "sector": "sport",
            "region": world.region.pk,
            "kind": "may_not",
            "text": "Nooit alleen",
            "order": 0,
        },
    )
    rule.refresh_from_db()
    assert rule.text == "Nooit alleen"
    client.post(reverse("task_rule_delete", args=[rule.pk]))
    assert not TaskRule.objects.filter(pk=rule.pk).exists()
