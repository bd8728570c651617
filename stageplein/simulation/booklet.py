"""What the booklet of the 2008-2009 pilots says in figures, to set beside a simulated year
(the source text is ../shared/seed/, the pilots' own booklet). Only figures the booklet
states are here; the report shows "—" for the rest."""

from __future__ import annotations

# Per pilot: the share of students placed by the broker (%) and the share that did an
# internship by the end of the year (%), where the booklet says so.
BOOKLET: dict[str, dict[str, float]] = {
    # "Bovendien lukt het ongeveer 30 procent niet om zelf een stageplaats te vinden. Voor die
    # leerlingen bemiddelt de Vrijwilligerscentrale. Dat het ons gelukt is om alle leerlingen
    # stage te laten lopen ..." (Zutphen)
    "Zutphen": {"share_broker": 30.0, "share_finished": 100.0},
}
# Across the pilots: about 30 % needed the broker (the reading of the booklet).
COUNTRY = {"share_broker": 30.0}


def pilot_of(region_name: str) -> str:
    return region_name.removesuffix(" (sim)")


def booklet_figures(region_names: list[str]) -> dict[str, dict[str, float]]:
    found = {name: BOOKLET[pilot_of(name)] for name in region_names if pilot_of(name) in BOOKLET}
    found["country"] = COUNTRY
    return found
