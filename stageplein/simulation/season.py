"""Play a school year week by week on one or more regions, through the services.

Each simulated week runs the same order of days: Monday the scheduler asks stale placements to
be renewed and late providers publish; Tuesday students search and react; Wednesday providers
answer in reaction order; Thursday brokers run their rounds and mentors approve; Friday the
parties sign; Saturday students log hours and correct what was sent back; Sunday supervisors
confirm, schools complete or cancel internships and place the students left over. Then the
invariants are checked (``invariants.py``) and the week's figures counted (``metrics.py``).
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from stageplein.demo.clock import no_mail
from stageplein.geo.models import Region
from stageplein.placements.services import placements_request_renewal
from stageplein.simulation import actors, invariants
from stageplein.simulation.area import Area, Clock, load_area
from stageplein.simulation.booklet import booklet_figures
from stageplein.simulation.calendar import season_start
from stageplein.simulation.metrics import add_rows, week_row
from stageplein.simulation.params import Params

DAY = datetime.timedelta(days=1)

# Called after every week with (weeks done, weeks in all): the page's progress bar.
Progress = Callable[[int, int], None]


@dataclass
class Outcome:
    report: dict
    violations: list[invariants.Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


class Season:
    def __init__(
        self,
        *,
        regions: list[Region],
        params: Params,
        seed: int,
        school_year: int,
        weeks: int,
        check: bool = True,
        progress: Progress | None = None,
    ) -> None:
        self.regions = regions
        self.params = params
        self.seed = seed
        self.school_year = school_year
        self.weeks = weeks
        self.check = check
        self.progress = progress
        self.start = season_start(school_year)
        self.clock = Clock()

    def _rng(self, area: Area, week: int, step: str) -> random.Random:
        return random.Random(f"{self.seed}:{area.region.slug}:{week}:{step}")

    def run(self) -> Outcome:
        started, cpu = time.perf_counter(), time.process_time()
        areas = [load_area(region, self.school_year) for region in self.regions]
        rows: dict[str, list[dict]] = {a.name: [] for a in areas}
        country: list[dict] = []
        violations: list[invariants.Violation] = []
        stopped_week = None
        with no_mail(), self.clock.running():
            for week in range(self.weeks):
                monday = self.start + week * 7 * DAY
                week_rows = []
                self.clock.set(monday, 6)
                placements_request_renewal()  # the scheduler's weekly job (placements/jobs.py)
                for area in areas:
                    self._play(area, week, monday)
                self.clock.set(monday + 6 * DAY, 23)
                dashboard = invariants.dashboard_rows() if self.check else {}
                for area in areas:
                    if self.check:
                        violations = invariants.check(area.region, self.school_year, dashboard)
                        if violations:
                            stopped_week = week + 1
                            break
                    row = week_row(area, self.params, week, monday, monday + 6 * DAY)
                    rows[area.name].append(row)
                    week_rows.append(row)
                if violations:
                    break
                country.append(add_rows(week_rows))
                if self.progress is not None:
                    self.progress(week + 1, self.weeks)
        report = {
            "seed": self.seed,
            "school_year": self.school_year,
            "weeks": self.weeks,
            "params": self.params.as_dict(),
            "changed": self.params.changed(),
            "regions": rows,
            "country": country,
            "booklet": booklet_figures([a.name for a in areas]),
            "violations": [v.as_dict() for v in violations],
            "stopped_week": stopped_week,
            "seconds": round(time.perf_counter() - started, 1),
            "cpu_seconds": round(time.process_time() - cpu, 1),
        }
        return Outcome(report, violations)

    def _play(self, area: Area, week: int, monday: datetime.date) -> None:
        p, clock = self.params, self.clock
        clock.set(monday, 10)
        actors.providers_keep_up(area, clock, self._rng(area, week, "keep_up"), p, week)
        clock.set(monday + DAY, 16)
        actors.students_react(area, clock, self._rng(area, week, "react"), p, monday + DAY)
        clock.set(monday + 2 * DAY, 11)
        actors.providers_answer(area, clock, self._rng(area, week, "answer"), p, monday + 2 * DAY)
        clock.set(monday + 3 * DAY, 9)
        if p.broker_every_weeks and week % p.broker_every_weeks == p.broker_every_weeks - 1:
            actors.brokers_round(area, clock, p, monday + 3 * DAY)
        clock.set(monday + 3 * DAY, 15)
        actors.mentors_approve(area, clock, self._rng(area, week, "approve"), p)
        clock.set(monday + 4 * DAY, 12)
        actors.parties_sign(area, clock, self._rng(area, week, "sign"), p)
        clock.set(monday + 5 * DAY, 19)
        actors.students_log(area, clock, self._rng(area, week, "log"), p, monday, monday + 5 * DAY)
        clock.set(monday + 6 * DAY, 10)
        actors.supervisors_verify(area, clock, self._rng(area, week, "verify"), p)
        clock.set(monday + 6 * DAY, 16)
        actors.schools_finish(area, clock, self._rng(area, week, "finish"), p, monday + 6 * DAY)
        clock.set(monday + 6 * DAY, 20)
        actors.schools_place(area, clock, self._rng(area, week, "place"), p, monday + 6 * DAY)
