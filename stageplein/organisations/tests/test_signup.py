"""Organisations join: a public sign-up, reviewed by the broker of the area (or the school where
there is no broker) before anything of it reaches students; brokers add organisations."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import TestCase
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


def sign_up_and_confirm(client, **extra) -> Provider:
    """Sign up, then confirm through the link in the mail the contact person got."""
    mail.outbox.clear()
    # The mail is queued after the commit, which a test's transaction never reaches by itself.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("provider_signup"), signup_form(**extra))
    assert response.status_code == 200
    (message,) = mail.outbox
    assert message.to == [signup_form(**extra)["contact_email"]]
    link = re.search(r"https?://\S+/aanmelden-organisatie/bevestigen/\S+/", str(message.body))
    assert link is not None, message.body
    path = urlsplit(link.group(0)).path
    assert client.post(path).status_code == 200
    return Provider.objects.get(name=signup_form(**extra)["name"])


def search_titles(client) -> str:
    return client.get(reverse("placement_search")).content.decode()


def test_an_organisation_signs_up_and_reaches_students_only_after_the_broker_approves(
    client_as, world
):
    provider = sign_up_and_confirm(client_as("anonymous"))
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
    provider = sign_up_and_confirm(client_as("anonymous"))
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
    provider = sign_up_and_confirm(client_as("anonymous"))
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


def test_an_unconfirmed_sign_up_does_not_reach_the_reviewer_and_the_link_works_once(
    client_as, world
):
    anonymous = client_as("anonymous")
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        anonymous.post(reverse("provider_signup"), signup_form())
    provider = Provider.objects.get(name="Speeltuinvereniging De Hoven")
    broker = client_as("broker")
    assert "De Hoven" not in broker.get(reverse("provider_review_list")).content.decode()
    assert broker.get(reverse("provider_review", args=[provider.pk])).status_code == 404

    link = re.search(r"/aanmelden-organisatie/bevestigen/\S+/", str(mail.outbox[0].body))
    assert link is not None
    # Opening the link (a mail scanner does) confirms nothing; the button does.
    assert "Bevestigen" in anonymous.get(link.group(0)).content.decode()
    assert ProviderSignup.objects.get(provider=provider).email_confirmed_at is None
    anonymous.post(link.group(0))
    confirmed = ProviderSignup.objects.get(provider=provider).email_confirmed_at
    assert confirmed is not None
    assert "De Hoven" in broker.get(reverse("provider_review_list")).content.decode()
    # A second use does nothing and says the link no longer works.
    again = anonymous.post(link.group(0)).content.decode()
    assert "werkt niet meer" in again
    assert ProviderSignup.objects.get(provider=provider).email_confirmed_at == confirmed


def test_the_broker_asks_for_changes_the_organisation_resubmits_then_it_is_approved(
    client_as, world
):
    provider = sign_up_and_confirm(client_as("anonymous"))
    make_period(make_placement(provider, title="Zomerspelen begeleiden", pc4="7201"))
    broker = client_as("broker")
    review = reverse("provider_review", args=[provider.pk])
    # Asking for changes needs a message: the organisation reads it.
    broker.post(review, {"decision": "changes"})
    provider.refresh_from_db()
    assert provider.review_status == ReviewStatus.PENDING

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        broker.post(review, {"decision": "changes", "note": "Wie begeleidt de leerlingen?"})
    provider.refresh_from_db()
    assert provider.review_status == ReviewStatus.CHANGES
    (message,) = mail.outbox
    assert message.to == ["ria@dehoven.test"]
    assert "Wie begeleidt de leerlingen?" in str(message.body)
    # Waiting for the organisation: not in the reviewer's list, not findable.
    assert "De Hoven" not in broker.get(reverse("provider_review_list")).content.decode()
    assert "Zomerspelen begeleiden" not in search_titles(client_as("student"))

    link = re.search(r"/aanmelden-organisatie/wijzigen/\S+/", str(message.body))
    assert link is not None
    anonymous = client_as("anonymous")
    page = anonymous.get(link.group(0)).content.decode()
    assert "Wie begeleidt de leerlingen?" in page  # the message above the form
    assert 'value="Speeltuinweg 3"' in page
    motivation = "Twee vrijwilligers met een VOG begeleiden de leerlingen bij de zomerspelen."
    sent = anonymous.post(link.group(0), {**signup_form(), "motivation": motivation})
    assert sent.status_code == 200
    provider.refresh_from_db()
    assert provider.review_status == ReviewStatus.PENDING
    assert ProviderSignup.objects.get(provider=provider).motivation == motivation
    # The link works once.
    assert "werkt niet meer" in anonymous.get(link.group(0)).content.decode()
    again = anonymous.post(link.group(0), {**signup_form(), "motivation": "Anders"})
    assert "werkt niet meer" in again.content.decode()
    assert ProviderSignup.objects.get(provider=provider).motivation == motivation

    page = broker.get(review).content.decode()
    assert "Wie begeleidt de leerlingen?" in page  # the reviewer sees what was asked
    broker.post(review, {"decision": "approve"})
    provider.refresh_from_db()
    assert provider.review_status == ReviewStatus.APPROVED
    assert "Zomerspelen begeleiden" in search_titles(client_as("student"))


def test_a_changed_sign_up_may_not_become_another_organisation(client_as, world):
    provider = sign_up_and_confirm(client_as("anonymous"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_as("broker").post(
            reverse("provider_review", args=[provider.pk]),
            {"decision": "changes", "note": "Vul het KvK-nummer in"},
        )
    link = re.search(r"/aanmelden-organisatie/wijzigen/\S+/", str(mail.outbox[-1].body))
    assert link is not None
    anonymous = client_as("anonymous")
    response = anonymous.post(link.group(0), {**signup_form(), "name": world.provider.name})
    assert "al op Stageplein" in response.content.decode()
    provider.refresh_from_db()
    assert provider.review_status == ReviewStatus.CHANGES
    # The refusal did not use the link: the organisation can still send a good version.
    anonymous.post(link.group(0), signup_form(kvk_number="12345678"))
    provider.refresh_from_db()
    assert provider.review_status == ReviewStatus.PENDING
