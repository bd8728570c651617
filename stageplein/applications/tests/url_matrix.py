"""Role × URL matrix rows for reactions, and the reactions they need in the test world."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Model
from django.urls import reverse

from tests.support.url_matrix import Row
from tests.support.world import World


def _url(name: str, obj: Callable[[World], Model]) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[obj(w).pk])


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


def _post(obj: Callable[[World], Model], name: str, allowed: tuple[str, ...], data=None) -> Row:
    """Outsiders get 404, insiders without the right 403, the right people a redirect (a
    refusal by a business rule is a message on the redirect, never a server error)."""
    expect = {"anonymous": 302, **dict.fromkeys(VISIBLE, 403), **dict.fromkeys(allowed, 302)}
    return Row(_url(name, obj), expect, default=404, method="POST", data=data)


def _reason(w: World) -> dict:
    return {"decline-reason": "Vol", "withdraw-reason": "Toch geen tijd", "flag-reason": "Te laat"}


ROWS = {
    "application_create": Row(
        _url("application_create", lambda w: w.other_placement),
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
        _url("application_detail", lambda w: w.application),
        {"anonymous": 302, **VISIBLE},
        default=404,
    ),
    "application_accept": _post(lambda w: w.application, "application_accept", DECIDERS),
    "application_decline": _post(lambda w: w.application, "application_decline", DECIDERS, _reason),
    "application_approve": _post(
        lambda w: w.accepted_application, "application_approve", APPROVERS
    ),
    "application_withdraw": _post(
        lambda w: w.application,
        "application_withdraw",
        ("student", "coordinator", "mentor", *DECIDERS),
        _reason,
    ),
    "application_flag": _post(
        lambda w: w.accepted_application, "application_flag", (*DECIDERS, *APPROVERS), _reason
    ),
    "application_flag_resolve": _post(
        lambda w: w.accepted_application,
        "application_flag_resolve",
        ("coordinator", "mentor", "broker", "admin"),
        lambda w: {"resolve-resolution": "Besproken met de mentor"},
    ),
    "application_message": _post(
        lambda w: w.application,
        "application_message",
        ("student", "provider_contact", "supervisor"),
        lambda w: {"message-body": "Wanneer kan ik beginnen?"},
    ),
}
