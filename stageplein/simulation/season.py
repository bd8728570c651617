"""Play a school year week by week on one or more regions, through the services.

Each simulated week runs the same order of days: Monday the scheduler asks stale placements to
be renewed and late providers publish; Tuesday students search and react, and some who found
nothing ask for mediation; Wednesday providers answer in reaction order; Thursday mediators
propose a place to those who asked, brokers run their rounds and mentors approve; Friday
students answer the proposals and the parties sign; Saturday students log hours and correct
what was sent back; Sunday supervisors confirm, schools complete or cancel internships and
place the students left over. Then the invariants are checked (``invariants.py``) and the
week's figures counted (``metrics.py``).
"""

from __future__ import annotations

import datetime
import multiprocessing
import random
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Count

from stageplein.demo.clock import no_mail
from stageplein.geo.models import Region
from stageplein.placements.services import placements_request_renewal
from stageplein.simulation import actors, invariants
from stageplein.simulation.area import Area, Clock, load_area
from stageplein.simulation.booklet import booklet_figures
from stageplein.simulation.calendar import season_start
from stageplein.simulation.metrics import add_rows, week_row
from stageplein.simulation.params import Params
from stageplein.simulation.workers import start_worker
from stageplein.students.models import Student

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
        check_every: int = 1,
        processes: int = 1,
        progress: Progress | None = None,
    ) -> None:
        self.regions = regions
        self.params = params
        self.seed = seed
        self.school_year = school_year
        self.weeks = weeks
        self.check = check
        # Checking every n weeks (and always after the last) saves the recounts in between, at
        # the price of finding a broken rule up to n - 1 weeks later, after more has happened.
        self.check_every = max(1, check_every)
        self.processes = processes
        self.progress = progress
        self.start = season_start(school_year)
        self.clock = Clock()

    def _rng(self, area: Area, week: int, step: str) -> random.Random:
        return random.Random(f"{self.seed}:{area.region.slug}:{week}:{step}")

    def run(self) -> Outcome:
        if self.processes > 1 and len(self.regions) > 1:
            return self._run_in_processes()
        return self._run_here()

    def _job(self, region: Region) -> tuple[int, dict]:
        return region.pk, {
            "params": self.params,
            "seed": self.seed,
            "school_year": self.school_year,
            "weeks": self.weeks,
            "check": self.check,
            "check_every": self.check_every,
        }

    def _run_in_processes(self) -> Outcome:
        """Each region in a worker process of its own (with its own connection): the
        regions share no rows and each plays on its own clock and random streams, so the
        merged report is the one a single process would write. Not for a season inside an
        open transaction (the page's rolled-back copy): the workers would not see its rows."""
        started, cpu = time.perf_counter(), time.process_time()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        # Largest first, so the last region to start is a small one.
        sizes = dict(
            Student.objects.filter(school__region__in=self.regions)
            .values_list("school__region")
            .annotate(n=Count("pk"))
            .values_list("school__region", "n")
        )
        jobs = [self._job(r) for r in sorted(self.regions, key=lambda r: -sizes.get(r.pk, 0))]
        parts: dict[str, tuple[dict, list[invariants.Violation], int]] = {}
        # Spawned, not forked: a fresh interpreter shares no socket, lock or thread with this one.
        context = multiprocessing.get_context("spawn")
        with context.Pool(
            min(self.processes, len(jobs)),
            initializer=start_worker,
            initargs=(connections["default"].settings_dict["NAME"],),
            maxtasksperchild=1,
        ) as pool:
            for name, report, violations, peak in pool.imap_unordered(_play_region, jobs):
                parts[name] = (report, violations, peak)
                if self.progress is not None:
                    self.progress(len(parts), len(jobs))
        names = sorted(parts)
        stops = [parts[n][0]["stopped_week"] for n in names if parts[n][0]["stopped_week"]]
        stopped_week = min(stops) if stops else None
        played = stopped_week - 1 if stopped_week else self.weeks
        rows = {n: parts[n][0]["regions"][n][:played] for n in names}
        violations = [
            v for n in names if parts[n][0]["stopped_week"] == stopped_week for v in parts[n][1]
        ]
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        report = self._report(
            names=names,
            rows=rows,
            country=[add_rows([rows[n][w] for n in names]) for w in range(played)],
            violations=violations,
            stopped_week=stopped_week,
            started=started,
            cpu=cpu - (used.ru_utime + used.ru_stime - children.ru_utime - children.ru_stime),
        )
        report["workers"] = {
            n: {
                "seconds": parts[n][0]["seconds"],
                "cpu_seconds": parts[n][0]["cpu_seconds"],
                "peak_mib": round(parts[n][2] / 1024),
            }
            for n in names
        }
        return Outcome(report, violations)

    def _report(
        self,
        *,
        names: list[str],
        rows: dict[str, list[dict]],
        country: list[dict],
        violations: list[invariants.Violation],
        stopped_week: int | None,
        started: float,
        cpu: float,
    ) -> dict:
        return {
            "seed": self.seed,
            "school_year": self.school_year,
            "weeks": self.weeks,
            "params": self.params.as_dict(),
            "changed": self.params.changed(),
            "regions": rows,
            "country": country,
            "booklet": booklet_figures(names),
            "violations": [v.as_dict() for v in violations],
            "stopped_week": stopped_week,
            "seconds": round(time.perf_counter() - started, 1),
            "cpu_seconds": round(time.process_time() - cpu, 1),
        }

    def _run_here(self) -> Outcome:
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
                for area in areas:
                    self._play(area, week, monday)
                self.clock.set(monday + 6 * DAY, 23)
                check = self.check and (
                    (week + 1) % self.check_every == 0 or week + 1 == self.weeks
                )
                dashboard = invariants.dashboard_rows() if check else {}
                for area in areas:
                    if check:
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
        report = self._report(
            names=[a.name for a in areas],
            rows=rows,
            country=country,
            violations=violations,
            stopped_week=stopped_week,
            started=started,
            cpu=cpu,
        )
        return Outcome(report, violations)

    def _play(self, area: Area, week: int, monday: datetime.date) -> None:
        p, clock = self.params, self.clock
        clock.set(monday, 6)
        # The scheduler's weekly job (placements/jobs.py), for this region only: each region
        # plays on its own clock, and may do so in a process of its own.
        placements_request_renewal(region=area.region)
        clock.set(monday, 10)
        actors.providers_keep_up(area, clock, self._rng(area, week, "keep_up"), p, week)
        clock.set(monday + DAY, 16)
        actors.students_react(area, clock, self._rng(area, week, "react"), p, monday + DAY)
        clock.set(monday + DAY, 20)
        actors.students_ask_help(area, clock, self._rng(area, week, "ask"), p, monday + DAY)
        clock.set(monday + 2 * DAY, 11)
        actors.providers_answer(area, clock, self._rng(area, week, "answer"), p, monday + 2 * DAY)
        clock.set(monday + 3 * DAY, 8)
        actors.brokers_propose(area, clock, self._rng(area, week, "propose"), p, monday + 3 * DAY)
        clock.set(monday + 3 * DAY, 9)
        if p.broker_every_weeks and week % p.broker_every_weeks == p.broker_every_weeks - 1:
            actors.brokers_round(area, clock, p, monday + 3 * DAY)
        clock.set(monday + 3 * DAY, 15)
        actors.mentors_approve(area, clock, self._rng(area, week, "approve"), p)
        clock.set(monday + 4 * DAY, 10)
        actors.students_answer_proposals(area, clock, self._rng(area, week, "answer_proposal"), p)
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


def _play_region(job: tuple[int, dict]) -> tuple[str, dict, list[invariants.Violation], int]:
    """A worker process's season: one region, on the worker's own connection."""
    region_pk, kwargs = job
    try:
        region = Region.objects.get(pk=region_pk)
        outcome = Season(regions=[region], **kwargs).run()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return region.name, outcome.report, outcome.violations, peak
    finally:
        connections.close_all()
