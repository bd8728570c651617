"""The role × URL matrix: for every URL, what each role gets.

Each app lists its URLs in ``stageplein/<app>/access_matrix.py`` as ``ROWS`` (a dict of URL
name → Row); stageplein/core/tests/test_access_matrix.py requests every URL as every role
and fails when a URL of ours has no row. Roles are those of stageplein.testing.World, plus
"anonymous". Outsiders ("other_coordinator", "other_provider_contact") belong to another
school or organisation: they must get 404 on records that are not theirs.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from stageplein.testing import World

ROLES = ("anonymous", *World.ROLES)
STAFF_ROLES = tuple(r for r in World.ROLES if r not in ("student", "parent"))


@dataclass(frozen=True)
class Row:
    url: Callable[[World], str]
    expect: dict[str, int] = field(default_factory=dict)
    default: int | None = None
    method: str = "GET"
    data: Callable[[World], dict] | None = None

    def expected(self, role: str) -> int:
        if role in self.expect:
            return self.expect[role]
        if self.default is None:
            raise KeyError(f"no expectation for role {role}")
        return self.default


def all_rows() -> dict[str, Row]:
    import stageplein

    rows: dict[str, Row] = {}
    for module in pkgutil.iter_modules(stageplein.__path__):
        try:
            matrix = importlib.import_module(f"stageplein.{module.name}.access_matrix")
        except ModuleNotFoundError as exc:
            if exc.name != f"stageplein.{module.name}.access_matrix":
                raise
            continue
        overlap = rows.keys() & matrix.ROWS.keys()
        assert not overlap, f"URL names listed twice: {overlap}"
        rows.update(matrix.ROWS)
    return rows


def _reverse(name: str, *args) -> Callable[[World], str]:
    from django.urls import reverse

    return lambda w: reverse(name, args=args)


# The core's own pages, and one representative URL of each third-party group we mount.
ROWS: dict[str, Row] = {
    "about": Row(_reverse("about"), default=200),
    "healthz": Row(_reverse("healthz"), default=200),
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
# URL groups that are not ours: covered by the representatives above, not row by row.
THIRD_PARTY_MODULES = ("django.", "allauth.", "rest_framework", "drf_spectacular")
