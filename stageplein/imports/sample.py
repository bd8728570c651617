"""Magister-style student lists made up for tests, the benchmark and the demo (no real data)."""

from __future__ import annotations

import datetime
import io
import random

MAGISTER_HEADERS = [
    "Stamnr",
    "Roepnaam",
    "Tussenv",
    "Achternaam",
    "Geb.datum",
    "Klas",
    "Leerjaar",
    "Studie",
    "E-mail",
    "E-mail ouder/verzorger",
    "Postcode",
]
FIRST = ["Sem", "Noah", "Liam", "Emma", "Julia", "Mila", "Daan", "Tess", "Sara", "Finn", "Zoë"]
LAST = [("", "Jansen"), ("de", "Vries"), ("van", "Dijk"), ("", "Bakker"), ("van der", "Berg")]
STUDIE = {"vmbo": "vmbo-kb", "havo": "havo", "vwo": "atheneum"}


def magister_rows(
    n: int,
    *,
    seed: int = 7,
    start_number: int = 300000,
    school_year: int = 2025,
    postcodes: list[str] | None = None,
    domain: str = "leerling.example",
) -> list[dict[str, str]]:
    rng = random.Random(seed)
    postcodes = postcodes or ["7201", "7202", "7203", "7204"]
    rows = []
    for i in range(n):
        level = rng.choice(list(STUDIE))
        year = rng.randint(1, 4)
        cohort = school_year - (year - 1)
        born = datetime.date(cohort - 12, 10, 1) - datetime.timedelta(days=rng.randint(0, 364))
        infix, last = rng.choice(LAST)
        number = str(start_number + i)
        rows.append(
            {
                "Stamnr": number,
                "Roepnaam": rng.choice(FIRST),
                "Tussenv": infix,
                "Achternaam": last,
                "Geb.datum": born.strftime("%d-%m-%Y"),
                "Klas": f"{year}{level[0].upper()}{rng.randint(1, 3)}",
                "Leerjaar": str(year),
                "Studie": f"{STUDIE[level]} {year}",
                "E-mail": f"{number}@{domain}",
                "E-mail ouder/verzorger": f"ouder.{number}@{domain}",
                "Postcode": f"{rng.choice(postcodes)} {rng.choice('ABCDEFGH')}"
                f"{rng.choice('KLMNPR')}",
            }
        )
    return rows


def to_csv(rows: list[dict[str, str]], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    headers = list(rows[0]) if rows else MAGISTER_HEADERS
    lines = [delimiter.join(headers)]
    for row in rows:
        lines.append(delimiter.join(row.get(h, "") for h in headers))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def to_xlsx(rows: list[dict[str, str]]) -> bytes:

    # openpyxl is large and only needed when a spreadsheet is written or read.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    headers = list(rows[0])
    sheet.append(headers)
    for row in rows:
        sheet.append([row[h] for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
