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
    # School mediation (R-MATCH-8): the school's staff react for a student; nobody else.
    "application_create_for_student": Row(
        _url("application_create_for_student", lambda w: w.other_placement),
        {"anonymous": 302, "coordinator": 200, "mentor": 200, "other_coordinator": 200},
        default=403,
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


def _waiting_entry(w: World) -> int:
    """The world's student on the waiting list of the other region's period; made again when a
    row before left it."""
    from stageplein.applications.models import ON_LIST, WaitingListEntry

    entry = WaitingListEntry.objects.filter(student=w.student, status__in=ON_LIST).first()
    if entry is None:
        entry = WaitingListEntry.objects.create(
            student=w.student, period=w.other_period, motivation="Ik wacht graag"
        )
    return entry.pk


def _entry_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[_waiting_entry(w)])


# The student's place on a list: the student and parents answer; the school looks on.
WAITING_ANSWER = {
    "anonymous": 302,
    "student": 302,
    "parent": 302,
    "coordinator": 403,
    "mentor": 403,
    "admin": 403,
}
ROWS.update(
    {
        "waiting_list_join": Row(
            _url("waiting_list_join", lambda w: w.other_placement),
            ROWS["application_create"].expect,
            default=404,
        ),
        "waiting_list": Row(
            lambda w: reverse("waiting_list"),
            dict.fromkeys(
                ("student", "parent", "coordinator", "mentor", "admin", "other_coordinator"), 200
            )
            | {"anonymous": 302},
            default=403,
        ),
        "waiting_list_accept": Row(
            _entry_url("waiting_list_accept"), WAITING_ANSWER, default=404, method="POST"
        ),
        "waiting_list_leave": Row(
            _entry_url("waiting_list_leave"), WAITING_ANSWER, default=404, method="POST"
        ),
    }
)
