"""Providers under pressure in the regional calendar, on plain data: more new students a week
than the weekly intake cap, more at once than the seats, or a school's linked providers
(R-MATCH-6) that cannot take a window's students (the queries are in selectors/calendar.py)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from stageplein.planning.balance import DemandItem, SupplyItem, monday_ordinal, weeks_label_of
from stageplein.planning.weeks import ONE_WEEK


@dataclass
class Overload:
    """A provider receiving more students at once than it can take, in consecutive weeks."""

    provider_id: int
    provider_name: str
    kind: str  # "intake": new students a week above its cap; "at_once": above its seats
    first: datetime.date
    last: datetime.date
    students: int  # the most in one of those weeks
    limit: int

    @property
    def weeks_label(self) -> str:
        return weeks_label_of(self.first, self.last)


@dataclass
class LinkRisk:
    """A window whose students would all go to the providers its school is linked with
    (R-MATCH-6), which cannot take that many in the window's weeks (the care home in Brunssum
    with forty interns)."""

    window: DemandItem
    provider_names: list[str]
    can_take: int


@dataclass(frozen=True)
class Stint:
    """A student at a provider from one day to another: a running internship, or an accepted
    or approved reaction (its period) that has no internship yet."""

    provider_id: int
    starts_on: datetime.date
    ends_on: datetime.date


@dataclass(frozen=True)
class SeatSpan:
    provider_id: int
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int


def provider_overloads(
    stints: list[Stint],
    spans: list[SeatSpan],
    caps: dict[int, int | None],
    names: dict[int, str],
    week_mondays: list[datetime.date],
) -> list[Overload]:
    """Weeks in which a provider gets more new students than its weekly intake cap, or has
    more students at once than the seats of its periods that week (when it has periods)."""
    if not week_mondays:
        return []
    week0, n = week_mondays[0].toordinal(), len(week_mondays)
    intake: dict[tuple[int, int], int] = defaultdict(int)
    at_once: dict[int, list[int]] = defaultdict(lambda: [0] * (n + 1))
    seats: dict[int, list[int]] = defaultdict(lambda: [0] * (n + 1))

    def span(first: datetime.date, last: datetime.date) -> tuple[int, int]:
        return (
            max(0, (monday_ordinal(first) - week0) // 7),
            min(n, (monday_ordinal(last) - week0) // 7 + 1),
        )

    for stint in stints:
        start = (monday_ordinal(stint.starts_on) - week0) // 7
        if 0 <= start < n:
            intake[(stint.provider_id, start)] += 1
        first, last = span(stint.starts_on, stint.ends_on)
        if first < last:
            diff = at_once[stint.provider_id]
            diff[first] += 1
            diff[last] -= 1
    for seat in spans:
        first, last = span(seat.starts_on, seat.ends_on)
        if first < last:
            seats[seat.provider_id][first] += seat.capacity
            seats[seat.provider_id][last] -= seat.capacity

    def collect(diff: list[int]) -> list[int]:
        values, running = [], 0
        for i in range(n):
            running += diff[i]
            values.append(running)
        return values

    hits: dict[tuple[int, str], list[tuple[datetime.date, int, int]]] = defaultdict(list)
    for (provider_id, i), count in intake.items():
        cap = caps.get(provider_id)
        if cap is not None and count > cap:
            hits[(provider_id, "intake")].append((week_mondays[i], count, cap))
    for provider_id, diff in at_once.items():
        limits = collect(seats[provider_id]) if provider_id in seats else [0] * n
        for i, count in enumerate(collect(diff)):
            if limits[i] and count > limits[i]:
                hits[(provider_id, "at_once")].append((week_mondays[i], count, limits[i]))
    found: list[Overload] = []
    for (provider_id, kind), items in hits.items():
        items.sort()
        group: list[tuple[datetime.date, int, int]] = []
        for item in [*items, None]:
            if item is not None and (not group or item[0] - group[-1][0] == ONE_WEEK):
                group.append(item)
                continue
            if group:
                found.append(
                    Overload(
                        provider_id=provider_id,
                        provider_name=names.get(provider_id, ""),
                        kind=kind,
                        first=group[0][0],
                        last=group[-1][0],
                        students=max(n for _m, n, _l in group),
                        limit=min(limit for _m, _n, limit in group),
                    )
                )
            group = [item] if item is not None else []
    return sorted(found, key=lambda o: (o.first, -(o.students - o.limit), o.provider_name))


def link_risks(
    windows: list[DemandItem],
    links: dict[int, set[int]],
    periods: list[SupplyItem],
    caps: dict[int, int | None],
    names: dict[int, str],
) -> list[LinkRisk]:
    """Windows whose students would all land on the providers their school supplies this
    year: the free seats of those providers' periods in the window's weeks (and at most their
    weekly cap for each of those weeks) are fewer than the window's students."""
    by_provider: dict[int, list[SupplyItem]] = defaultdict(list)
    for period in periods:
        by_provider[period.provider_id].append(period)
    found = []
    for item in windows:
        providers = links.get(item.school_id)
        if not providers or not item.open or not item.ahead:
            continue
        first, last = item.ahead[0], item.ahead[-1] + datetime.timedelta(days=6)
        can_take = 0
        for provider_id in providers:
            free = sum(
                p.free
                for p in by_provider.get(provider_id, [])
                if p.starts_on <= last and p.ends_on >= first
            )
            cap = caps.get(provider_id)
            if cap is not None:
                free = min(free, cap * len(item.ahead))
            can_take += free
        if item.open > can_take:
            found.append(
                LinkRisk(
                    window=item,
                    provider_names=sorted(names.get(p, "") for p in providers),
                    can_take=can_take,
                )
            )
    # The largest flood first.
    return sorted(
        found,
        key=lambda r: (r.can_take - r.window.open, r.window.starts_on, r.window.school_name),
    )
