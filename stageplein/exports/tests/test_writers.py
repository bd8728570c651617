"""Files a spreadsheet opens: CSV for Dutch Excel, real Excel files (read back with openpyxl)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from stageplein.exports.tables import Column, Kind, Link, Table
from stageplein.exports.writers import sheet_title, write_csv, write_xlsx


def table() -> Table:
    return Table(
        key="t",
        title="Leerlingen per klas: 2H1 [concept]",
        columns=[
            Column("Naam"),
            Column("Uren", Kind.DECIMAL),
            Column("Leerlingen", Kind.INT),
            Column("Ingeleverd", Kind.DATE),
            Column("Actie", export=False),
        ],
        rows=[
            (
                Link("Zoë Coördinator", "/leerlingen/1/"),
                Decimal("5.5"),
                1200,
                datetime.date(2026, 3, 1),
                Link("x", "/"),
            ),
            ('=HYPERLINK("http://evil")', Decimal(60), 3, None, "y"),
        ],
        footer=("Totaal", Decimal("65.5"), 1203, None, ""),
    )


def test_csv_opens_in_dutch_excel_utf8_with_semicolons_and_decimal_commas():
    content = write_csv(table())
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, not cp1252
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Naam", "Uren", "Leerlingen", "Ingeleverd"]  # no page-only column
    assert rows[1] == ["Zoë Coördinator", "5,5", "1200", "2026-03-01"]
    assert rows[-1] == ["Totaal", "65,5", "1203", ""]


def test_csv_and_excel_never_hand_a_formula_to_the_spreadsheet():
    rows = list(csv.reader(io.StringIO(write_csv(table()).decode("utf-8-sig")), delimiter=";"))
    assert rows[2][0].startswith("'=")
    sheet = load_workbook(io.BytesIO(write_xlsx(table()))).active
    assert sheet["A3"].data_type == "s" and sheet["A3"].value.startswith("'=")


def test_excel_file_opens_with_headers_numbers_and_dates():
    book = load_workbook(io.BytesIO(write_xlsx(table())))
    sheet = book.active
    assert sheet.title == "Leerlingen per klas  2H1  conce"  # no : [ ], at most 31
    assert [c.value for c in sheet[1]] == ["Naam", "Uren", "Leerlingen", "Ingeleverd"]
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "Zoë Coördinator"
    assert sheet["B2"].value == 5.5 and sheet["C2"].value == 1200  # numbers, not text
    assert sheet["D2"].value.date() == datetime.date(2026, 3, 1)
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[4]][:3] == ["Totaal", 65.5, 1203]


def test_sheet_names_follow_excels_rules():
    assert sheet_title("a/b:c*d?e[f]g\\h") == "a b c d e f g h"
    assert len(sheet_title("x" * 80)) == 31
    assert sheet_title("") == "Stageplein"


def test_a_long_list_is_written_with_progress_reports():
    seen: list[int] = []
    big = Table(
        key="t", title="Groot", columns=[Column("n", Kind.INT)], rows=((i,) for i in range(1200))
    )
    write_xlsx(big, seen.append)
    assert seen == [500, 1000, 1200]


@pytest.mark.parametrize("start", ["＝", "＋", "－", "＠"])
def test_a_full_width_formula_sign_is_neutralised_too(start):
    from stageplein.exports.writers import _text

    assert _text(f"{start}HYPERLINK(1)").startswith("'")
