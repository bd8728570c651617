import datetime
from decimal import Decimal

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.safestring import SafeString

from stageplein.exports.tables import Column, Kind, Link

register = template.Library()
NUMERIC = {Kind.INT, Kind.DECIMAL, Kind.PERCENT}


def format_cell(value: object, kind: str) -> SafeString | str:
    if isinstance(value, Link):
        return format_html('<a href="{}">{}</a>', value.url, format_cell(value.text, kind))
    if value is None or value == "":
        return "–"
    if kind == Kind.PERCENT and isinstance(value, int | float | Decimal):
        return f"{floatformat(value, '0g')}%"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return floatformat(value, "0g")
    if isinstance(value, float | Decimal):
        return floatformat(value, "-1g")
    if isinstance(value, datetime.date):
        return date_filter(value, "j M Y")
    return str(value)


@register.filter
def cells(row: tuple, columns: list[Column]) -> list[tuple[object, bool]]:
    """A row's cells formatted for the page, each with whether it is a number (aligned)."""
    return [
        (format_cell(value, column.kind), column.kind in NUMERIC)
        for value, column in zip(row, columns, strict=True)
    ]
