"""Queries and CPU per search page (issue 12): a signed-in student's /stageplaatsen/ in-process,
as gunicorn serves it (DEBUG off, the whole middleware stack: session, sign-in, the sessions
page's "last seen", the scope, the page), on a database with all 20 pilots.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stageplein_load \\
        .venv/bin/python bench/search_queries.py [--rounds 5] [--students 30]

Before/after a change: export the old tree (`git archive <commit> | tar -x -C /tmp/before`),
copy this file into it and run it there with the same DATABASE_URL. CPU is this process's CPU
time for the request (Django, templates, the driver), not PostgreSQL's; other work on a shared
machine slows the wall time, much less the CPU time.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inprocess import production_django

production_django()
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from stageplein.students.models import Student  # noqa: E402

WORDS = ["dieren", "voetbal", "voorlezen", "ouderen", "bibliotheek", "natuur", "koffie"]
SCENARIOS = {
    "first look (home, 10 km)": lambda rng: {},
    "text near home (10 km)": lambda rng: {"q": rng.choice(WORDS), "near": "home", "km": "10"},
    "distance (school, 5/20 km)": lambda rng: {"near": "school", "km": rng.choice(["5", "20"])},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--students", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(2012)
    ids = list(
        Student.objects.filter(home_postcode__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sample = rng.sample(ids, k=min(args.students, len(ids)))
    clients = []
    for student in Student.objects.filter(pk__in=sample).select_related("user"):
        client = Client()
        client.force_login(student.user)
        client.get("/stageplaatsen/")  # warm-up: templates, connection, caches
        clients.append(client)
    print(f"{Path(__file__).resolve().parent.parent} on {connection.settings_dict['NAME']}")
    print(
        f"{len(clients)} students × {args.rounds} rounds per scenario; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(
        f"{'scenario':30} {'queries':>8} {'CPU p50':>8} {'CPU mean':>9} {'wall p50':>9} "
        f"{'wall p95':>9}"
    )
    for name, params_for in SCENARIOS.items():
        cpu, wall, queries = [], [], []
        for _ in range(args.rounds):
            for client in clients:
                params = params_for(rng)
                with CaptureQueriesContext(connection) as captured:
                    t0, c0 = time.perf_counter(), time.process_time()
                    response = client.get("/stageplaatsen/", params)
                    cpu.append((time.process_time() - c0) * 1000)
                    wall.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.status_code
                queries.append(len(captured))
        wall.sort()
        print(
            f"{name:30} {statistics.median(queries):8.0f} {statistics.median(cpu):6.1f}ms "
            f"{statistics.mean(cpu):7.1f}ms {statistics.median(wall):7.1f}ms "
            f"{wall[int(0.95 * (len(wall) - 1))]:7.1f}ms"
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
