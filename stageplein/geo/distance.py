"""Distances between PC4 areas, as the crow flies between their centroids.

PC4 centroids are approximate (GeoNames place points), so distances are good to about a
kilometre: enough to say "3 km from home", not enough for a route planner.
"""

import math
from functools import cache

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@cache
def centroids() -> dict[str, tuple[float, float]]:
    # 4,086 rows: one query per process is cheaper than a query per distance.
    from stageplein.geo.models import PostcodeArea

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
