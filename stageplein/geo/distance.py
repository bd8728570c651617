"""Distances as the crow flies: the one place the great-circle (haversine) formula is written.

Three forms of the same formula, for the three places a distance is needed:
``haversine_km`` for one pair, ``haversine_matrix_km`` for every origin against every point at
once (the matching, the calendar's nearest school), and ``haversine_sql`` inside a query (the
vacancy bank's "within 10 km", sorted by distance). ``bounding_box`` is the cheap index filter
that comes before any of them.

PC4 centroids are approximate (GeoNames place points), so distances are good to about a
kilometre: enough to say "3 km from home", not enough for a route planner.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache

import numpy as np
import numpy.typing as npt
from django.db.models import ExpressionWrapper, F, FloatField, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from stageplein.geo.models import PostcodeArea

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = 111.0
KM_PER_DEGREE_LON_AT_EQUATOR = 111.32


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def haversine_matrix_km(
    lat1: npt.NDArray[np.float64],
    lon1: npt.NDArray[np.float64],
    lat2: npt.NDArray[np.float64],
    lon2: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Kilometres from every point 1 (rows) to every point 2 (columns), in degrees."""
    p1, p2 = np.radians(lat1)[:, None], np.radians(lat2)[None, :]
    dphi = p2 - p1
    dlmb = np.radians(lon2)[None, :] - np.radians(lon1)[:, None]
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def haversine_sql(lat: float, lon: float, lat_field: str = "lat", lon_field: str = "lon"):
    """Kilometres from (lat, lon) to the row's (``lat_field``, ``lon_field``), in SQL (works on
    PostgreSQL and on SQLite, where Django registers the math functions)."""
    half_dlat = Radians(F(lat_field) - lat) / 2
    half_dlon = Radians(F(lon_field) - lon) / 2
    a = Power(Sin(half_dlat), 2) + Value(math.cos(math.radians(lat))) * Cos(
        Radians(F(lat_field))
    ) * Power(Sin(half_dlon), 2)
    return ExpressionWrapper(
        2 * EARTH_RADIUS_KM * ASin(Least(Sqrt(a), Value(1.0))), output_field=FloatField()
    )


def degrees_around(km: float, lat: float) -> tuple[float, float]:
    """How many degrees of latitude and of longitude ``km`` spans at latitude ``lat`` (the
    widest, for a box that must contain every point within ``km``)."""
    return km / KM_PER_DEGREE_LAT, km / (
        KM_PER_DEGREE_LON_AT_EQUATOR * max(0.01, math.cos(math.radians(lat)))
    )


def bounding_box(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """A box around a point that contains every point within ``km`` (a cheap index filter
    before the exact great-circle distance)."""
    dlat, dlon = degrees_around(km, lat)
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


@cache
def centroids() -> dict[str, tuple[float, float]]:
    # 4,086 rows: one query per process is cheaper than a query per distance.
    return {
        pc4: (lat, lon) for pc4, lat, lon in PostcodeArea.objects.values_list("pc4", "lat", "lon")
    }


def distance_km(pc4_a: str | None, pc4_b: str | None) -> float | None:
    """Kilometres between two PC4 areas, or None when either is unknown."""
    if not pc4_a or not pc4_b:
        return None
    table = centroids()
    a, b = table.get(str(pc4_a)), table.get(str(pc4_b))
    if a is None or b is None:
        return None
    return haversine_km(a[0], a[1], b[0], b[1])


def nearest_km(origins: Iterable[str], pc4s: Iterable[str]) -> dict[str, float | None]:
    """For each PC4 in ``pc4s``: kilometres to the nearest of the ``origins`` PC4s, or None
    when there is no known origin or the PC4 is unknown. Computed per pair of areas, so a
    region with a few hundred placement areas and a few dozen school areas is one small
    matrix."""
    table = centroids()
    starts = [table[pc4] for pc4 in set(origins) if pc4 in table]
    wanted = list(set(pc4s))
    found: dict[str, float | None] = dict.fromkeys(wanted)
    known = [pc4 for pc4 in wanted if pc4 in table]
    if not starts or not known:
        return found
    nearest = haversine_matrix_km(
        np.array([s[0] for s in starts]),
        np.array([s[1] for s in starts]),
        np.array([table[pc4][0] for pc4 in known]),
        np.array([table[pc4][1] for pc4 in known]),
    ).min(axis=0)
    found.update(zip(known, (float(km) for km in nearest), strict=True))
    return found
