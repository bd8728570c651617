"""National figures (the dashboards', funding's) are kept for a few minutes
(DASHBOARD_CACHE_SECONDS, 300).

They sum every hour entry in the country: 0.3-0.5 s with the twenty pilots, and R-SCALE-1's
national scale (195,000 new students a year) is ten times that, while a national viewer needs
them to the minute, not the second. Everything scoped to a school, broker or municipality is
computed on every request. The page says when its figures were computed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from stageplein.core.schoolyear import current_school_year


def cache_seconds() -> int:
    return int(getattr(settings, "DASHBOARD_CACHE_SECONDS", 300))


def cached[T](key: str, compute: Callable[[], T]) -> tuple[T, datetime.datetime]:
    """The value and when it was computed; computed now when missing or expired."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute(), timezone.now()
    full_key = f"dashboards:{key}:{current_school_year()}:{get_language() or ''}"
    hit = cache.get(full_key)
    if hit is None:
        hit = (compute(), timezone.now())
        cache.set(full_key, hit, seconds)
    return hit
