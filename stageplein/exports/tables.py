"""Tables that a page shows and an export writes, from the same selector.

A page builds a ``Table`` through a ``TableSpec`` (``spec.build(scope, params)``) and renders it
with ``exports/table.html``; the export buttons under it post the spec's key and the same
parameters, and the export builds the very same table again in the requester's scope. Apps
declare their specs in ``stageplein/<app>/tables.py`` as ``TABLES = [TableSpec(...)]``; the
registry finds them with ``autodiscover_modules`` (core/discovery.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from stageplein.accounts.access import Scope
from stageplein.core.discovery import app_modules
from stageplein.students.models import Student

Params = Mapping[str, str]


class Kind:
    TEXT = "text"
    INT = "int"
    DECIMAL = "decimal"  # hours, grades, euros: two decimals at most
    PERCENT = "percent"  # 0-100, a whole number
    DATE = "date"


@dataclass(frozen=True)
class Column:
    label: Any  # a lazy translation
    kind: str = Kind.TEXT
    # Columns that only make sense on the page (an action link) are left out of exports.
    export: bool = True


@dataclass(frozen=True)
class Link:
    """A cell the page shows as a link; exports write its text."""

    text: Any
    url: str

    def __str__(self) -> str:
        return str(self.text)


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: Iterable[tuple]
    # The parameters that built it: the export buttons post them back.
    params: dict[str, str] = field(default_factory=dict)
    footer: tuple | None = None  # totals, shown under the rows and written last
    caption: str = ""
    note: str = ""
    # The students whose personal data the rows hold, if any: an export of the table is
    # logged in each one's read log (students/readlog.py).
    students: QuerySet[Student] | None = None

    def export_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if c.export]


@dataclass(frozen=True)
class TableSpec:
    key: str
    # build(scope, params) -> Table; params are the page's query parameters (strings). A
    # builder validates them against the scope itself and raises Http404 for outsiders.
    build: Callable[[Scope, Params], Table]
    # allowed(scope): may this person ask for this table at all (403 otherwise)?
    allowed: Callable[[Scope], bool]
    # count(scope, params): how many rows an export will have, cheaply (a COUNT). Tables
    # without it are small (one row per class, school or region) and always written at once.
    count: Callable[[Scope, Params], int] | None = None


def cell_value(value: object) -> object:
    """The plain value of a cell for a file: links become their text, lazy strings strings."""
    if isinstance(value, Link):
        return cell_value(value.text)
    if value is None or isinstance(value, int | float | Decimal | datetime.date | bool):
        return value
    return str(value)


def url(name: str, *args, **query) -> str:
    """A link for a cell: the URL with the query parameters that have a value."""
    base = reverse(name, args=args)
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{base}?{urlencode(query)}" if query else base


@cache
def registry() -> dict[str, TableSpec]:
    specs: dict[str, TableSpec] = {}
    for found in app_modules("tables"):
        for spec in getattr(found, "TABLES", []):
            assert spec.key not in specs, f"table {spec.key} registered twice"
            specs[spec.key] = spec
    return specs


def get_spec(key: str) -> TableSpec | None:
    return registry().get(key)
