"""Reads of placements, always scoped to the person (see stageplein.accounts.access), and the
student search (R-PLACE-5, R-MATCH-1)."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db import connections, router
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.utils import timezone

from stageplein.core.paginate import page_number, page_with_total
from stageplein.core.schoolyear import current_school_year
from stageplein.geo.distance import bounding_box, centroids, distance_km, haversine_sql
from stageplein.geo.models import Region
from stageplein.placements.capacity import claimed_in_period
from stageplein.placements.models import (
    LEVEL_FIELDS,
    MIN_AGE_HIGHEST,
    MIN_AGE_LOWEST,
    Placement,
    PlacementPeriod,
    SchoolLink,
    TaskRule,
    stale_cutoff,
)
from stageplein.students.models import Student

# -- who may do what -------------------------------------------------------------------------


# -- sector rules (R-PLACE-3) -------------------------------------------------------------------


def task_rules_for(sector_id: str | None, region_id: int | None) -> list[TaskRule]:
    """The rules that apply to a placement: the national ones and the region's own."""
    if not sector_id:
        return []
    qs = TaskRule.objects.filter(sector_id=sector_id).filter(
        Q(region__isnull=True) | Q(region_id=region_id)
    )
    return list(qs.order_by("kind", "region_id", "order", "pk"))


def split_rules(rules: list[TaskRule]) -> dict[str, list[TaskRule]]:
    return {
        "may": [r for r in rules if r.kind == TaskRule.Kind.MAY],
        "may_not": [r for r in rules if r.kind == TaskRule.Kind.MAY_NOT],
    }


# -- school links (R-MATCH-6) --------------------------------------------------------------------


# -- availability (computed, never stored: placements/capacity.py) -----------------------------


def has_period_not_ended(placement: Placement) -> bool:
    """Search shows only placements with a period that has not ended: without one, a renewed
    placement is current but still cannot be found."""
    return placement.periods.filter(ends_on__gte=timezone.localdate()).exists()


def has_free_open_period() -> Exists:
    """A period that has not ended and still has a free seat (for the search filter)."""
    return Exists(
        PlacementPeriod.objects.filter(placement=OuterRef("pk"), ends_on__gte=timezone.localdate())
        .annotate(claimed=claimed_in_period())
        .filter(capacity__gt=F("claimed"))
    )


# -- eligibility (level and age) ------------------------------------------------------------


def birthday_at_age(date_of_birth: datetime.date, age: int) -> datetime.date:
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:  # born on 29 February
        return date_of_birth.replace(year=date_of_birth.year + age, day=28)


def student_may_do_period(student: Student, placement: Placement, period: PlacementPeriod) -> bool:
    """Level fits and the student is old enough on the day they would start."""
    if student.level not in placement.levels:
        return False
    start = max(period.starts_on, timezone.localdate())
    return student.age_on(start) >= placement.min_age


def age_on(date_of_birth: datetime.date, day: datetime.date) -> int:
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def old_enough_on(date_of_birth: datetime.date) -> Case:
    """Per placement: the day the student reaches its minimum age (an annotation). Only the
    ages still ahead of the student matter; the rest are "today"."""
    today = timezone.localdate()
    ahead = range(max(age_on(date_of_birth, today) + 1, MIN_AGE_LOWEST), MIN_AGE_HIGHEST + 1)
    return Case(
        *[When(min_age=age, then=Value(birthday_at_age(date_of_birth, age))) for age in ahead],
        default=Value(today),
        output_field=DateField(),
    )


def eligible_for(student_level: str, date_of_birth: datetime.date) -> Q:
    """Placements a student of this level and age may do: the level fits, and the student is
    old enough now or before one of the open periods starts (a 13-year-old may react to a 14+
    placement that starts after their birthday). Needs the ``old_enough_on`` annotation."""
    today = timezone.localdate()
    age = age_on(date_of_birth, today)
    level = Q(**{f"level_{student_level}": True})
    if age >= MIN_AGE_HIGHEST:
        return level
    later_period = Exists(
        PlacementPeriod.objects.filter(
            placement=OuterRef("pk"),
            ends_on__gte=today,
            starts_on__gte=OuterRef("old_enough_on"),
        )
    )
    return level & (Q(min_age__lte=age) | Q(later_period))


# -- the search ------------------------------------------------------------------------------


@dataclass
class Origin:
    """Where distances are measured from: the student's home or school, or a postcode."""

    kind: str  # "home", "school" or "postcode"
    pc4: str
    lat: float
    lon: float


@dataclass
class PlacementSearch:
    q: str = ""
    sector: str | None = None
    kind: str | None = None
    region: int | None = None
    available_from: datetime.date | None = None
    available_until: datetime.date | None = None
    origin: Origin | None = None
    max_km: int | None = None
    level: str | None = None
    date_of_birth: datetime.date | None = None
    linked_school_id: int | None = None
    only_free: bool = True
    words: list[str] = field(default_factory=list)
    # Narrows the search to these placements (the public vacancy bank passes its rule from
    # placements/access.py, so the rule stays in one place).
    within: QuerySet[Placement] | None = None


def school_links(school_id: int, school_year: int) -> tuple[frozenset[int], frozenset[int]]:
    """The providers and the single placements the school supplies this year."""
    providers: set[int] = set()
    placements: set[int] = set()
    for provider_id, placement_id in SchoolLink.objects.filter(
        school_id=school_id, school_year=school_year
    ).values_list("provider_id", "placement_id"):
        if placement_id is None:
            providers.add(provider_id)
        else:
            placements.add(placement_id)
    return frozenset(providers), frozenset(placements)


def linked_to_school(
    school_id: int,
    school_year: int,
    links: tuple[frozenset[int], frozenset[int]] | None = None,
) -> Case:
    """True for placements the school supplies this year. A school has a handful of links:
    read them once rather than asking a subquery for every placement."""
    providers, placements = links if links is not None else school_links(school_id, school_year)
    if not providers and not placements:
        return Case(default=Value(False), output_field=BooleanField())
    return Case(
        When(Q(provider_id__in=providers) | Q(pk__in=placements), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def search_placements(
    search: PlacementSearch,
    now: datetime.datetime | None = None,
    links: tuple[frozenset[int], frozenset[int]] | None = None,
) -> QuerySet[Placement]:
    """Findable placements with an open period, filtered and ordered for one person.

    Order: placements of providers linked to the student's school this year first (R-MATCH-6),
    then the nearest, then the title. Each row carries ``distance`` (km or None) and ``linked``.
    The conditions are collected first and applied in one go: every ``filter()`` copies the
    whole query, and this one is searched on every keystroke.
    """
    today = timezone.localdate()
    conditions: list = []
    annotations: dict = {}
    if search.only_free:
        conditions.append(has_free_open_period())  # a free seat in a period not yet over
    else:
        conditions.append(
            Exists(PlacementPeriod.objects.filter(placement=OuterRef("pk"), ends_on__gte=today))
        )
    if search.within is not None:
        conditions.append(Q(pk__in=search.within.values("pk")))
    conditions += [Q(search_text__contains=word) for word in search.q.lower().split()[:5]]
    if search.sector:
        conditions.append(Q(sector_id=search.sector))
    if search.kind:
        conditions.append(Q(kind=search.kind))
    if search.region:
        conditions.append(
            Q(
                postcode__municipality_id__in=Region.municipalities.through.objects.filter(
                    region_id=search.region
                ).values("municipality_id")
            )
        )
    if search.available_from or search.available_until:
        periods = Q(placement=OuterRef("pk"), ends_on__gte=today)
        if search.available_from:
            periods &= Q(ends_on__gte=search.available_from)
        if search.available_until:
            periods &= Q(starts_on__lte=search.available_until)
        conditions.append(Exists(PlacementPeriod.objects.filter(periods)))
    if search.level and search.date_of_birth:
        annotations["old_enough_on"] = old_enough_on(search.date_of_birth)
        conditions.append(eligible_for(search.level, search.date_of_birth))
    elif search.level:
        conditions.append(Q(**{LEVEL_FIELDS[search.level]: True}))
    order: list = []
    if search.linked_school_id:
        annotations["linked"] = linked_to_school(
            search.linked_school_id, current_school_year(), links
        )
        order.append(F("linked").desc())
    else:
        annotations["linked"] = Value(False, output_field=BooleanField())
    if search.origin is not None:
        origin = search.origin
        annotations["distance"] = haversine_sql(origin.lat, origin.lon)
        if search.max_km:
            min_lat, max_lat, min_lon, max_lon = bounding_box(origin.lat, origin.lon, search.max_km)
            conditions += [
                Q(lat__range=(min_lat, max_lat), lon__range=(min_lon, max_lon)),
                Q(distance__lte=search.max_km),
            ]
        order.append(F("distance").asc())
    else:
        annotations["distance"] = Value(None, output_field=FloatField())
    order += ["title", "pk"]
    return (
        Placement.objects.findable(now).annotate(**annotations).filter(*conditions).order_by(*order)
    )


def search_keys(
    search: PlacementSearch,
    now: datetime.datetime | None = None,
    links: tuple[frozenset[int], frozenset[int]] | None = None,
) -> QuerySet:
    """What to paginate: the key and the computed columns of every match, in order, with the
    number of matches in every row (a window function: one query instead of two)."""
    return search_placements(search, now, links).values(  # type: ignore[misc]
        "pk", "distance", "linked", total=Window(Count("pk"))
    )


@dataclass(frozen=True)
class CompiledKeys:
    sql: str
    params: tuple
    names: list[str]
    cutoff_at: tuple[int, ...]  # the params holding the stale cutoff, which moves with the clock


# The compiled SQL of a page of search keys, per search, in this process. Building and
# compiling that query (two dozen expressions) cost ~10 ms of CPU, a third of a search page,
# while a student asks the same search again and again (issue 12). Only the SQL is kept, never
# rows: every request runs the query, so free seats are always current. The key holds
# everything the SQL depends on: the search, today (ages, periods not yet over), the school
# year and the school's links (read on every request, one small query).
COMPILED_KEYS: dict[tuple, CompiledKeys] = {}
COMPILED_KEYS_MAX = 4096


def _search_cache_key(
    search: PlacementSearch, links: tuple | None, offset: int, limit: int
) -> tuple | None:
    if search.within is not None:  # a queryset: its SQL is not part of the key
        return None
    origin = search.origin
    return (
        search.q,
        search.sector,
        search.kind,
        search.region,
        search.available_from,
        search.available_until,
        (origin.kind, origin.pc4, origin.lat, origin.lon) if origin else None,
        search.max_km,
        search.level,
        search.date_of_birth,
        search.linked_school_id,
        search.only_free,
        timezone.localdate(),
        current_school_year(),
        links,
        offset,
        limit,
    )


def page_keys(search: PlacementSearch, offset: int, limit: int) -> list[dict]:
    """Rows ``offset`` to ``offset + limit`` of ``search_keys``, through the compiled-SQL cache
    (see COMPILED_KEYS)."""
    now = timezone.now()
    links = (
        school_links(search.linked_school_id, current_school_year())
        if search.linked_school_id
        else None
    )
    key = _search_cache_key(search, links, offset, limit)
    alias = router.db_for_read(Placement)
    if key is None or connections[alias].vendor != "postgresql":
        return list(search_keys(search, now, links)[offset : offset + limit])
    compiled = COMPILED_KEYS.get(key)
    if compiled is None:
        query = search_keys(search, now, links)[offset : offset + limit].query
        sql, params = query.get_compiler(using=alias).as_sql()
        cutoff = stale_cutoff(now)
        compiled = CompiledKeys(
            sql=sql,
            params=tuple(params),
            # The columns in the order of the SELECT, as QuerySet.values() names them.
            names=list(query.selected)
            if query.selected
            else [*query.extra_select, *query.values_select, *query.annotation_select],
            cutoff_at=tuple(
                i for i, p in enumerate(params) if isinstance(p, datetime.datetime) and p == cutoff
            ),
        )
        if len(COMPILED_KEYS) >= COMPILED_KEYS_MAX:
            COMPILED_KEYS.clear()  # rather than an LRU's bookkeeping: recompiling is cheap
        COMPILED_KEYS[key] = compiled
    params = list(compiled.params)
    for i in compiled.cutoff_at:
        params[i] = stale_cutoff(now)
    with connections[alias].cursor() as cursor:
        cursor.execute(compiled.sql, params)
        return [dict(zip(compiled.names, row, strict=True)) for row in cursor.fetchall()]


def search_page(search: PlacementSearch, number: str | None, per_page: int) -> Page:
    """One page of search results: the page's placements, the total and the page links."""
    wanted = page_number(number)
    rows = page_keys(search, (wanted - 1) * per_page, per_page)
    if not rows and wanted > 1:  # beyond the last page: show the last one
        last = max(1, math.ceil(search_placements(search).count() / per_page))
        wanted, rows = last, page_keys(search, (last - 1) * per_page, per_page)
    total = rows[0]["total"] if rows else 0
    return page_with_total(placements_for_page(rows), wanted, per_page, total)


def placements_for_page(keys: list[dict]) -> list[Placement]:
    """The page's placements with what the list shows, in the search's order with its
    ``distance`` and ``linked``. Paginating over keys first keeps the wide joins out of the
    query that has to sort every match."""
    by_pk = Placement.objects.select_related("provider", "sector", "postcode").in_bulk(
        [key["pk"] for key in keys]
    )
    rows = []
    for key in keys:
        placement = by_pk[key["pk"]]
        placement.distance = key["distance"]  # type: ignore[attr-defined]
        placement.linked = key["linked"]  # type: ignore[attr-defined]
        rows.append(placement)
    return rows


def origin_for(student: Student | None, kind: str, pc4: str = "") -> Origin | None:
    """Home or school of a student, or a postcode someone typed (PC4 centroids)."""

    table = centroids()
    code: str | None = None
    if kind == "home" and student is not None:
        code = student.home_postcode_id
    elif kind == "school" and student is not None:
        location = student.location or student.school.locations.order_by("pk").first()
        code = location.postcode_id if location else None
    elif kind == "postcode":
        code = pc4 or None
    if not code or code not in table:
        return None
    lat, lon = table[code]
    return Origin(kind=kind, pc4=code, lat=lat, lon=lon)


def distance_from_student(student: Student, placement: Placement) -> float | None:
    """What a provider sees: how far the student lives from the placement (PC4 centroids)."""
    km = distance_km(student.home_postcode_id, placement.postcode_id)
    return None if km is None else round(km, 1)
