"""A broker finds an organisation recorded twice, opens the duplicate, picks the one that stays
from the likely twins, reads what moves and merges: the duplicate's contact and placement are
the kept organisation's afterwards. 360 px, axe on every page (WCAG 2.0-2.2 A and AA)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.test_school_staff import flash, person, visit
from stageplein.accounts.models import Membership, Role
from stageplein.organisations.models import Provider, ProviderLocation
from stageplein.placements.models import Placement
from tests.support.people import make_user
from tests.support.placements import make_placement

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_broker_merges_a_duplicate_organisation_on_a_phone(
    browser, live_server, transactional_world
):
    world = transactional_world
    duplicate = Provider.objects.create(
        name="Zorgcentrum De Linde",
        sector=world.provider.sector,
        region=world.region,
        municipality=world.provider.municipality,
    )
    ProviderLocation.objects.create(
        provider=duplicate,
        name="De Linde, dagbesteding",
        address="Beukenlaan 2",
        postcode_id="7201",
    )
    Membership.objects.create(
        user=make_user("nadia@delinde.test", "Nadia", "Nieuw"),
        role=Role.PROVIDER_CONTACT,
        provider=duplicate,
    )
    make_placement(duplicate, title="Wandelen met bewoners", pc4="7201")

    broker = person(browser, live_server, world.users["broker"].email)
    broker.goto(f"/stagebieders/{duplicate.pk}/")
    visit(broker)
    broker.get_by_role("link", name="Samenvoegen met een andere organisatie").click()
    expect(
        broker.get_by_role("heading", name="Waarschijnlijk dezelfde organisatie")
    ).to_be_visible()
    visit(broker)
    likely = broker.get_by_role("region", name="Waarschijnlijk dezelfde organisatie")
    likely.get_by_role("link", name="Zorgcentrum De Linde").click()
    expect(broker.get_by_text("Nadia Nieuw")).to_be_visible()
    expect(broker.get_by_text("Wandelen met bewoners")).to_be_visible()
    visit(broker)
    broker.get_by_role("button", name="Samenvoegen met Zorgcentrum De Linde").click()
    flash(broker, "is samengevoegd met")
    visit(broker)
    assert broker.url.endswith(f"/stagebieders/{world.provider.pk}/")
    assert not Provider.objects.filter(pk=duplicate.pk).exists()
    assert Placement.objects.get(title="Wandelen met bewoners").provider_id == world.provider.pk
    assert Membership.objects.filter(
        user__email="nadia@delinde.test", provider=world.provider
    ).exists()
