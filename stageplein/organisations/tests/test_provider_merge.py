"""A broker merges a duplicate organisation (recorded twice before the duplicate check, or a
sign-up of one already there) into the one that stays: its contacts, locations and placements
move, the duplicate is removed, in one transaction, audit-logged; only the broker of both
organisations' areas may."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from stageplein.accounts.models import Membership, Role
from stageplein.core.schoolyear import current_school_year
from stageplein.geo.models import Municipality
from stageplein.organisations.models import Provider, ProviderLocation
from stageplein.organisations.services import OrganisationError, organisation_merge
from stageplein.placements.models import Placement, SchoolLink
from tests.support.people import make_user
from tests.support.placements import make_placement

pytestmark = pytest.mark.django_db


def twin(world, contact: str = "nieuw@delinde.test", **extra) -> Provider:
    """The world's care home recorded a second time, with a contact, a location, a placement."""
    fields = {
        "name": "zorgcentrum de linde",
        "sector": world.provider.sector,
        "region": world.region,
        "municipality": world.provider.municipality,
        "kvk_number": "12345678",
        **extra,
    }
    duplicate = Provider.objects.create(**fields)
    ProviderLocation.objects.create(
        provider=duplicate,
        name="De Linde, dagbesteding",
        address="Beukenlaan 2",
        postcode_id="7201",
    )
    Membership.objects.create(
        user=make_user(contact, "Nadia", "Nieuw"),
        role=Role.PROVIDER_CONTACT,
        provider=duplicate,
    )
    # The world's contact is a contact of both records: after the merge, once.
    Membership.objects.create(
        user=world.users["provider_contact"], role=Role.PROVIDER_CONTACT, provider=duplicate
    )
    make_placement(duplicate, title="Wandelen met bewoners", pc4="7201")
    # The same school linked to both for this year: after the merge, once.
    SchoolLink.objects.create(
        school=world.school, provider=duplicate, school_year=current_school_year()
    )
    return duplicate


def test_a_broker_sees_what_moves_and_merges_the_duplicate_into_the_one_that_stays(
    client_as, world
):
    duplicate = twin(world)
    broker = client_as("broker")
    url = reverse("provider_merge", args=[duplicate.pk])
    choose = broker.get(url)
    assert choose.status_code == 200
    assert list(choose.context["likely"]) == [world.provider]  # same name, same municipality
    preview = broker.get(url, {"keep": world.provider.pk})
    page = preview.content.decode()
    for moving in ("Nadia Nieuw", "De Linde, dagbesteding", "Wandelen met bewoners"):
        assert moving in page
    response = broker.post(url, {"keep": world.provider.pk})
    assert response.url == reverse("provider_detail", args=[world.provider.pk])
    assert not Provider.objects.filter(pk=duplicate.pk).exists()
    contacts = Membership.objects.filter(provider=world.provider, role=Role.PROVIDER_CONTACT)
    assert sorted(str(m.user.email) for m in contacts) == [
        "contact@delinde.test",
        "nieuw@delinde.test",
    ]
    assert ProviderLocation.objects.filter(
        provider=world.provider, name="De Linde, dagbesteding"
    ).exists()
    moved = Placement.objects.get(title="Wandelen met bewoners")
    assert moved.provider == world.provider
    assert "zorgcentrum de linde" in moved.search_text  # the search finds it under the kept name
    assert SchoolLink.objects.filter(school=world.school, provider=world.provider).count() == 1
    world.provider.refresh_from_db()
    assert world.provider.kvk_number == "12345678"  # a detail the kept one lacked
    assert world.provider.phone == "0575123456"  # its own details stay
    entry = LogEntry.objects.get_for_object(world.provider).get(actor=world.users["broker"])
    assert entry.changes["merged"][0] == f"zorgcentrum de linde (#{duplicate.pk})"
    assert entry.additional_data["moved"]["placements.placement"] == 1


def test_a_duplicate_found_by_its_kvk_number_is_offered_whatever_its_name(client_as, world):
    Provider.objects.filter(pk=world.provider.pk).update(kvk_number="87654321")
    duplicate = twin(world, name="Stichting Linde Zorg", kvk_number="87654321")
    response = client_as("broker").get(reverse("provider_merge", args=[duplicate.pk]))
    assert list(response.context["likely"]) == [world.provider]


def test_only_the_broker_of_both_organisations_areas_merges_them(client_as, world):
    duplicate = twin(world)
    url = reverse("provider_merge", args=[duplicate.pk])
    for role in ("coordinator", "mentor", "provider_contact"):
        assert client_as(role).post(url, {"keep": world.provider.pk}).status_code in (403, 404)
    assert Provider.objects.filter(pk=duplicate.pk).exists()
    # An organisation in Lochem, a municipality of the region no broker serves.
    lochem = Municipality.objects.get(name="Lochem")
    elsewhere = twin(world, "lochem@delinde.test", municipality=lochem, kvk_number="")
    with pytest.raises(OrganisationError):
        organisation_merge(broker=world.users["broker"], keep=world.provider, duplicate=elsewhere)
    response = client_as("broker").post(url, {"keep": elsewhere.pk})
    assert response.status_code == 200 and response.context["form"].errors  # not a choice
    assert Provider.objects.filter(pk__in=[duplicate.pk, elsewhere.pk]).count() == 2


def test_a_duplicate_merged_already_is_not_merged_twice(world):
    duplicate = twin(world)
    broker = world.users["broker"]
    merged = organisation_merge(broker=broker, keep=world.provider, duplicate=duplicate)
    assert merged.moved["placements.placement"] == 1
    assert merged.dropped == {"accounts.membership": 1, "placements.schoollink": 1}
    with pytest.raises(OrganisationError):
        organisation_merge(broker=broker, keep=world.provider, duplicate=duplicate)


def test_an_organisation_that_is_a_school_is_never_merged(client_as, world):
    at_school = Provider.objects.create(
        name="Stage op school",
        kind=Provider.Kind.SCHOOL,
        sector=world.provider.sector,
        region=world.region,
        municipality=world.provider.municipality,
        school=world.school,
    )
    broker = client_as("broker")
    assert broker.get(reverse("provider_merge", args=[at_school.pk])).status_code == 403
    with pytest.raises(OrganisationError):
        organisation_merge(broker=world.users["broker"], keep=at_school, duplicate=world.provider)
