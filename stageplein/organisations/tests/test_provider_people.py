"""Brokers add locations to organisations of their area and invite their contacts, who claim an
account through a one-time link; an organisation already on the platform (same KvK number, or
same name in the same place) is offered instead of made twice."""

import re

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from stageplein.accounts.models import Membership, Role, User
from stageplein.organisations.models import Provider

pytestmark = pytest.mark.django_db

PASSWORD = "Een-lang-wachtwoord-2026"


def invite(broker, world, email="nieuw@zorg.test"):
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = broker.post(
            reverse("provider_contact_invite", args=[world.provider.pk]),
            {"first_name": "Nadia", "last_name": "Nieuw", "email": email},
        )
    assert response.status_code == 302
    found = re.search(r"/uitnodiging-stagebieder/\S+/", str(mail.outbox[-1].body))
    assert found is not None and mail.outbox[-1].to == [email]
    return found.group(0)


def test_an_invited_contact_claims_the_account_once(client_as, world):
    link = invite(client_as("broker"), world)
    assert not User.objects.filter(email="nieuw@zorg.test").exists()  # nothing until used
    anonymous = Client()
    assert "nieuw@zorg.test" in anonymous.get(link).content.decode()
    response = anonymous.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 200
    user = User.objects.get(email="nieuw@zorg.test")
    assert user.check_password(PASSWORD)
    assert Membership.objects.filter(
        user=user, provider=world.provider, role=Role.PROVIDER_CONTACT
    ).exists()
    # A second use does nothing: the password stays, the page says the link is used.
    again = anonymous.post(
        link, {"new_password1": "Ander-wachtwoord-9876", "new_password2": "Ander-wachtwoord-9876"}
    )
    assert (
        "werkt niet meer" in again.content.decode() or "no longer works" in again.content.decode()
    )
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_weak_password_is_refused_and_the_link_still_works(client_as, world):
    link = invite(client_as("broker"), world)
    anonymous = Client()
    weak = anonymous.post(link, {"new_password1": "kort", "new_password2": "kort"})
    assert weak.status_code == 200
    assert not User.objects.filter(email="nieuw@zorg.test").exists()
    anonymous.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert User.objects.get(email="nieuw@zorg.test").check_password(PASSWORD)


def test_inviting_an_existing_contact_says_so(client_as, world):
    broker = client_as("broker")
    response = broker.post(
        reverse("provider_contact_invite", args=[world.provider.pk]),
        {
            "first_name": "X",
            "last_name": "Y",
            "email": world.users["provider_contact"].email.upper(),
        },
    )
    assert response.status_code == 200


def test_a_broker_adds_a_location_in_the_region_only(client_as, world):
    broker = client_as("broker")
    url = reverse("provider_location_add", args=[world.provider.pk])
    response = broker.post(url, {"name": "Tweede huis", "address": "Laan 2", "postcode": "7202"})
    assert response.status_code == 302
    assert world.provider.locations.filter(name="Tweede huis", postcode_id="7202").exists()
    outside = broker.post(url, {"name": "Ver weg", "address": "Weg 1", "postcode": "3511"})
    assert outside.status_code == 200
    assert not world.provider.locations.filter(name="Ver weg").exists()


def test_a_duplicate_is_offered_instead_of_made_twice(client_as, world):
    broker = client_as("broker")
    world.provider.kvk_number = "12345678"
    world.provider.save()
    location = world.provider.locations.first()
    data = {
        "name": "Een heel andere naam",
        "kind": "foundation",
        "sector": world.provider.sector_id,
        "address": "Straat 1",
        "postcode": location.postcode_id if location else "7201",
        "kvk_number": "12345678",
    }
    response = broker.post(reverse("provider_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("provider_contact_invite", args=[world.provider.pk]) in page
    assert not Provider.objects.filter(name="Een heel andere naam").exists()
    same_name = broker.post(
        reverse("provider_add"), {**data, "kvk_number": "", "name": world.provider.name.upper()}
    )
    assert reverse("provider_location_add", args=[world.provider.pk]) in same_name.content.decode()
    assert Provider.objects.filter(name__iexact=world.provider.name).count() == 1
