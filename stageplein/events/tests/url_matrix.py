"""Role × URL matrix rows of events, and the stage market of the world's broker they open."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.support.url_matrix import Row
from tests.support.world import World


def _market(w: World) -> int:
    """The broker's stage market for students, providers and staff of the region."""
    from stageplein.events.models import Event

    start = timezone.now() + datetime.timedelta(days=7)
    event, _created = Event.objects.get_or_create(
        title="Stagemarkt Zutphen",
        defaults={
            "kind": "market",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=3),
            "place": "Sporthal De Mars",
            "region": w.region,
            "broker": w.broker,
            "for_students": True,
            "for_providers": True,
            "for_staff": True,
            "capacity": 50,
        },
    )
    return event.pk


def _e(name: str):
    return lambda w: reverse(name, args=[_market(w)])


AUDIENCE = ("student", "coordinator", "mentor", "provider_contact", "supervisor")
SEES = (*AUDIENCE, "broker", "admin")


def _for(allowed: tuple[str, ...], status: int) -> dict[str, int]:
    return {r: (status if r in allowed else 403) for r in SEES} | {"anonymous": 302}


ROWS = {
    "event_list": Row(
        lambda w: reverse("event_list"),
        dict.fromkeys((*SEES, "other_coordinator", "other_provider_contact"), 200)
        | {"anonymous": 302},
        default=403,
    ),
    "event_create": Row(
        lambda w: reverse("event_create"),
        dict.fromkeys(("broker", "coordinator", "other_coordinator"), 200) | {"anonymous": 302},
        default=403,
    ),
    "event_edit": Row(_e("event_edit"), _for(("broker",), 200), default=404),
    "event_detail": Row(_e("event_detail"), _for(SEES, 200), default=404),
    "event_ical": Row(_e("event_ical"), _for(SEES, 200), default=404),
    "event_sign_up": Row(_e("event_sign_up"), _for(AUDIENCE, 302), default=404, method="POST"),
    "event_sign_off": Row(_e("event_sign_off"), _for(SEES, 302), default=404, method="POST"),
    "event_attendance": Row(
        _e("event_attendance"), _for(("broker",), 302), default=404, method="POST"
    ),
    "event_cancel": Row(_e("event_cancel"), _for(("broker",), 302), default=404, method="POST"),
}
