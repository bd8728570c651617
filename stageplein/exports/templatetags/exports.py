"""Render a Table's rows. Written in Python rather than as template loops: a dashboard table
has hundreds of cells, and a template node per cell costs more than the query behind it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from stageplein.exports.tables import Column, Kind, Link

register = template.Library()
NUMERIC = {Kind.INT, Kind.DECIMAL, Kind.PERCENT}


class NumberFormat:
    """The active language's separators, looked up once per table."""

    def __init__(self) -> None:
        self.thousands = str(get_format("THOUSAND_SEPARATOR"))
        self.decimal = str(get_format("DECIMAL_SEPARATOR"))

    def integer(self, value: int) -> str:
        return f"{value:,}".replace(",", self.thousands)

    def number(self, value: float | Decimal) -> str:
        rounded = round(float(value), 1)
        if rounded == int(rounded):
            return self.integer(int(rounded))
        whole, _, fraction = f"{rounded:,.1f}".partition(".")
        return whole.replace(",", self.thousands) + self.decimal + fraction


def format_cell(value: object, kind: str, numbers: NumberFormat) -> str:
    """A cell as escaped HTML."""
    if isinstance(value, Link):
        return format_html(
            '<a href="{}">{}</a>',
            value.url,
            mark_safe(format_cell(value.text, kind, numbers)),  # noqa: S308
        )
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return conditional_escape(str(value))
    if isinstance(value, int):
        text = numbers.integer(value)
    elif isinstance(value, float | Decimal):
        text = numbers.number(value)
    elif isinstance(value, datetime.date):
        return conditional_escape(date_filter(value, "j F Y"))
    else:
        return conditional_escape(str(value))
    return text + "%" if kind == Kind.PERCENT else text


def render_row(row: tuple, columns: list[Column], numbers: NumberFormat) -> str:
    cells = []
    for i, (value, column) in enumerate(zip(row, columns, strict=True)):
        html = format_cell(value, column.kind, numbers)
        if i == 0:
            cells.append(f'<th scope="row">{html}</th>')
        elif column.kind in NUMERIC:
            cells.append(f'<td class="num">{html}</td>')
        else:
            cells.append(f"<td>{html}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


@register.simple_tag
def table_rows(rows: Iterable[tuple], columns: list[Column], empty: str = "") -> SafeString:
    numbers = NumberFormat()
    html = [render_row(row, columns, numbers) for row in rows]
    if not html and empty:
        html.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), empty))
    return mark_safe("\n".join(html))  # noqa: S308 (every cell escaped above)


@register.simple_tag
def table_footer(table) -> SafeString:
    return mark_safe(render_row(table.footer, table.columns, NumberFormat()))  # noqa: S308
