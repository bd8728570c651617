"""Read a student list exported from Magister, SOMtoday or Eduarte: CSV (comma or semicolon,
UTF-8 or Windows-1252) or Excel (.xlsx), into a header row and rows of strings.

Problems with the file as a whole (empty, too big, unreadable) raise ``ImportFileError`` with a
message for the coordinator; problems with single rows are found later, in validation.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
# The biggest Dutch schools have about 4,000 students; this leaves room for a whole board.
MAX_ROWS = 20_000
# A student list has a few dozen columns; thousands only make a mapping page nobody can use.
MAX_COLUMNS = 200
# An .xlsx is a zip: 10 MB of it can unpack to gigabytes (a "zip bomb"), all of which openpyxl
# would hold in memory. A real list of 20,000 students unpacks to well under this.
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
# The command line is for what the web upload refuses: a whole school board, a national test.
CLI_MAX_BYTES = 500 * 1024 * 1024
CLI_MAX_ROWS = 1_000_000


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is shown to the coordinator."""


@dataclass
class ParsedFile:
    headers: list[str]
    rows: list[list[str]]  # each as long as headers
    lines: list[int]  # the file line of each row, for messages that point into the file
    file_format: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""


def parse_file(
    content: bytes,
    filename: str = "",
    *,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> ParsedFile:
    """Read the file. The default limits are the web upload's; the command line passes its own
    (larger) ones, and then the messages do not send the coordinator to the command line."""
    web = max_bytes == MAX_BYTES and max_rows == MAX_ROWS
    if not content or not content.strip():
        raise ImportFileError(_("The file is empty."))
    if len(content) > max_bytes:
        mb = {"mb": max_bytes // (1024 * 1024)}
        raise ImportFileError(
            _("The file is larger than %(mb)d MB: split it, or use the command line.") % mb
            if web
            else _("The file is larger than %(mb)d MB: split it.") % mb
        )
    if content[:4] == b"PK\x03\x04":
        parsed = _parse_xlsx(content, max_rows)
    elif content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            _("This is an old Excel file (.xls). Save it as .xlsx or as CSV and upload it again.")
        )
    else:
        parsed = _parse_csv(content)
    if not parsed.rows:
        raise ImportFileError(_("The file has a header row but no students."))
    if len(parsed.rows) > max_rows:
        rows = {"max": max_rows}
        raise ImportFileError(
            _("The file has more than %(max)d rows: split it, or use the command line.") % rows
            if web
            else _("The file has more than %(max)d rows: split it.") % rows
        )
    return parsed


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "UTF-16"
    if b"\x00" in content:
        raise ImportFileError(
            _("The file is not a text file that we can read. Export it as CSV or Excel.")
        )
    try:
        return content.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # Excel on Windows saves CSV as Windows-1252 in the Netherlands.
    try:
        return content.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise ImportFileError(
            _(
                "The file's character encoding cannot be read. Save it as CSV UTF-8 "
                "(Excel: Save as, CSV UTF-8) and upload it again."
            )
        ) from None


def _parse_csv(content: bytes) -> ParsedFile:
    text, encoding = _decode(content)
    lines = text.splitlines()
    sample = next((line for line in lines if line.strip()), "")
    # The header row decides: Dutch exports use semicolons because the comma is the decimal sign.
    counts = {d: sample.count(d) for d in (";", ",", "\t")}
    delimiter = max(counts, key=lambda d: counts[d])
    if counts[delimiter] == 0:
        raise ImportFileError(
            _("We found no columns in the file: use a comma or a semicolon between columns.")
        )
    if counts[delimiter] >= MAX_COLUMNS:
        raise _too_wide()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Rows are cut to the column limit as they are read: a wide row further down cannot
        # make the rows (and the pages that show them) grow without bound.
        all_rows = [row[: MAX_COLUMNS + 1] for row in reader]
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is damaged: %(error)s") % {"error": exc}) from None
    return _shape(all_rows, "csv", encoding=encoding, delimiter=delimiter)


def _too_wide() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)d columns: is it the student list?") % {"max": MAX_COLUMNS}
    )


def _check_unpacked_size(content: bytes, max_rows: int) -> None:
    # Sizes from the zip's own directory: read without unpacking anything.
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(_("The Excel file cannot be opened: export it again.")) from None
    # The command line's larger row limit allows a proportionally larger workbook.
    limit = MAX_UNPACKED_BYTES * max(1, max_rows // MAX_ROWS)
    if unpacked > limit:
        raise ImportFileError(
            _("The Excel file unpacks to more than %(mb)d MB: save it as CSV and upload that.")
            % {"mb": limit // (1024 * 1024)}
        )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _parse_xlsx(content: bytes, max_rows: int) -> ParsedFile:

    # openpyxl is large and only needed when a spreadsheet is written or read.
    from openpyxl import load_workbook

    _check_unpacked_size(content, max_rows)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportFileError(_("The Excel file cannot be opened: export it again.")) from None
    try:
        sheet = workbook.worksheets[0]
        all_rows = [
            [_cell(v) for v in row]
            for row in sheet.iter_rows(
                values_only=True, max_row=max_rows + 50, max_col=MAX_COLUMNS + 1
            )
        ]
    finally:
        workbook.close()
    return _shape(all_rows, "xlsx")


def _shape(all_rows: list[list[str]], file_format: str, **extra) -> ParsedFile:
    # Skip blank lines before the header (some exports start with a title line and a blank).
    start = 0
    while start < len(all_rows) and not any(c.strip() for c in all_rows[start]):
        start += 1
    if start == len(all_rows):
        raise ImportFileError(_("The file is empty."))
    headers = [h.strip() for h in all_rows[start]]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS:
        raise _too_wide()
    if not any(headers):
        raise ImportFileError(_("The first row must hold the column names."))
    width = len(headers)
    # Blank lines inside the file are dropped, keeping line numbers true to the file.
    rows: list[list[str]] = []
    lines: list[int] = []
    for offset, raw in enumerate(all_rows[start + 1 :]):
        if not any(c.strip() for c in raw):
            continue
        cells = [c.strip() for c in raw[:width]]
        rows.append(cells + [""] * (width - len(cells)))
        lines.append(start + 2 + offset)
    return ParsedFile(headers=headers, rows=rows, lines=lines, file_format=file_format, **extra)
