"""Write a Table to a file a spreadsheet opens.

CSV is written for Excel with Dutch regional settings, where most of our users open it: UTF-8
with a byte-order mark (otherwise Excel reads it as Windows-1252 and breaks "coördinator"), a
semicolon between fields (the Dutch list separator, since the comma is the decimal sign),
decimal commas, ISO dates and CRLF line ends. Text that a spreadsheet would run as a formula
(starting with = + - @) gets a leading apostrophe. Excel files are written with openpyxl in
write-only mode (constant memory for long lists), with real numbers and dates.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from collections.abc import Callable
from decimal import Decimal

from stageplein.exports.tables import Kind, Table, cell_value

Progress = Callable[[int], None]
PROGRESS_EVERY = 500
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: object) -> str:
    text = str(value)
    # NFKC: Excel also starts a formula at the full-width "＝", "＋", "－" and "＠".
    first = unicodedata.normalize("NFKC", text[:1])
    return "'" + text if first.startswith(FORMULA_START) else text


def _csv_cell(value: object) -> str:
    value = cell_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        if value == int(value):
            return str(int(value))
        return f"{value:.2f}".rstrip("0").replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _text(value)


def _rows(table: Table, progress: Progress | None):
    keep = table.export_columns()
    n = 0
    for row in table.rows:
        yield [row[i] for i in keep]
        n += 1
        if progress and n % PROGRESS_EVERY == 0:
            progress(n)
    if table.footer is not None:
        yield [table.footer[i] for i in keep]
    if progress:
        progress(n)


def write_csv(table: Table, progress: Progress | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_text(table.columns[i].label) for i in table.export_columns()])
    for row in _rows(table, progress):
        writer.writerow([_csv_cell(v) for v in row])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


NUMBER_FORMATS = {Kind.DECIMAL: "0.00", Kind.INT: "0", Kind.PERCENT: "0", Kind.DATE: "yyyy-mm-dd"}


def sheet_title(title: str) -> str:
    """Excel refuses sheet names over 31 characters or with []:*?/\\ in them."""
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return clean[:31] or "Stageplein"


def write_xlsx(table: Table, progress: Progress | None = None) -> bytes:
    # openpyxl is large and only needed when a spreadsheet is written or read.
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(table.title))
    keep = table.export_columns()
    kinds = [table.columns[i].kind for i in keep]
    for n, i in enumerate(keep, start=1):
        width = 30 if table.columns[i].kind == Kind.TEXT else 14
        sheet.column_dimensions[openpyxl.utils.get_column_letter(n)].width = width
    sheet.freeze_panes = "A2"
    bold = openpyxl.styles.Font(bold=True)
    header = []
    for i in keep:
        cell = openpyxl.cell.WriteOnlyCell(sheet, value=str(table.columns[i].label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in _rows(table, progress):
        cells = []
        for kind, raw in zip(kinds, row, strict=True):
            value = cell_value(raw)
            if isinstance(value, str):
                value = _text(value)
            elif isinstance(value, Decimal):
                value = float(value)
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
            if kind in NUMBER_FORMATS and value is not None and not isinstance(value, str):
                cell.number_format = NUMBER_FORMATS[kind]
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
