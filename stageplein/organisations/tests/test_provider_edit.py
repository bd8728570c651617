"""A provider's contact sets its own weekly intake cap (R-PLACE-4), and the cap then holds."""

import pytest
from django.urls import reverse

from stageplein.organisations.models import Provider

pytestmark = pytest.mark.django_db


def edit(client, provider, **data):
    fields = {"description": "", "website": "", "phone": "", "email": "", "weekly_intake_cap": ""}
    fields.update(data)
    return client.post(reverse("provider_edit", args=[provider.pk]), fields)


def test_the_contact_sets_the_weekly_intake_cap(client_as, world):
    client = client_as("provider_contact")
    response = edit(client, world.provider, weekly_intake_cap="2")
    assert response.status_code == 302
    assert Provider.objects.get(pk=world.provider.pk).weekly_intake_cap == 2
    page = client.get(response.url).content.decode()
    assert "De gegevens zijn opgeslagen" in page or "The details have been saved" in page


def test_the_broker_of_the_area_may_edit_and_a_supervisor_may_not(client_as, world):
    assert edit(client_as("broker"), world.provider, weekly_intake_cap="5").status_code == 302
    assert edit(client_as("supervisor"), world.provider, weekly_intake_cap="50").status_code == 404
    assert Provider.objects.get(pk=world.provider.pk).weekly_intake_cap == 5


@pytest.mark.parametrize("value", ["0", "-1", "veel"])
def test_an_impossible_cap_is_refused_on_the_field(client_as, world, value):
    response = edit(client_as("provider_contact"), world.provider, weekly_intake_cap=value)
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()
    assert Provider.objects.get(pk=world.provider.pk).weekly_intake_cap is None


def test_the_cap_set_on_the_page_stops_the_next_accept(client_as, world):
    from stageplein.applications.services import IntakeCapReached, application_accept

    edit(client_as("provider_contact"), world.provider, weekly_intake_cap="1")
    # The world already has an accepted reaction this week: the waiting one must wait.
    with pytest.raises(IntakeCapReached):
        application_accept(application=world.application, by=world.users["provider_contact"])


def test_the_contact_fills_in_the_iban_for_the_compensation_and_a_wrong_one_is_refused(
    client_as, world
):
    client = client_as("provider_contact")
    wrong = edit(client, world.provider, iban="NL91 ABNA 0417 1643 01", kvk_number="12345678")
    assert wrong.status_code == 200 and 'class="field-error"' in wrong.content.decode()
    assert Provider.objects.get(pk=world.provider.pk).iban == ""
    right = edit(
        client,
        world.provider,
        iban="nl91 abna 0417 1643 00",
        kvk_number="12345678",
        account_holder="Stichting De Linde",
        postal_address="Postbus 12, 7200 AA Zutphen",
    )
    assert right.status_code == 302
    saved = Provider.objects.get(pk=world.provider.pk)
    assert (saved.iban, saved.kvk_number) == ("NL91ABNA0417164300", "12345678")
