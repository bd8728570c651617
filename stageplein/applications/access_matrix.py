"""Role × URL matrix rows for reactions, and the reactions they need in the test world."""

from __future__ import annotations

from typing import cast

from django.urls import reverse
from django.utils import timezone

from stageplein.core.access_matrix import Row
from stageplein.testing import World

EXTEND_ORDER = 60  # after placements (stageplein/placements/access_matrix.py)


def extend_world(world: World) -> None:
    from stageplein.applications.models import Application, Status
    from stageplein.placements.models import Placement, PlacementPeriod

    now = timezone.now()
    # The world's student waits for the provider at the first placement...
    world.extra["application"] = Application.objects.create(
        student=world.student,
        placement=cast(Placement, world.extra["placement"]),
        period=cast(PlacementPeriod, world.extra["period"]),
        motivation="Ik help graag ouderen, mijn oma woont ook in een verzorgingshuis.",
        submitted_at=now,
    )
    # ...and was accepted at the second, so the school can approve (or a flag be raised).
    world.extra["accepted_application"] = Application.objects.create(
        student=world.student,
        placement=cast(Placement, world.extra["placement2"]),
        period=cast(PlacementPeriod, world.extra["period2"]),
        motivation="Ik ben graag buiten.",
        status=Status.ACCEPTED,
        submitted_at=now,
        accepted_at=now,
        decided_at=now,
        decided_by=world.users["provider_contact"],
    )


def _url(name: str, key: str):
    return lambda w: reverse(name, args=[w.extra[key].pk])


VISIBLE = {
    "student": 200,
    "parent": 200,
    "coordinator": 200,
    "mentor": 200,
    "provider_contact": 200,
    "supervisor": 200,
    "broker": 200,
    "admin": 200,
}
DECIDERS = ("provider_contact", "broker", "admin")
APPROVERS = ("coordinator", "mentor", "admin")


def _post(key: str, name: str, allowed: tuple[str, ...], data=None) -> Row:
    """Outsiders get 404, insiders without the right 403, the right people a redirect (a
    refusal by a business rule is a message on the redirect, never a server error)."""
    expect = {"anonymous": 302, **dict.fromkeys(VISIBLE, 403), **dict.fromkeys(allowed, 302)}
    return Row(_url(name, key), expect, default=404, method="POST", data=data)


def _reason(w: World) -> dict:
    return {"decline-reason": "Vol", "withdraw-reason": "Toch geen tijd", "flag-reason": "Te laat"}


ROWS = {
    "application_create": Row(
        _url("application_create", "other_placement"),
        {
            "anonymous": 302,
            "student": 200,
            "parent": 403,
            "coordinator": 403,
            "mentor": 403,
            "broker": 403,
            "admin": 403,
            "other_coordinator": 403,
            "other_provider_contact": 403,
        },
        default=404,
    ),
    "application_list": Row(
        lambda w: reverse("application_list"),
        {"anonymous": 302, "municipality": 403, "national": 403},
        default=200,
    ),
    "application_detail": Row(
        _url("application_detail", "application"), {"anonymous": 302, **VISIBLE}, default=404
    ),
    "application_accept": _post("application", "application_accept", DECIDERS),
    "application_decline": _post("application", "application_decline", DECIDERS, _reason),
    "application_approve": _post("accepted_application", "application_approve", APPROVERS),
    "application_withdraw": _post(
        "application",
        "application_withdraw",
        ("student", "coordinator", "mentor", *DECIDERS),
        _reason,
    ),
    "application_flag": _post(
        "accepted_application", "application_flag", (*DECIDERS, *APPROVERS), _reason
    ),
    "application_flag_resolve": _post(
        "accepted_application",
        "application_flag_resolve",
        ("coordinator", "mentor", "broker", "admin"),
        lambda w: {"resolve-resolution": "Besproken met de mentor"},
    ),
    "application_message": _post(
        "application",
        "application_message",
        ("student", "provider_contact", "supervisor"),
        lambda w: {"message-body": "Wanneer kan ik beginnen?"},
    ),
}
