"""Our fields, the headers Magister, SOMtoday and Eduarte use for them, and how a cell becomes a
value. Every message here is shown next to the row it is about."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stageplein.organisations.models import Level


@dataclass(frozen=True)
class Field:
    key: str
    label: Any  # a lazy translation
    required: bool
    aliases: tuple[str, ...]  # normalised header names seen in the systems' exports


FIELDS = (
    Field(
        "student_number",
        gettext_lazy("Student number (stamnummer)"),
        True,
        ("stamnummer", "leerlingnummer", "llnr", "studentnummer", "stamnr", "leerlingnr", "nummer"),
    ),
    Field(
        "first_name",
        gettext_lazy("First name (roepnaam)"),
        True,
        ("roepnaam", "voornaam", "roepnaamleerling", "firstname"),
    ),
    Field(
        "infix", gettext_lazy("Infix (tussenvoegsel)"), False, ("tussenvoegsel", "tussenv", "tv")
    ),
    Field(
        "last_name",
        gettext_lazy("Last name (achternaam)"),
        True,
        ("achternaam", "naam", "geslachtsnaam", "lastname", "achternaamleerling"),
    ),
    Field(
        "date_of_birth",
        gettext_lazy("Date of birth"),
        True,
        ("geboortedatum", "gebdatum", "geboren", "gebdat", "dateofbirth"),
    ),
    Field("class_name", gettext_lazy("Class"), False, ("klas", "stamklas", "groep", "basisgroep")),
    Field("year", gettext_lazy("Year group (leerjaar)"), False, ("leerjaar", "jaar", "lj")),
    Field(
        "level",
        gettext_lazy("Level (studie/niveau)"),
        True,
        ("studie", "niveau", "opleiding", "onderwijssoort", "leerweg", "afdeling", "stroom"),
    ),
    Field(
        "email",
        gettext_lazy("Student's e-mail address"),
        False,
        ("email", "emailadres", "emailleerling", "emailadresleerling", "mail"),
    ),
    Field(
        "parent_email",
        gettext_lazy("Parent's e-mail address"),
        False,
        (
            "emailouder",
            "emailouders",
            "emailverzorger",
            "emailouderverzorger",
            "emailadresouder",
            "emailadresverzorger",
            "emailouder1",
            "emailverzorger1",
        ),
    ),
    Field("postcode", gettext_lazy("Postcode"), False, ("postcode", "pc", "postcodewoonadres")),
    Field(
        "mentor",
        gettext_lazy("Mentor (e-mail or staff code)"),
        False,
        (
            "mentor",
            "mentoremail",
            "emailmentor",
            "mentorcode",
            "mentorafkorting",
            "coach",
            "slb",
            "mentor1",
        ),
    ),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
REQUIRED = tuple(f.key for f in FIELDS if f.required)


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def suggest_columns(headers: list[str], remembered: dict[str, str] | None = None) -> dict[str, str]:
    """Our field -> the header that most likely holds it: the school's remembered choice when
    the file still has that header, else a known name from the systems' exports."""
    remembered = remembered or {}
    present = set(headers)
    by_norm = {normalise(h): h for h in headers}
    taken: set[str] = set()
    result: dict[str, str] = {}
    for field in FIELDS:
        header = remembered.get(field.key, "")
        if header not in present or header in taken:
            header = next(
                (by_norm[a] for a in field.aliases if a in by_norm and by_norm[a] not in taken), ""
            )
        if header:
            taken.add(header)
        result[field.key] = header
    return result


def mapping_problems(columns: dict[str, str], headers: list[str]) -> list[str]:
    problems = []
    labels = {f.key: f.label for f in FIELDS}
    for key in REQUIRED:
        if not columns.get(key):
            problems.append(_("Choose the column for “%(field)s”.") % {"field": labels[key]})
    if not columns.get("year") and not columns.get("class_name"):
        problems.append(_("Choose the column for the year group, or for the class."))
    used = [h for h in columns.values() if h]
    for header in sorted({h for h in used if used.count(h) > 1}):
        problems.append(_("The column “%(header)s” is chosen twice.") % {"header": header})
    for header in used:
        if header not in headers:
            problems.append(_("The file has no column “%(header)s”.") % {"header": header})
    return problems


# -- cells to values ---------------------------------------------------------------------------

_LEVEL_WORDS = {
    Level.PRO: {"pro", "praktijkonderwijs", "praktijk"},
    Level.VWO: {"vwo", "atheneum", "gymnasium", "ath", "gym", "tto"},
    Level.HAVO: {"havo"},
    Level.VMBO: {
        "vmbo",
        "mavo",
        "tl",
        "gl",
        "kb",
        "bb",
        "kader",
        "basis",
        "theoretisch",
        "gemengd",
        "vmbot",
        "vmbokb",
        "vmbobb",
        "vmbogt",
        "vmbogl",
        "lwoo",
    },
}
_LEVEL_LETTERS = {
    "v": Level.VWO,
    "h": Level.HAVO,
    "m": Level.VMBO,
    "b": Level.VMBO,
    "k": Level.VMBO,
}


def parse_level(value: str) -> str:
    """ "havo 2", "H2", "vmbo-kb", "Atheneum", "mavo/havo" (a combined class counts as the lower
    level, whose norm is lower) → our level code."""
    tokens = [re.sub(r"\d", "", t) for t in re.split(r"[^a-z0-9]+", value.lower()) if t]
    tokens = [t for t in tokens if t]
    found = set()
    for token in tokens:
        for level, words in _LEVEL_WORDS.items():
            if token in words:
                found.add(level)
    if not found and len(tokens) == 1 and tokens[0] in _LEVEL_LETTERS:
        found.add(_LEVEL_LETTERS[tokens[0]])
    for level in (Level.PRO, Level.VMBO, Level.HAVO, Level.VWO):
        if level in found:
            return level.value
    raise ValueError(
        _("Unknown level “%(value)s”: use vmbo, havo, vwo or praktijkonderwijs.") % {"value": value}
    )


_DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d-%m-%y", "%d/%m/%y")


def parse_date(value: str, today: datetime.date) -> datetime.date:
    text = value.strip().split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if fmt.endswith("%y") and day > today:
            day = day.replace(year=day.year - 100)
        age = today.year - day.year
        if not 8 <= age <= 25:
            raise ValueError(
                _("The date of birth %(value)s does not fit a secondary-school student.")
                % {"value": value}
            )
        return day
    raise ValueError(
        _("“%(value)s” is not a date: use day-month-year, e.g. 14-03-2012.") % {"value": value}
    )


def parse_year(value: str, class_name: str) -> int:
    text = value.strip() or (class_name.strip()[:1] if class_name.strip()[:1].isdigit() else "")
    if not text:
        raise ValueError(_("The year group is missing (and the class does not start with it)."))
    try:
        year = int(text)
    except ValueError:
        raise ValueError(
            _("“%(value)s” is not a year group: use 1 to 6.") % {"value": value}
        ) from None
    if not 1 <= year <= 6:
        raise ValueError(_("“%(value)s” is not a year group: use 1 to 6.") % {"value": value})
    return year


_POSTCODE = re.compile(r"^([1-9]\d{3})\s?([A-Za-z]{2})?$")


def parse_postcode(value: str, known: set[str]) -> str | None:
    """Only the four digits are kept: enough to find nearby placements, and less to hold
    about a minor."""
    text = value.strip()
    if not text:
        return None
    match = _POSTCODE.match(text)
    if not match:
        raise ValueError(
            _("“%(value)s” is not a Dutch postcode (e.g. 7201 AB).") % {"value": value}
        )
    if match.group(1) not in known:
        raise ValueError(_("The postcode %(value)s does not exist.") % {"value": value})
    return match.group(1)


def parse_email(value: str) -> str | None:
    text = value.strip().lower()
    if not text:
        return None
    try:
        validate_email(text)
    except ValidationError:
        raise ValueError(_("“%(value)s” is not an e-mail address.") % {"value": value}) from None
    return text
