"""Where a simulated season spends its time (issue 20): plays a pilot for a few weeks under
cProfile and counts the queries and time of every service call the actors make, then prints
the top functions and a table of service calls (calls, queries per call, ms per call).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_season DEBUG=true \\
        .venv/bin/python bench/profile_season.py --pilot Zutphen --weeks 8

The world is built once and kept (``--rebuild`` makes it again); each season is played inside
a transaction that is rolled back, so before/after runs start from the same rows.
"""

import argparse
import cProfile
import functools
import os
import pstats
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stageplein.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()
from django.db import connection, transaction  # noqa: E402

from stageplein.geo.models import Region  # noqa: E402
from stageplein.geo.pilots import read_pilots  # noqa: E402
from stageplein.simulation import actors  # noqa: E402
from stageplein.simulation.params import Params  # noqa: E402
from stageplein.simulation.season import Season  # noqa: E402
from stageplein.simulation.services import delete_simulated_regions  # noqa: E402
from stageplein.simulation.world import build_world, sim_name  # noqa: E402

SERVICES = [
    "application_submit",
    "application_submit_for_student",
    "application_accept",
    "application_decline",
    "application_approve",
    "contract_sign",
    "hour_entry_submit",
    "hour_entry_verify",
    "hour_entry_reject",
    "internship_close",
    "student_evaluation_submit",
    "provider_assessment_submit",
    "learning_goals_set",
    "report_submit",
    "report_review",
    "placement_publish",
    "placement_renew",
    "run_create",
    "run_execute",
    "run_confirm",
    "run_confirm_execute",
]


class Counter:
    def __init__(self) -> None:
        self.queries = 0
        self.db_seconds = 0.0
        self.stats: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0])
        self.current: list[str] = []
        self.by_sql: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])

    def __call__(self, execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - t
            self.queries += 1
            self.db_seconds += took
            row = self.by_sql[f"{(self.current or ['-'])[0]}: {sql[:150]}"]
            row[0] += 1
            row[1] += took

    def wrap(self, name: str, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if self.current:  # nested: count in the outer call only
                return fn(*args, **kwargs)
            self.current.append(name)
            q0, t0 = self.queries, time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.current.pop()
                row = self.stats[name]
                row[0] += 1
                row[1] += self.queries - q0
                row[2] += time.perf_counter() - t0

        return wrapper


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pilot", action="append", default=[])
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--every", type=int, default=1, help="check invariants every n weeks")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    pilots = [p for p in read_pilots() if p.name in (args.pilot or ["Zutphen"])]
    names = [sim_name(p) for p in pilots]
    if args.rebuild or Region.objects.filter(name__in=names).count() != len(pilots):
        delete_simulated_regions()
        build_world(pilots=pilots, seed=args.seed, school_year=args.year, params=Params())
    counter = Counter()
    for name in SERVICES:
        setattr(actors, name, counter.wrap(name, getattr(actors, name)))
    regions = list(Region.objects.filter(name__in=names).order_by("name"))
    load = os.getloadavg()[0]
    profile = cProfile.Profile()
    t0, c0 = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter), transaction.atomic():
        season = Season(
            regions=regions,
            params=Params(),
            seed=args.seed,
            school_year=args.year,
            weeks=args.weeks,
            check_every=args.every,
            processes=1,
        )
        outcome = season.run() if args.no_profile else profile.runcall(season.run)
        transaction.set_rollback(True)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    if not args.no_profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    print(f"{'service':32} {'calls':>7} {'q/call':>7} {'ms/call':>8} {'s total':>8}")
    for name, (calls, queries, seconds) in sorted(counter.stats.items(), key=lambda kv: -kv[1][2]):
        print(
            f"{name:32} {calls:7d} {queries / calls:7.1f} {1000 * seconds / calls:8.1f} "
            f"{seconds:8.1f}"
        )
    print(
        f"{'queries by statement (service: first 150 characters)':60} {'n':>7} {'ms':>6} {'s':>6}"
    )
    for sql, (n, seconds) in sorted(counter.by_sql.items(), key=lambda kv: -kv[1][1])[: args.top]:
        print(f"{sql}\n{'':60} {n:7d} {1000 * seconds / n:6.1f} {seconds:6.1f}")
    calls = sum(r[0] for r in counter.stats.values())
    in_services = sum(r[1] for r in counter.stats.values())
    print(
        f"load {load:.1f}->{os.getloadavg()[0]:.1f}; {args.weeks} weeks, "
        f"violations {len(outcome.violations)}; wall {wall:.1f} s, CPU {cpu:.1f} s, "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; "
        f"queries {counter.queries} ({in_services} in {calls} service calls), "
        f"time waiting on the database {counter.db_seconds:.1f} s "
        f"({100 * counter.db_seconds / wall:.0f} % of wall)"
    )
    last = outcome.report["country"][-1]
    print(f"placed {last['placed_total']}, hours {last['hours']}, finished {last['finished']}")


if __name__ == "__main__":
    main()
