import pytest

from stageplein.imports.parsing import MAX_BYTES, ImportFileError, parse_file
from stageplein.imports.sample import to_csv, to_xlsx


def test_semicolon_csv_from_magister_is_read_with_its_headers(rows):
    parsed = parse_file(to_csv(rows, delimiter=";"))
    assert parsed.delimiter == ";"
    assert parsed.headers[:4] == ["Stamnr", "Roepnaam", "Tussenv", "Achternaam"]
    assert len(parsed.rows) == 12
    assert parsed.lines[0] == 2


def test_comma_csv_is_read_too(rows):
    parsed = parse_file(to_csv(rows, delimiter=","))
    assert parsed.delimiter == ","
    assert parsed.rows[0][0] == rows[0]["Stamnr"]


def test_windows_1252_names_keep_their_accents(rows):
    rows[0]["Roepnaam"] = "Zoë"
    parsed = parse_file(to_csv(rows, encoding="cp1252"))
    assert parsed.encoding == "Windows-1252"
    assert parsed.rows[0][1] == "Zoë"


def test_utf8_with_bom_and_utf16_are_read(rows):
    rows[0]["Roepnaam"] = "Zoë"
    assert parse_file(b"\xef\xbb\xbf" + to_csv(rows)).headers[0] == "Stamnr"
    assert parse_file(to_csv(rows, encoding="utf-16")).rows[0][1] == "Zoë"


def test_excel_file_is_read_like_a_csv(rows):
    parsed = parse_file(to_xlsx(rows))
    assert parsed.file_format == "xlsx"
    assert parsed.rows[3] == [rows[3][h] for h in parsed.headers]


def test_blank_lines_are_skipped_but_line_numbers_stay_true(rows):
    content = to_csv(rows[:2]).replace(b"\r\n", b"\r\n\r\n", 1)
    assert parse_file(content).lines == [3, 4]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg"),
        (b"   \r\n", "leeg"),
        (b"Stamnr;Roepnaam\r\n", "geen leerlingen"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
        (b"PK\x03\x04broken", "Excel"),
        (b"Stamnr;Roepnaam\x00\x01\x02", "tekstbestand"),
        (b"only one column\r\nvalue\r\n", "kolommen"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(content, message):
    with pytest.raises(ImportFileError, match=message):
        parse_file(content)


def test_a_huge_file_is_refused():
    with pytest.raises(ImportFileError, match="MB"):
        parse_file(b"a;b\r\n" + b"1;2\r\n" * (MAX_BYTES // 5 + 1))


def test_an_xlsx_that_unpacks_to_gigabytes_is_refused_before_it_is_read(rows):
    import io
    import zipfile

    from stageplein.imports.parsing import MAX_UNPACKED_BYTES

    # A real workbook whose shared strings are blown up: what a "zip bomb" upload looks like.
    real = zipfile.ZipFile(io.BytesIO(to_xlsx(rows)))
    out = io.BytesIO()
    ns = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in real.infolist():
            if info.filename != "xl/sharedStrings.xml":
                bomb.writestr(info.filename, real.read(info.filename))
        with bomb.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(b'<sst xmlns="' + ns + b'">')
            chunk = b"<si><t>a</t></si>" * 65536
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 2):
                strings.write(chunk)
            strings.write(b"</sst>")
    content = out.getvalue()
    assert len(content) < MAX_BYTES
    with pytest.raises(ImportFileError, match="MB"):
        parse_file(content)


def test_a_csv_with_thousands_of_columns_is_refused():
    header = ";".join(f"kolom{n}" for n in range(20_000))
    with pytest.raises(ImportFileError, match=r"columns|kolommen"):
        parse_file(f"{header}\n{';' * 19_999}x\n".encode())


def test_a_very_wide_row_further_down_is_cut_to_the_header(rows):
    content = to_csv(rows, delimiter=";") + (";".join(["x"] * 20_000) + "\n").encode()
    parsed = parse_file(content)
    assert all(len(row) == len(parsed.headers) for row in parsed.rows)
