"""Scale test for issue 20: play a school year of the pilots through the services with the
invariants on, and print wall time, CPU time (the machine is shared: CPU is the steadier
figure) and peak memory (RSS). Goal: all twenty pilots (59,339 students), 44 weeks, <= 5 min,
<= 2 GB.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_season DEBUG=true \\
        .venv/bin/python bench/simulate_season.py --pilot Zutphen --weeks 44
    .venv/bin/python bench/simulate_season.py --weeks 44           # all twenty pilots
    .venv/bin/python bench/simulate_season.py --pilot Zutphen --weeks 8 --twice   # same report?
    .venv/bin/python bench/simulate_season.py --pilot Zutphen --pilot Helmond --processes 2

``--processes`` (default: the CPU count) plays the regions in worker processes; the CPU figure
then adds the workers' CPU, and the database's share is shown only for one process (the
workers' queries are not timed).

Runs in the DATABASE_URL's database (the simulated regions are named "… (sim)" and removed
afterwards). ``--twice`` plays the same seed again and says whether the reports are equal.
The database server's own CPU is not in the CPU figure (it runs in other processes).
"""

import argparse
import os
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stageplein.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()
from django.db import connection  # noqa: E402

from stageplein.geo.models import Region  # noqa: E402
from stageplein.geo.pilots import read_pilots  # noqa: E402
from stageplein.simulation.params import Params  # noqa: E402
from stageplein.simulation.season import Season  # noqa: E402
from stageplein.simulation.services import delete_simulated_regions  # noqa: E402
from stageplein.simulation.world import build_world, sim_name  # noqa: E402

VOLATILE = ("seconds", "cpu_seconds", "workers")


class DatabaseClock:
    """Time this process spends waiting on the database (only the main process's queries)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - t
            self.queries += 1


def play(pilots, args) -> dict:
    delete_simulated_regions()
    t0, c0 = time.perf_counter(), time.process_time()
    params = Params.from_dict(dict(item.split("=", 1) for item in args.set))
    build_world(pilots=pilots, seed=args.seed, school_year=args.year, params=params)
    t1, c1 = time.perf_counter(), time.process_time()
    regions = list(Region.objects.filter(name__in=[sim_name(p) for p in pilots]))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    db = DatabaseClock()
    with connection.execute_wrapper(db):
        outcome = Season(
            regions=regions,
            params=params,
            seed=args.seed,
            school_year=args.year,
            weeks=args.weeks,
            check_every=args.check_every,
            processes=args.processes,
        ).run()
    t2, c2 = time.perf_counter(), time.process_time()
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    c2 += done.ru_utime + done.ru_stime - children.ru_utime - children.ru_stime
    students = sum(p.students for p in pilots)
    last = outcome.report["country"][-1] if outcome.report["country"] else {}
    print(
        f"{len(pilots)} pilot(s), {students} students, {args.weeks} weeks "
        f"(played {len(outcome.report['country'])}), violations {len(outcome.violations)}"
    )
    print(f"  build  {t1 - t0:7.1f} s wall {c1 - c0:7.1f} s CPU")
    print(f"  season {t2 - t1:7.1f} s wall {c2 - c1:7.1f} s CPU")
    for name, rows in outcome.report["regions"].items():
        if not rows:
            continue
        kinds = ("placed_student", "placed_broker", "placed_school", "placed_mediation")
        placed = {k: sum(r[k] for r in rows) for k in kinds}
        every = sum(placed.values()) or 1
        refused: dict[str, int] = {}
        for r in rows:
            for why, n in r["refused"].items():
                refused[why] = refused.get(why, 0) + n
        print(
            f"  {name}: {rows[-1]['students']} students, placed {rows[-1]['placed_total']} "
            f"of {rows[-1]['students'] - rows[-1]['dropped_out']} who did not drop out ("
            + ", ".join(f"{k[7:]} {100 * v / every:.0f} %" for k, v in placed.items())
            + f"); finished {rows[-1]['finished']}; refused {refused}"
        )
        print(
            "    broker rounds: "
            + ", ".join(
                f"{k[7:]} {sum(r[k] for r in rows)}"
                for k in ("broker_queue", "broker_students", "broker_proposed")
            )
            + "; mediation: "
            + ", ".join(
                f"{k[10:]} {sum(r[k] for r in rows)}"
                for k in ("mediation_asked", "mediation_proposed", "mediation_accepted")
            )
        )
    print(
        f"  per student-week {1000 * (c2 - c1) / max(1, students * args.weeks):.2f} ms CPU; "
        f"placed {last.get('placed_total')}, hours {last.get('hours')}"
    )
    workers = outcome.report.get("workers", {})
    print(
        f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        + (
            f"; workers {len(workers)} regions, largest peak "
            f"{max(w['peak_mib'] for w in workers.values())} MiB, sum of peaks "
            f"{sum(w['peak_mib'] for w in workers.values())} MiB"
            if workers
            else ""
        )
    )
    if db.queries and not workers:
        print(
            f"  database: {db.queries} queries, {db.seconds:.1f} s waiting "
            f"({100 * db.seconds / max(t2 - t1, 0.001):.0f} % of the season's wall time)"
        )
    print(f"  load average now {os.getloadavg()[0]:.1f}")
    return {k: v for k, v in outcome.report.items() if k not in VOLATILE}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pilot", action="append")
    parser.add_argument("--weeks", type=int, default=44)
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--twice", action="store_true")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--check-every", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="play each pilot with this share of its students (e.g. 0.34: a third; for fitting)",
    )
    args = parser.parse_args()
    pilots = read_pilots()
    if args.pilot:
        pilots = [p for p in pilots if p.name in args.pilot]
    if args.scale != 1.0:
        pilots = [
            replace(
                p,
                students=max(50, round(p.students * args.scale)),
                schools=max(1, round(p.schools * args.scale)),
            )
            for p in pilots
        ]
    print(f"database {connection.settings_dict['NAME']}, load average {os.getloadavg()[0]:.1f}")
    first = play(pilots, args)
    if args.twice:
        second = play(pilots, args)
        print("same report for the same seed:", first == second)
    delete_simulated_regions()


if __name__ == "__main__":
    main()
