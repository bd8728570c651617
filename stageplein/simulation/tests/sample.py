"""A small stored report (two weeks of one region) for the page tests and the URL matrix."""

from __future__ import annotations

from stageplein.simulation.metrics import COLUMNS
from stageplein.simulation.params import Params


def week(n: int, **values: float) -> dict:
    row: dict = dict.fromkeys(COLUMNS[2:], 0)
    row.update(week=n, monday=f"2026-09-{7 * n:02d}", free_by_sector={"zorg": 4}, refused={})
    row.update(values)
    return row


def sample_report(region: str = "Zutphen e.o.") -> dict:
    rows = [
        week(
            1,
            students=600,
            in_window=200,
            waiting=150,
            free_seats=40,
            shortage=110,
            placed_student=30,
            placed_total=30,
            hours=0.0,
            hours_norm=4000,
        ),
        week(
            2,
            students=600,
            in_window=200,
            waiting=90,
            free_seats=20,
            shortage=70,
            placed_student=40,
            placed_broker=20,
            placed_total=90,
            hours=120.0,
            hours_norm=4000,
            finished=3,
            flooded_providers=1,
            broker_students=25,
        ),
    ]
    return {
        "seed": 1,
        "school_year": 2026,
        "weeks": 2,
        "params": Params().as_dict(),
        "changed": {},
        "regions": {region: rows},
        "country": rows,
        "booklet": {"country": {"share_broker": 30.0}},
        "violations": [],
        "stopped_week": None,
    }
