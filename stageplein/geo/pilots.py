"""The twenty MaS pilots of 2008-2009 (``data/pilots.csv``) and their municipalities today.

The booklet names places, not always municipalities, and Dutch municipalities have merged since;
ALIASES maps each name the CSV uses to the CBS 2025 municipalities that cover it. It lives in
geo (pilots are places) so that both the demo and the national dashboard read it.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ALIASES: dict[str, list[str]] = {
    "Den Haag": ["'s-Gravenhage"],
    "Nuenen": ["Nuenen, Gerwen en Nederwetten"],
    # "30 of the 31 Frisian municipalities" (2009): today's 18 municipalities of Fryslân.
    "30 of the 31 Frisian municipalities": [
        "Achtkarspelen",
        "Ameland",
        "Dantumadiel",
        "De Fryske Marren",
        "Harlingen",
        "Heerenveen",
        "Leeuwarden",
        "Noardeast-Fryslân",
        "Ooststellingwerf",
        "Opsterland",
        "Schiermonnikoog",
        "Smallingerland",
        "Súdwest-Fryslân",
        "Terschelling",
        "Tytsjerksteradiel",
        "Vlieland",
        "Waadhoeke",
        "Weststellingwerf",
    ],
    "Emmeloord": ["Noordoostpolder"],
    "Steenwijk": ["Steenwijkerland"],
    "Valkenburg": ["Valkenburg aan de Geul"],
    "Gulpen": ["Gulpen-Wittem"],
    "Parkstad": [
        "Heerlen",
        "Kerkrade",
        "Landgraaf",
        "Brunssum",
        "Simpelveld",
        "Voerendaal",
        "Beekdaelen",
    ],
    "Sittard": ["Sittard-Geleen"],
    "Horst": ["Horst aan de Maas"],
    "Panningen": ["Peel en Maas"],
    "Stein": ["Stein (L.)"],
    "Hoorn en regio West-Friesland": [
        "Hoorn",
        "Drechterland",
        "Enkhuizen",
        "Koggenland",
        "Medemblik",
        "Opmeer",
        "Stede Broec",
    ],
    "Gilze-Rijen": ["Gilze en Rijen"],
    "Hengelo": ["Hengelo (O.)"],
    "Middelburg": ["Middelburg (Z.)"],
}

# Level mixes the booklet states or implies; the rest follow the national spread.
NATIONAL_LEVEL_MIX = {"vmbo": 0.50, "havo": 0.24, "vwo": 0.21, "pro": 0.05}
LEVEL_MIX = {
    "Eindhoven": {"vmbo": 1.0},  # "vmbo only"
    "Rotterdam": {"vmbo": 0.78, "havo": 0.10, "vwo": 0.07, "pro": 0.05},  # "more than 3/4 vmbo"
}
# Targets the booklet mentions (hours per student per year).
YEARLY_HOURS_TARGET = {"Eindhoven": 30, "Noord-Holland": 30, "Noord-Veluwe": 30}


@dataclass(frozen=True)
class Pilot:
    index: int
    name: str
    students: int
    schools: int
    school_unit: str
    brokers: int | None
    place_names: list[str]
    website: str
    notes: str

    @property
    def municipality_names(self) -> list[str]:
        names: list[str] = []
        for place in self.place_names:
            for name in ALIASES.get(place, [place]):
                if name not in names:
                    names.append(name)
        return names

    @property
    def level_mix(self) -> dict[str, float]:
        return LEVEL_MIX.get(self.name, NATIONAL_LEVEL_MIX)


def read_pilots(path: Path | None = None) -> list[Pilot]:
    with open(path or settings.PILOTS_CSV, encoding="utf-8") as fh:
        return [
            Pilot(
                index=i,
                name=row["pilot"],
                students=int(row["students"]),
                schools=int(row["schools"]),
                school_unit=row["school_unit"],
                brokers=int(row["brokers"]) if row["brokers"] else None,
                place_names=[p.strip() for p in row["municipalities"].split(";") if p.strip()],
                website=row["website"],
                notes=row["notes"],
            )
            for i, row in enumerate(csv.DictReader(fh))
        ]
