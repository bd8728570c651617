"""Scale test for issue 20: play a school year of the pilots through the services with the
invariants on, and print wall time, CPU time (the machine is shared: CPU is the steadier
figure) and peak memory (RSS). Goal: all twenty pilots (59,339 students), 44 weeks, <= 5 min,
<= 2 GB.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_season DEBUG=true \\
        .venv/bin/python bench/simulate_season.py --pilot Zutphen --weeks 44
    .venv/bin/python bench/simulate_season.py --weeks 44           # all twenty pilots
    .venv/bin/python bench/simulate_season.py --pilot Zutphen --weeks 8 --twice   # same report?

Runs in the DATABASE_URL's database (the simulated regions are named "… (sim)" and removed
afterwards). ``--twice`` plays the same seed again and says whether the reports are equal.
The database server's own CPU is not in the CPU figure (it runs in other processes).
"""

import argparse
import os
import resource
import sys
import time
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

VOLATILE = ("seconds", "cpu_seconds")


def play(pilots, args) -> dict:
    delete_simulated_regions()
    t0, c0 = time.perf_counter(), time.process_time()
    build_world(pilots=pilots, seed=args.seed, school_year=args.year, params=Params())
    t1, c1 = time.perf_counter(), time.process_time()
    regions = list(Region.objects.filter(name__in=[sim_name(p) for p in pilots]))
    outcome = Season(
        regions=regions, params=Params(), seed=args.seed, school_year=args.year, weeks=args.weeks
    ).run()
    t2, c2 = time.perf_counter(), time.process_time()
    students = sum(p.students for p in pilots)
    last = outcome.report["country"][-1] if outcome.report["country"] else {}
    print(
        f"{len(pilots)} pilot(s), {students} students, {args.weeks} weeks "
        f"(played {len(outcome.report['country'])}), violations {len(outcome.violations)}"
    )
    print(f"  build  {t1 - t0:7.1f} s wall {c1 - c0:7.1f} s CPU")
    print(f"  season {t2 - t1:7.1f} s wall {c2 - c1:7.1f} s CPU")
    print(
        f"  per student-week {1000 * (c2 - c1) / max(1, students * args.weeks):.2f} ms CPU; "
        f"placed {last.get('placed_total')}, hours {last.get('hours')}"
    )
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return {k: v for k, v in outcome.report.items() if k not in VOLATILE}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pilot", action="append")
    parser.add_argument("--weeks", type=int, default=44)
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--twice", action="store_true")
    args = parser.parse_args()
    pilots = read_pilots()
    if args.pilot:
        pilots = [p for p in pilots if p.name in args.pilot]
    print(f"database {connection.settings_dict['NAME']}, load average {os.getloadavg()[0]:.1f}")
    first = play(pilots, args)
    if args.twice:
        second = play(pilots, args)
        print("same report for the same seed:", first == second)
    delete_simulated_regions()


if __name__ == "__main__":
    main()
