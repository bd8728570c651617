"""Role × URL rows of the core's own pages, and of one URL of each third-party group we mount."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from tests.support.url_matrix import Row
from tests.support.world import World


def _reverse(name: str, *args) -> Callable[[World], str]:
    return lambda w: reverse(name, args=args)


ROWS: dict[str, Row] = {
    "about": Row(_reverse("about"), default=200),
    "privacy": Row(_reverse("privacy"), default=200),
    "accessibility": Row(_reverse("accessibility"), default=200),
    "healthz": Row(_reverse("healthz"), default=200),
    "service_worker": Row(_reverse("service_worker"), default=200),
    "web_manifest": Row(_reverse("web_manifest"), default=200),
    "offline": Row(_reverse("offline"), default=200),
    "health_live": Row(_reverse("health_live"), default=200),
    "health_ready": Row(_reverse("health_ready"), default=200),
    # The test client comes from 127.0.0.1: the machine itself may scrape.
    "metrics": Row(_reverse("metrics"), default=200),
    "account_login": Row(_reverse("account_login"), {"anonymous": 200}, default=302),
    "account_logout": Row(_reverse("account_logout"), method="POST", default=302),
    "account_reset_password": Row(_reverse("account_reset_password"), default=200),
    "admin:index": Row(_reverse("admin:index"), {"admin": 200}, default=302),
    "set_language": Row(
        _reverse("set_language"), method="POST", data=lambda w: {"language": "en"}, default=302
    ),
}
