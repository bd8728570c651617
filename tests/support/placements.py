"""Placements and periods made to measure: published and findable unless told otherwise."""

from __future__ import annotations

import datetime

from django.utils import timezone

from stageplein.accounts.models import Role, User
from stageplein.geo.models import PostcodeArea
from stageplein.organisations import services as organisations
from stageplein.organisations.models import ProviderSignup, Sector
from stageplein.placements.models import Placement, PlacementPeriod
from stageplein.placements.services import placement_publish


def make_placement(provider, *, title: str, pc4: str, status: str = "published", **extra):

    postcode = PostcodeArea.objects.get(pk=pc4)
    now = timezone.now()
    fields = {
        "provider": provider,
        "title": title,
        "tasks": "Koffie schenken, een spelletje doen en wandelen met bewoners.",
        "sector_id": provider.sector_id,
        "address": "Lindelaan 4",
        "postcode": postcode,
        "lat": postcode.lat,
        "lon": postcode.lon,
        "guidance": "Een vaste vrijwilliger is er altijd bij.",
        "status": status,
        "published_at": now if status != "draft" else None,
        "confirmed_at": now if status != "draft" else None,
        **extra,
    }
    return Placement.objects.create(**fields)


def make_period(placement, *, capacity: int = 3, weeks_ahead: int = 4, weeks: int = 6, hours=20):

    start = timezone.localdate() + datetime.timedelta(weeks=weeks_ahead)
    return PlacementPeriod.objects.create(
        placement=placement,
        starts_on=start,
        ends_on=start + datetime.timedelta(weeks=weeks),
        hours=hours,
        capacity=capacity,
        schedule="woensdagmiddag 14.00-17.00",
    )


def provider_signup_made():
    """An organisation's own sign-up, not yet confirmed by e-mail nor approved: the
    ``ProviderSignup`` (its ``provider`` waits for a broker)."""

    return organisations.provider_signup(
        name="Stichting De Hoven",
        kind="foundation",
        sector=Sector.objects.get(pk="sport"),
        postcode=PostcodeArea.objects.get(pk="7201"),
        address="Speeltuinweg 3",
        description="Een speeltuin voor de buurt",
        contact_name="Ria Speel",
        contact_email="ria@dehoven.test",
        motivation="Zomerspelen, onder leiding van twee vrijwilligers.",
    )


def signed_up_provider(*, approved_by):
    """An organisation that signed up itself, confirmed its address and was approved by
    ``approved_by`` (a broker of its area): its contact can publish, and its first placement
    then waits for review (issue 15)."""

    signup = provider_signup_made()
    ProviderSignup.objects.filter(pk=signup.pk).update(email_confirmed_at=timezone.now())
    organisations.provider_review(provider=signup.provider, by=approved_by, approve=True)
    return signup.provider


def contact_of(provider):
    """The contact person the sign-up made for ``provider``."""

    return User.objects.get(memberships__provider=provider, memberships__role=Role.PROVIDER_CONTACT)


def publish_new(provider, title: str, by):
    """A new placement of ``provider`` with one period, published by ``by``."""

    placement = make_placement(provider, title=title, pc4="7201", status="draft")
    make_period(placement)
    return placement_publish(placement=placement, by=by)
