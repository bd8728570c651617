"""The arithmetic of the regional calendar, on plain data (queries: selectors/calendar.py).

How a week is counted (docs/planning.md says the same for people):

- **Demand**: a window's students who do not hold a seat yet, spread evenly over the ISO weeks
  of the window still ahead (a window of weeks 10-14 with 450 students asks 90 a week).
- **Supply**: a period's free seats (capacity minus accepted and approved reactions), spread
  evenly over the ISO weeks of the period still ahead: a seat is taken once, by one student,
  at some moment in the period. A provider with a weekly intake cap never supplies more than
  its cap in one week.

Both sides are flows (students starting, seats taken) so weeks add up: the year's demand is
the year's students, the year's supply its free seats. Figures are shown rounded.

**School holidays** (R-PLAN-5, selectors/holidays.py): a week in which a school is on holiday
asks none of its students (the window's students are spread over its other weeks), and a week in
which the area's schools are on holiday supplies no seats (a period's free seats are spread over
its weeks outside the holidays): students do no internship then, and the matching offers none.

Which providers would get more students at once than they can take: planning/providers.py.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from stageplein.organisations.models import Level
from stageplein.planning.weeks import monday_of, mondays, week_number

# A week is tight when demand takes more than this share of the supply.
TIGHT_SHARE = 0.8
# Runs of spare weeks are reported when they have at least this many seats to spare.
SPARE_MIN = 5

# Distance bands from the nearest school, in km (upper bounds); None: further away.
BANDS: tuple[int | None, ...] = (5, 10, 20, None)
UNKNOWN_BAND = "?"


def band_of(km: float | None) -> str:
    if km is None:
        return UNKNOWN_BAND
    for limit in BANDS:
        if limit is None or km < limit:
            return str(limit)
    return str(None)


def monday_ordinal(day: datetime.date) -> int:
    """The ordinal of the Monday of the day's week (day 1 of the calendar was a Monday):
    cheaper than dates when thousands of periods are counted."""
    n = day.toordinal()
    return n - (n - 1) % 7


def weeks_label_of(first: datetime.date, last: datetime.date) -> str:

    a, b = week_number(first), week_number(last)
    if a == b:
        return _("week %(week)d") % {"week": a}
    return _("weeks %(first)d–%(last)d") % {"first": a, "last": b}


@dataclass
class DemandItem:
    """One window as the calendar counts it."""

    pk: int
    school_id: int
    school_name: str
    group_label: str
    year: int
    level: str
    starts_on: datetime.date
    ends_on: datetime.date
    hours_per_student: int
    students: int  # in the group (or the number the school entered)
    seated: int  # of them already holding a seat this school year
    # Mondays still to come, outside the school's holidays: the weeks its students can go.
    ahead: list[datetime.date] = field(default_factory=list)
    # Mondays of the window still to come that are in the school's holidays (not counted).
    holidays: list[datetime.date] = field(default_factory=list)
    # Every holiday week of the school's holiday region in the school year (for moves).
    closed: frozenset[datetime.date] = frozenset()

    @property
    def open(self) -> int:
        return max(0, self.students - self.seated)

    @property
    def all_weeks(self) -> list[datetime.date]:
        return mondays(self.starts_on, self.ends_on)

    @property
    def per_week(self) -> float:
        return self.open / len(self.ahead) if self.ahead else 0.0

    @property
    def weeks_label(self) -> str:
        return weeks_label_of(self.starts_on, self.ends_on)

    @property
    def is_over(self) -> bool:
        return not self.ahead and not self.holidays

    @property
    def holidays_label(self) -> str:
        return weeks_label_of(self.holidays[0], self.holidays[-1]) if self.holidays else ""


@dataclass
class SupplyItem:
    """One open period of a findable placement."""

    period_id: int
    provider_id: int
    sector_id: str
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int
    free: int
    km: float | None = None  # to the nearest school of the calendar
    # The levels the placement takes (R-PLACE-3); empty: not known, counted for no level.
    levels: tuple[str, ...] = ()
    first_ahead: datetime.date | None = None  # Monday of its first week still to come
    weeks_ahead: int = 0  # its weeks still to come, also those after the school year
    # ... of which outside the area's holidays: the weeks its free seats are spread over.
    open_weeks_ahead: int = 0

    def count_from(
        self, this_week: datetime.date, closed: frozenset[int] = frozenset()
    ) -> SupplyItem:
        """``closed``: the Monday ordinals of the area's holiday weeks, which the period's
        seats are not spread over."""
        last = monday_ordinal(self.ends_on)
        first = max(monday_ordinal(self.starts_on), this_week.toordinal())
        if first <= last:
            self.first_ahead = datetime.date.fromordinal(first)
            self.weeks_ahead = (last - first) // 7 + 1
            shut = sum(1 for monday in closed if first <= monday <= last)
            self.open_weeks_ahead = self.weeks_ahead - shut
        else:
            self.first_ahead, self.weeks_ahead, self.open_weeks_ahead = None, 0, 0
        return self

    @property
    def per_week(self) -> float:
        return self.free / self.open_weeks_ahead if self.open_weeks_ahead else 0.0


@dataclass
class WeekRow:
    monday: datetime.date
    demand: float = 0.0
    supply: float = 0.0
    by_sector: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    by_band: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    # Per level: the students of windows for that one level, and the seats that take it.
    demand_by_level: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    by_level: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    windows: list[DemandItem] = field(default_factory=list)
    holiday: str = ""  # the area's school holiday this week: no students, no seats

    @property
    def week(self) -> int:
        return week_number(self.monday)

    @property
    def friday(self) -> datetime.date:
        return self.monday + datetime.timedelta(days=4)

    @property
    def students(self) -> int:
        return round(self.demand)

    @property
    def seats(self) -> int:
        return round(self.supply)

    @property
    def difference(self) -> int:
        return self.seats - self.students

    @property
    def status(self) -> str:
        if self.holiday and not self.students:
            return "holiday"
        if self.students > self.seats:
            return "shortage"
        if self.students and self.students > TIGHT_SHARE * self.seats:
            return "tight"
        return "room"


@dataclass
class Run:
    """Consecutive weeks with a shortage (or with seats to spare)."""

    weeks: list[WeekRow]

    @property
    def first(self) -> datetime.date:
        return self.weeks[0].monday

    @property
    def last(self) -> datetime.date:
        return self.weeks[-1].monday

    @property
    def friday(self) -> datetime.date:
        return self.last + datetime.timedelta(days=4)

    @property
    def weeks_label(self) -> str:
        return weeks_label_of(self.first, self.last)

    @property
    def students(self) -> int:
        return round(sum(w.demand for w in self.weeks))

    @property
    def seats(self) -> int:
        return round(sum(w.supply for w in self.weeks))

    @property
    def short(self) -> int:
        return sum(max(0, w.students - w.seats) for w in self.weeks)

    @property
    def spare(self) -> int:
        return sum(max(0, w.seats - w.students) for w in self.weeks)

    @property
    def windows(self) -> list[DemandItem]:
        seen: dict[int, DemandItem] = {}
        for week in self.weeks:
            for item in week.windows:
                seen.setdefault(item.pk, item)
        return sorted(seen.values(), key=lambda i: (-i.per_week, i.school_name, i.group_label))


@dataclass
class LevelShortage:
    """Consecutive weeks in which the windows for one level have more students than the
    free seats of placements that take that level, whatever the totals say."""

    level: str
    first: datetime.date
    last: datetime.date
    students: int
    seats: int
    short: int

    @property
    def friday(self) -> datetime.date:
        return self.last + datetime.timedelta(days=4)

    @property
    def weeks_label(self) -> str:
        return weeks_label_of(self.first, self.last)

    @property
    def level_label(self) -> str:

        return str(dict(Level.choices).get(self.level, self.level))


@dataclass
class Suggestion:
    """A move of one window, with what explains it: its students without a seat, the free
    seats the other windows leave it where it is and where it would go, and how many of its
    students would be without a seat in each place."""

    window: DemandItem
    to_first: datetime.date
    to_last: datetime.date
    short_before: int
    short_after: int
    seats_before: int = 0  # free seats left by the other windows in its own weeks
    seats_after: int = 0  # the same in the weeks it would move to
    holiday_weeks: int = 0  # weeks of the new dates in the school's holidays (not counted)

    @property
    def students(self) -> int:
        return self.window.open

    @property
    def to_weeks_label(self) -> str:
        return weeks_label_of(self.to_first, self.to_last)

    @property
    def fits(self) -> bool:
        return self.short_after == 0

    @property
    def to_end(self) -> datetime.date:
        """Friday of the last week: the last day of the window once moved."""
        return self.to_last + datetime.timedelta(days=4)


def build_weeks(
    week_mondays: list[datetime.date],
    windows: list[DemandItem],
    periods: list[SupplyItem],
    caps: dict[int, int | None],
    closed: dict[datetime.date, str] | None = None,
) -> list[WeekRow]:
    """Demand and supply per week. Weeks are consecutive, so a period covers a range of
    week indexes: most periods are added with a difference array (two additions, whatever
    their length, plus two for each holiday week inside it); only a provider whose periods
    would exceed its weekly intake cap is counted week by week and scaled down to the cap.
    ``closed``: the area's holiday weeks (Monday -> holiday), which get no seats; the periods
    were counted with the same weeks (SupplyItem.count_from). A region of 4,000 periods: ~10 ms."""
    closed = closed or {}
    rows = [WeekRow(monday, holiday=closed.get(monday, "")) for monday in week_mondays]
    if not rows:
        return rows
    n = len(rows)
    week0 = week_mondays[0]
    position = {monday: i for i, monday in enumerate(week_mondays)}
    shut = sorted(i for i, monday in enumerate(week_mondays) if monday in closed)

    def add(diff: list[float], first: int, last: int, share: float) -> None:
        diff[first] += share
        diff[last] -= share
        for i in shut:
            if first <= i < last:
                diff[i] -= share
                diff[i + 1] += share

    for item in windows:
        share = item.per_week
        for monday in item.ahead:
            i = position.get(monday)
            if i is not None:
                rows[i].demand += share
                rows[i].windows.append(item)
                if item.level:
                    rows[i].demand_by_level[item.level] += share

    # Difference arrays: +share at the first index, -share after the last.
    total = [0.0] * (n + 1)
    by_sector: dict[str, list[float]] = defaultdict(lambda: [0.0] * (n + 1))
    by_band: dict[str, list[float]] = defaultdict(lambda: [0.0] * (n + 1))
    by_level: dict[str, list[float]] = defaultdict(lambda: [0.0] * (n + 1))
    capped: dict[int, list[tuple[SupplyItem, int, int, float]]] = defaultdict(list)
    for period in periods:
        share = period.per_week
        if not share or period.first_ahead is None:
            continue
        first = max(0, (period.first_ahead - week0).days // 7)
        last = min(n, (period.first_ahead - week0).days // 7 + period.weeks_ahead)
        if first >= last:
            continue
        if caps.get(period.provider_id) is not None:
            capped[period.provider_id].append((period, first, last, share))
            continue
        for diff in (total, by_sector[period.sector_id], by_band[band_of(period.km)]):
            add(diff, first, last, share)
        for level in period.levels:
            add(by_level[level], first, last, share)
    exact: list[tuple[SupplyItem, int, float]] = []  # (period, week index, seats)
    for provider_id, parts in capped.items():
        cap = caps[provider_id] or 0
        raw = [0.0] * (n + 1)
        for _period, first, last, share in parts:
            add(raw, first, last, share)
        running, over = 0.0, False
        for i in range(n):
            running += raw[i]
            if running > cap + 1e-9:
                over = True
                break
        if not over:  # under its cap every week: nothing to scale
            for period, first, last, share in parts:
                for diff in (total, by_sector[period.sector_id], by_band[band_of(period.km)]):
                    add(diff, first, last, share)
                for level in period.levels:
                    add(by_level[level], first, last, share)
            continue
        open_weeks = [i for i in range(n) if rows[i].monday not in closed]
        week_total = [0.0] * n
        for _period, first, last, share in parts:
            for i in open_weeks:
                if first <= i < last:
                    week_total[i] += share
        for period, first, last, share in parts:
            for i in open_weeks:
                if first <= i < last:
                    exact.append((period, i, share * min(1.0, cap / week_total[i])))

    def collect(diff: list[float]) -> list[float]:
        values, running = [], 0.0
        for i in range(n):
            running += diff[i]
            values.append(running)
        return values

    for i, seats in enumerate(collect(total)):
        rows[i].supply = seats
    for code, diff in by_sector.items():
        for i, seats in enumerate(collect(diff)):
            if seats > 1e-9:
                rows[i].by_sector[code] += seats
    for band, diff in by_band.items():
        for i, seats in enumerate(collect(diff)):
            if seats > 1e-9:
                rows[i].by_band[band] += seats
    for level, diff in by_level.items():
        for i, seats in enumerate(collect(diff)):
            if seats > 1e-9:
                rows[i].by_level[level] += seats
    for period, i, seats in exact:
        rows[i].supply += seats
        rows[i].by_sector[period.sector_id] += seats
        rows[i].by_band[band_of(period.km)] += seats
        for level in period.levels:
            rows[i].by_level[level] += seats
    return rows


def runs(weeks: list[WeekRow], wanted) -> list[Run]:
    found: list[Run] = []
    current: list[WeekRow] = []
    for week in weeks:
        if wanted(week):
            current.append(week)
            continue
        if current:
            found.append(Run(current))
        current = []
    if current:
        found.append(Run(current))
    return found


def shortage_runs(weeks: list[WeekRow]) -> list[Run]:
    return runs(weeks, lambda w: w.status == "shortage")


def _level_gap(week: WeekRow, level: str) -> int:
    return round(week.demand_by_level.get(level, 0.0)) - round(week.by_level.get(level, 0.0))


def _falls_short_for(week: WeekRow, level: str) -> bool:
    # Where every seat of the week takes the level, the week's own shortage says it already.
    return _level_gap(week, level) > 0 and round(week.by_level.get(level, 0.0)) < week.seats


def level_shortages(weeks: list[WeekRow]) -> list[LevelShortage]:
    """Runs of weeks in which one level falls short. Both sides lean towards silence, so a
    warning is a real shortage: demand counts only windows for that one level (a window for
    all levels of a year group counts for none), and a seat that takes several levels counts
    for each of them. Weeks in which every seat takes the level are left to the week's own
    shortage warning."""
    found: list[LevelShortage] = []
    levels = sorted({level for week in weeks for level in week.demand_by_level})
    for level in levels:
        for run in runs(weeks, lambda w, level=level: _falls_short_for(w, level)):
            found.append(
                LevelShortage(
                    level=level,
                    first=run.first,
                    last=run.last,
                    students=round(sum(w.demand_by_level.get(level, 0.0) for w in run.weeks)),
                    seats=round(sum(w.by_level.get(level, 0.0) for w in run.weeks)),
                    short=sum(_level_gap(w, level) for w in run.weeks),
                )
            )
    return sorted(found, key=lambda s: (s.first, -s.short, s.level))


def spare_runs(weeks: list[WeekRow]) -> list[Run]:
    """Weeks with seats left over, the largest first (where a window could move to)."""
    found = [r for r in runs(weeks, lambda w: w.seats > w.students) if r.spare >= SPARE_MIN]
    return sorted(found, key=lambda r: -r.spare)


def suggest_moves(
    weeks: list[WeekRow], first_movable: datetime.date, limit: int = 10
) -> list[Suggestion]:
    """For windows in a shortage that have not started yet: the nearest weeks without a
    shortage (same length, same school year) where the free seats left by the other windows
    cover it, or, when none does, the weeks where it would be least short. Greedy, the
    busiest windows first; each suggestion is booked before the next one is sought, so two
    windows are never sent to the same spare seats. The school's holiday weeks count for
    nothing, where it is and where it would go: its students are spread over the others."""
    index = {week.monday: i for i, week in enumerate(weeks)}
    spare = [week.supply - week.demand for week in weeks]
    # Never into a week that falls short already, even if earlier moves would free it.
    short_weeks = [week.status == "shortage" for week in weeks]
    seen: dict[int, DemandItem] = {}
    for week in weeks:
        if week.status == "shortage":
            for item in week.windows:
                if item.starts_on >= first_movable and item.ahead:
                    seen.setdefault(item.pk, item)
    candidates = sorted(seen.values(), key=lambda i: (-i.per_week, i.school_name, i.pk))
    first = index.get(monday_of(first_movable), 0)
    suggestions: list[Suggestion] = []
    for item in candidates:
        if len(suggestions) >= limit:
            break
        own = [index[m] for m in item.ahead if m in index]
        if not own:
            continue
        length, need = len(item.all_weeks), item.per_week
        for i in own:
            spare[i] += need

        def shortfall(positions: list[int], item: DemandItem = item) -> float:
            # The window's own students without a seat: at most all of them in a week.
            share = item.open / len(positions)
            return sum(min(share, max(0.0, share - spare[i])) for i in positions)

        def usable(start: int, item: DemandItem = item, length: int = length) -> list[int]:
            span = range(start, start + length)
            return [i for i in span if weeks[i].monday not in item.closed]

        before = shortfall(own)
        best: tuple[int, int, int] | None = None
        start0 = index[item.all_weeks[0]] if item.all_weeks[0] in index else own[0]
        for start in range(first, len(weeks) - length + 1):
            positions = usable(start)
            if start == start0 or not positions or any(short_weeks[i] for i in positions):
                continue
            short = round(shortfall(positions))
            key = (short, abs(start - start0), start)
            if best is None or key < best:
                best = key
        if best is not None and best[0] < round(before):
            start = best[2]
            positions = usable(start)
            share = item.open / len(positions)
            seats_after = sum(max(0.0, spare[i]) for i in positions)
            for i in positions:
                spare[i] -= share
            suggestions.append(
                Suggestion(
                    window=item,
                    to_first=weeks[start].monday,
                    to_last=weeks[start + length - 1].monday,
                    short_before=round(before),
                    short_after=best[0],
                    seats_before=round(sum(max(0.0, spare[i]) for i in own)),
                    seats_after=round(seats_after),
                    holiday_weeks=length - len(positions),
                )
            )
        else:
            for i in own:
                spare[i] -= need
    return suggestions


def explain_move(
    weeks: list[WeekRow], item: DemandItem, to_first: datetime.date, to_last: datetime.date
) -> Suggestion | None:
    """The same figures as a suggestion, for a move someone chose (the broker's proposal, the
    coordinator's form): the window's students without a seat where it is and where it would
    go, against the free seats the other windows leave it there. None when the new weeks lie
    outside the calendar (another school year, or past)."""
    index = {week.monday: i for i, week in enumerate(weeks)}
    new = [m for m in mondays(to_first, to_last) if m in index]
    if not new or monday_of(to_first) not in index or monday_of(to_last) not in index:
        return None
    spare = [week.supply - week.demand for week in weeks]
    own = [index[m] for m in item.ahead if m in index]
    for i in own:
        spare[i] += item.per_week
    positions = [index[m] for m in new if m not in item.closed]

    def shortfall(where: list[int]) -> tuple[int, int]:
        if not where:
            return item.open, 0
        share = item.open / len(where)
        short = sum(min(share, max(0.0, share - spare[i])) for i in where)
        return round(short), round(sum(max(0.0, spare[i]) for i in where))

    short_before, seats_before = shortfall(own)
    short_after, seats_after = shortfall(positions)
    return Suggestion(
        window=item,
        to_first=monday_of(to_first),
        to_last=monday_of(to_last),
        short_before=short_before,
        short_after=short_after,
        seats_before=seats_before,
        seats_after=seats_after,
        holiday_weeks=len(new) - len(positions),
    )
