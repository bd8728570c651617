"""The role × URL matrix: for every URL, what each role gets.

Test data, not permission code: each app lists its URLs in
``stageplein/<app>/tests/url_matrix.py`` as ``ROWS`` (a dict of URL name → Row);
stageplein/core/tests/test_access_matrix.py requests every URL as every role and fails when a
URL of ours has no row. Roles are those of tests.support.world.World, plus "anonymous".
Outsiders ("other_coordinator", "other_provider_contact") belong to another school or
organisation: they must get 404 on records that are not theirs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps

from tests.support.world import World

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


def signed_in(*, ok: Iterable[str] = (), forbidden: Iterable[str] = ()) -> dict[str, int]:
    """The usual expectations of a page behind sign-in: signed out, 302 to the sign-in page;
    the ``ok`` roles get the page; the ``forbidden`` roles may see the record but not use this
    page (403). Every other role gets the row's default (404 for a record that is not theirs)."""
    expect = {"anonymous": 302}
    expect.update(dict.fromkeys(ok, 200))
    expect.update(dict.fromkeys(forbidden, 403))
    return expect


def all_rows() -> dict[str, Row]:
    """Every app's rows (``<app>.tests.url_matrix.ROWS``), each URL name once."""
    rows: dict[str, Row] = {}
    for config in apps.get_app_configs():
        name = f"{config.name}.tests.url_matrix"
        if not config.name.startswith("stageplein."):
            continue
        try:
            matrix = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        overlap = rows.keys() & matrix.ROWS.keys()
        assert not overlap, f"URL names listed twice: {overlap}"
        rows.update(matrix.ROWS)
    return rows


# URL groups that are not ours: covered by one representative each (core's rows), not row by row.
THIRD_PARTY_MODULES = ("django.", "allauth.", "rest_framework", "drf_spectacular")
