"""Query parameters through forms: a value that does not fit its field is treated as absent,
never passed on to int() or to the database (where "1e23", an id beyond bigint or a NUL byte
would answer 500)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import QueryDict

MAX_ID = 2**63 - 1
MAX_PAGE = 100_000


def id_field() -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def text_field(max_length: int = 100) -> forms.CharField:
    # CharField refuses NUL bytes (ProhibitNullCharactersValidator).
    return forms.CharField(required=False, max_length=max_length)


def date_field() -> forms.DateField:
    """An ISO date (2027-03-08), as links carry them."""
    return forms.DateField(required=False, input_formats=["%Y-%m-%d"])


def clean_params(data: QueryDict | Mapping[str, Any], **fields: forms.Field) -> dict[str, Any]:
    """The cleaned value of each field, or None where the value is missing or invalid."""
    form_class = type("ParamsForm", (forms.Form,), dict(fields))
    form = form_class(data)
    form.is_valid()
    return {name: (None if name in form.errors else form.cleaned_data.get(name)) for name in fields}


def page_number(data: QueryDict | Mapping[str, Any]) -> int:
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    return clean_params(data, page=page)["page"] or 1
