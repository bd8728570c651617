"""Organisations join: a public sign-up, reviewed by the broker of the area (or the school where
there is no broker) before anything of it reaches students; brokers add organisations."""

import pytest
from django.urls import reverse

from stageplein.accounts.models import Membership, Role
from stageplein.organisations.models import Provider, ProviderSignup, ReviewStatus
from tests.support.placements import make_period, make_placement

pytestmark = pytest.mark.django_db


def signup_form(**extra):
    return {
        "name": "Speeltuinvereniging De Hoven",
        "kind": "association",
        "sector": "sport",
        "address": "Speeltuinweg 3",
        "postcode": "7201 AB",
        "description": "Een speeltuin voor de buurt",
        "contact_name": "Ria Speel",
        "contact_email": "ria@dehoven.test",
        "motivation": "Leerlingen helpen bij de zomerspelen, onder leiding van twee vrijwilligers.",
        **extra,
    }


def search_titles(client) -> str:
    return client.get(reverse("placement_search")).content.decode()


def test_an_organisation_signs_up_and_reaches_students_only_after_the_broker_approves(
    client_as, world
):
    response = client_as("anonymous").post(reverse("provider_signup"), signup_form())
    assert response.status_code == 200
    provider = Provider.objects.get(name="Speeltuinvereniging De Hoven")
    assert provider.review_status == ReviewStatus.PENDING
    make_period(make_placement(provider, title="Zomerspelen begeleiden", pc4="7201"))
    student = client_as("student")
    assert "Zomerspelen begeleiden" not in search_titles(student)

    broker = client_as("broker")
    assert (
        "Speeltuinvereniging De Hoven"
        in broker.get(reverse("provider_review_list")).content.decode()
    )
    broker.post(reverse("provider_review", args=[provider.pk]), {"decision": "approve"})
    provider.refresh_from_db()
    assert provider.review_status == ReviewStatus.APPROVED
    assert "Zomerspelen begeleiden" in search_titles(student)
    # The contact person joins as the organisation's contact, claiming the account later.
    assert Membership.objects.filter(
        user__email="ria@dehoven.test", provider=provider, role=Role.PROVIDER_CONTACT
    ).exists()


def test_a_refusal_needs_a_reason_and_keeps_the_organisation_hidden(client_as, world):
    client_as("anonymous").post(reverse("provider_signup"), signup_form())
    provider = Provider.objects.get(name="Speeltuinvereniging De Hoven")
    broker = client_as("broker")
    broker.post(reverse("provider_review", args=[provider.pk]), {"decision": "refuse"})
    provider.refresh_from_db()
    assert provider.review_status == ReviewStatus.PENDING
    broker.post(
        reverse("provider_review", args=[provider.pk]),
        {"decision": "refuse", "note": "Geen begeleiding door volwassenen"},
    )
    provider.refresh_from_db()
    assert provider.review_status == ReviewStatus.REFUSED
    assert ProviderSignup.objects.get(provider=provider).review_note.startswith("Geen")
    assert not Membership.objects.filter(provider=provider).exists()


def test_the_same_organisation_signing_up_twice_is_recorded_once(client_as, world):
    anonymous = client_as("anonymous")
    anonymous.post(reverse("provider_signup"), signup_form(kvk_number="12345678"))
    again = anonymous.post(
        reverse("provider_signup"), signup_form(name="De Hoven speeltuin", kvk_number="12345678")
    )
    assert again.status_code == 200
    anonymous.post(reverse("provider_signup"), signup_form(name="speeltuinvereniging de hoven"))
    assert ProviderSignup.objects.count() == 1


def test_the_school_reviews_where_no_broker_serves_the_municipality(client_as, world):
    client_as("anonymous").post(reverse("provider_signup"), signup_form())
    provider = Provider.objects.get(name="Speeltuinvereniging De Hoven")
    coordinator = client_as("coordinator")
    assert coordinator.get(reverse("provider_review", args=[provider.pk])).status_code == 404
    provider.municipality.brokers.clear()
    assert coordinator.get(reverse("provider_review", args=[provider.pk])).status_code == 200


def test_a_broker_adds_an_organisation_of_their_area_approved_at_once(client_as, world):
    broker = client_as("broker")
    data = {k: v for k, v in signup_form().items() if not k.startswith(("contact", "motiv"))}
    response = broker.post(reverse("provider_add"), data)
    provider = Provider.objects.get(name="Speeltuinvereniging De Hoven")
    assert response.status_code == 302
    assert provider.review_status == ReviewStatus.APPROVED
    assert provider.locations.filter(postcode_id="7201").exists()
    outside = broker.post(reverse("provider_add"), {**data, "name": "Elders", "postcode": "3511"})
    assert outside.status_code == 200
    assert not Provider.objects.filter(name="Elders").exists()
