"""Role × URL matrix rows for the vacancy bank's placement pages, and the objects they need."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from stageplein.core.access_matrix import Row
from stageplein.core.schoolyear import current_school_year
from stageplein.testing import World

EXTEND_ORDER = 50  # before applications (which react to these placements)


def make_placement(provider, *, title: str, pc4: str, status: str = "published", **extra):
    from stageplein.geo.models import PostcodeArea
    from stageplein.placements.models import Placement

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
    from stageplein.placements.models import PlacementPeriod

    start = timezone.localdate() + datetime.timedelta(weeks=weeks_ahead)
    return PlacementPeriod.objects.create(
        placement=placement,
        starts_on=start,
        ends_on=start + datetime.timedelta(weeks=weeks),
        hours=hours,
        capacity=capacity,
        schedule="woensdagmiddag 14.00-17.00",
    )


def extend_world(world: World) -> None:
    from stageplein.placements import default_rules
    from stageplein.placements.models import SchoolLink, TaskRule

    # The national rules come from a data migration; a flushed (transactional) database lost them.
    default_rules.load()
    contact = world.users["provider_contact"]
    placement = make_placement(
        world.provider, title="Activiteitenmiddag met bewoners", pc4="7202", contact=contact
    )
    world.extra["placement"] = placement
    world.extra["period"] = make_period(placement)
    second = make_placement(world.provider, title="Wandelen in de tuin", pc4="7202")
    world.extra["placement2"] = second
    world.extra["period2"] = make_period(second, capacity=2)
    draft = make_placement(world.provider, title="Voorlezen (concept)", pc4="7202", status="draft")
    world.extra["draft_placement"] = draft
    world.extra["draft_period"] = make_period(draft)
    other = make_placement(world.other_provider, title="Training jeugdteam", pc4="3511")
    world.extra["other_placement"] = other
    world.extra["other_period"] = make_period(other)
    world.extra["task_rule"] = TaskRule.objects.create(
        sector_id="sport",
        region=world.region,
        kind=TaskRule.Kind.MAY_NOT,
        text="Niet alleen met een jeugdteam",
    )
    world.extra["school_link"] = SchoolLink.objects.create(
        school=world.school, provider=world.provider, school_year=current_school_year()
    )


def _url(name: str, key: str | None = None):
    def build(w: World) -> str:
        if key is None:
            return reverse(name)
        return reverse(name, args=[w.extra[key].pk])  # type: ignore[attr-defined]

    return build


SEARCHERS = {
    "student": 200,
    "parent": 200,
    "coordinator": 200,
    "mentor": 200,
    "broker": 200,
    "admin": 200,
    "other_coordinator": 200,
}
EDITORS = ("provider_contact", "broker", "admin")

ROWS = {
    "placement_search": Row(_url("placement_search"), {"anonymous": 302, **SEARCHERS}, default=403),
    "placement_manage_list": Row(
        _url("placement_manage_list"),
        {
            "anonymous": 302,
            "provider_contact": 200,
            "supervisor": 200,
            "broker": 200,
            "admin": 200,
            "other_provider_contact": 200,
        },
        default=403,
    ),
    "placement_create": Row(
        _url("placement_create"),
        {
            "anonymous": 302,
            "provider_contact": 200,
            "broker": 200,
            "admin": 200,
            "other_provider_contact": 200,
        },
        default=403,
    ),
    "placement_rules": Row(
        _url("placement_rules"),
        {
            "anonymous": 302,
            "provider_contact": 200,
            "broker": 200,
            "admin": 200,
            "other_provider_contact": 200,
        },
        default=403,
    ),
    "placement_detail": Row(
        _url("placement_detail", "placement"),
        {"anonymous": 302, **SEARCHERS, "provider_contact": 200, "supervisor": 200},
        default=404,
    ),
    "placement_edit": Row(
        _url("placement_edit", "placement"),
        {
            "anonymous": 302,
            **dict.fromkeys(SEARCHERS, 403),
            "supervisor": 403,
            **dict.fromkeys(EDITORS, 200),
        },
        default=404,
    ),
    # A draft is seen only by its provider's people and the broker. Once the provider contact
    # has published it, the other school's coordinator (later in the role order) can see it.
    "placement_publish": Row(
        _url("placement_publish", "draft_placement"),
        {
            "anonymous": 302,
            "supervisor": 403,
            **dict.fromkeys(EDITORS, 302),
            "other_coordinator": 403,
        },
        default=404,
        method="POST",
    ),
    # The provider contact closes it; from then on it is hidden from the other school's
    # coordinator (who comes later in the role order), hence 404 there.
    "placement_close": Row(
        _url("placement_close", "placement"),
        {
            "anonymous": 302,
            **dict.fromkeys(SEARCHERS, 403),
            "supervisor": 403,
            **dict.fromkeys(EDITORS, 302),
            "other_coordinator": 404,
        },
        default=404,
        method="POST",
    ),
    "placement_renew": Row(
        _url("placement_renew", "placement"),
        {
            "anonymous": 302,
            **dict.fromkeys(SEARCHERS, 403),
            "supervisor": 403,
            **dict.fromkeys(EDITORS, 302),
        },
        default=404,
        method="POST",
    ),
    "placement_renew_link": Row(
        lambda w: reverse("placement_renew_link", args=["no-such-token"]), default=410
    ),
    "task_rule_list": Row(
        _url("task_rule_list"), {"anonymous": 302, "broker": 200, "admin": 200}, default=403
    ),
    "task_rule_edit": Row(
        _url("task_rule_edit", "task_rule"),
        {"anonymous": 302, "broker": 200, "admin": 200},
        default=403,
    ),
    # The broker removes the rule; the admin, later in the role order, finds it gone.
    "task_rule_delete": Row(
        _url("task_rule_delete", "task_rule"),
        {"anonymous": 302, "broker": 302, "admin": 404},
        default=403,
        method="POST",
    ),
    "school_link_list": Row(
        _url("school_link_list"),
        {
            "anonymous": 302,
            "coordinator": 200,
            "broker": 200,
            "admin": 200,
            "other_coordinator": 200,
        },
        default=403,
    ),
    # The coordinator removes the link; those after it in the role order find it gone.
    "school_link_delete": Row(
        _url("school_link_delete", "school_link"),
        {
            "anonymous": 302,
            "coordinator": 302,
            "broker": 404,
            "admin": 404,
            "other_coordinator": 404,
        },
        default=403,
        method="POST",
    ),
}
