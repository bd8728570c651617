from collections.abc import Callable

from django.db.models import Model
from django.urls import reverse

from tests.support.url_matrix import Row
from tests.support.world import World


def _pk(obj: Callable[[World], Model], name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[obj(w).pk])


SENDERS = {"anonymous": 302, "coordinator": 200, "other_coordinator": 200, "broker": 200}

ROWS = {
    "mailing_list": Row(lambda w: reverse("mailing_list"), {**SENDERS, "admin": 200}, default=403),
    "mailing_create": Row(lambda w: reverse("mailing_create"), SENDERS, default=403),
    "mailing_detail": Row(
        _pk(lambda w: w.mailing, "mailing_detail"),
        {"anonymous": 302, "coordinator": 200, "admin": 200, "parent": 200},
        default=404,
    ),
    # The draft is the broker's: the send is refused to everyone else without revealing it.
    "mailing_send": Row(
        _pk(lambda w: w.mailing_draft, "mailing_send"),
        {"anonymous": 302, "broker": 302, "admin": 302},
        default=404,
        method="POST",
    ),
}
