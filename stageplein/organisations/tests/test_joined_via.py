"""How an organisation joined decides whether its first placement is reviewed (issue 15). The
migrations set it for organisations already on the platform; their data steps are run here on
the real models (the historical models have the same fields)."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from stageplein.geo.models import PostcodeArea
from stageplein.internships.services.own_placement import (
    own_placement_approve,
    own_placement_register,
)
from stageplein.organisations.models import JoinedVia, Provider, Sector
from tests.support.placements import provider_signup_made

pytestmark = pytest.mark.django_db


def signed_up() -> Provider:
    return provider_signup_made().provider


def brought_in(world) -> Provider:
    today = timezone.localdate()
    op = own_placement_register(
        student=world.student,
        by=world.student.user,
        organisation_name="Hockeyclub De Berkel",
        organisation_postcode=PostcodeArea.objects.get(pk="7201"),
        organisation_sector=Sector.objects.get(pk="sport"),
        title="Jeugdtraining helpen",
        tasks="Pionnen zetten",
        start_date=today - datetime.timedelta(days=7),
        end_date=today + datetime.timedelta(days=30),
        planned_hours=20,
        supervisor_name="Tess Trainer",
        supervisor_email="tess@deberkel.test",
    )
    provider = own_placement_approve(own_placement=op, by=world.users["mentor"]).provider
    assert provider is not None
    return provider


def test_each_way_in_records_how_the_organisation_joined(world, client_as):
    assert signed_up().joined_via == JoinedVia.SIGNUP
    assert brought_in(world).joined_via == JoinedVia.OWN_PLACEMENT
    assert world.provider.joined_via == JoinedVia.ADDED
    # An existing organisation chosen in an own placement keeps how it joined.
    today = timezone.localdate()
    op = own_placement_register(
        student=world.student,
        by=world.student.user,
        provider=world.provider,
        title="Koffie schenken",
        tasks="Koffie schenken",
        start_date=today - datetime.timedelta(days=7),
        end_date=today + datetime.timedelta(days=30),
        planned_hours=20,
        supervisor_name="Sam Super",
        supervisor_email="sam@linde.test",
    )
    own_placement_approve(own_placement=op, by=world.users["mentor"])
    world.provider.refresh_from_db()
    assert world.provider.joined_via == JoinedVia.ADDED


def test_the_migrations_mark_existing_sign_ups_and_own_placement_organisations(world):
    signup, club = signed_up(), brought_in(world)
    Provider.objects.update(joined_via=JoinedVia.ADDED)  # as the new column left them
    importlib.import_module(
        "stageplein.organisations.migrations.0011_provider_joined_via"
    ).from_signups(apps, None)
    importlib.import_module(
        "stageplein.internships.migrations.0006_providers_joined_via_own_placement"
    ).from_own_placements(apps, None)
    joined = dict(Provider.objects.values_list("pk", "joined_via"))
    assert joined[signup.pk] == JoinedVia.SIGNUP
    assert joined[club.pk] == JoinedVia.OWN_PLACEMENT
    assert joined[world.provider.pk] == JoinedVia.ADDED
