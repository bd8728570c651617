"""CPU per page for a signed-in student and a broker (issue 12), in-process as gunicorn serves
them: DEBUG off, the whole middleware stack, the cached template loader, on a database with
all 20 pilots. Prints queries and this process's CPU time per page (Django, templates, the
driver; not PostgreSQL's), and the load average at the time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_pilots \\
        .venv/bin/python bench/page_cpu.py [--rounds 5] [--students 20] [--profile search]

--profile PAGE runs that page under cProfile afterwards and prints the 35 costliest functions
(cumulative), to see where the CPU goes. Before/after a change: `git archive <commit> | tar -x
-C /tmp/before`, copy this file there and run it with the same DATABASE_URL.
"""

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inprocess import production_django

production_django(force_debug_off=True)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from stageplein.placements.models import Placement  # noqa: E402
from stageplein.students.models import Student  # noqa: E402

WORDS = ["dieren", "voetbal", "voorlezen", "ouderen", "bibliotheek", "natuur", "koffie"]


def pages(rng: random.Random, placement_ids: list[int]) -> dict[str, tuple[str, dict]]:
    return {
        "search (first look)": ("/stageplaatsen/", {}),
        "search (text, 10 km)": (
            "/stageplaatsen/",
            {"q": rng.choice(WORDS), "near": "home", "km": "10"},
        ),
        "search (htmx results)": ("/stageplaatsen/", {"near": "school", "km": "20"}),
        "placement": (f"/stageplaatsen/{rng.choice(placement_ids)}/", {}),
        "home (student)": ("/", {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--profile", help="a page name (or its first word) to profile")
    args = parser.parse_args()
    rng = random.Random(2012)
    ids = list(
        Student.objects.filter(home_postcode__isnull=False, year__lte=3)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sample = rng.sample(ids, k=min(args.students, len(ids)))
    placement_ids = list(Placement.objects.findable().order_by("pk").values_list("pk", flat=True))
    clients = []
    for student in Student.objects.filter(pk__in=sample).select_related("user"):
        client = Client()
        client.force_login(student.user)
        for path, params in pages(rng, placement_ids).values():
            client.get(path, params)  # warm-up: templates, connection, caches
        clients.append(client)
    print(f"{Path(__file__).resolve().parent.parent} on {connection.settings_dict['NAME']}")
    print(
        f"{len(clients)} students × {args.rounds} rounds per page; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"{'page':24} {'queries':>8} {'CPU p50':>8} {'CPU mean':>9} {'wall p50':>9}")
    for name in pages(rng, placement_ids):
        cpu, wall, queries = [], [], []
        for _ in range(args.rounds):
            for client in clients:
                path, params = pages(rng, placement_ids)[name]
                extra = {"HTTP_HX_REQUEST": "true"} if "htmx" in name else {}
                with CaptureQueriesContext(connection) as captured:
                    t0, c0 = time.perf_counter(), time.process_time()
                    response = client.get(path, params, **extra)
                    cpu.append((time.process_time() - c0) * 1000)
                    wall.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (path, response.status_code)
                queries.append(len(captured))
        print(
            f"{name:24} {statistics.median(queries):8.0f} {statistics.median(cpu):6.1f}ms "
            f"{statistics.mean(cpu):7.1f}ms {statistics.median(wall):7.1f}ms"
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if args.profile:
        name = next(n for n in pages(rng, placement_ids) if n.startswith(args.profile))
        profiler = cProfile.Profile(time.process_time)  # CPU, not waiting for PostgreSQL
        for _ in range(args.rounds):
            for client in clients:
                path, params = pages(rng, placement_ids)[name]
                extra = {"HTTP_HX_REQUEST": "true"} if "htmx" in name else {}
                profiler.enable()
                client.get(path, params, **extra)
                profiler.disable()
        print(f"\nprofile of {name!r}, {args.rounds * len(clients)} requests")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(40)


if __name__ == "__main__":
    main()
