"""Search speed for students (issue 3): p50/p95 of representative searches on the all-pilots
data set, measured as a student's browser gets them (the whole page or the htmx results) and
as the database query alone. Goal: p95 under 150 ms for the page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stageplein .venv/bin/python bench/load_pilots.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stageplein .venv/bin/python bench/search.py

It reads the database <name>_bench that bench/load_pilots.py built (and never changes its
placements; it only adds sign-in sessions for the students it samples).
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

import dj_database_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stageplein")
cfg = dj_database_url.parse(url)
bench_db = f"{cfg['NAME']}_bench"
os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + bench_db
# As in production (DEBUG off: no query log, no template debugging), but over plain HTTP and
# with the static files of the source tree, since the benchmark has no web server in front.

from inprocess import production_django  # noqa: E402  (this script's folder)

production_django()
from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from stageplein.placements.forms import PlacementSearchForm  # noqa: E402
from stageplein.placements.models import Placement, PlacementPeriod  # noqa: E402
from stageplein.placements.selectors import (  # noqa: E402
    search_page,
)
from stageplein.students.models import Student  # noqa: E402

TODAY = datetime.date.today()
STUDENTS = int(os.environ.get("BENCH_STUDENTS", "60"))
WORDS = ["dieren", "voetbal", "voorlezen", "ouderen", "bibliotheek", "natuur", "koffie"]
SECTORS = ["zorg", "sport", "cultuur", "natuur", "buurt", "dieren"]


def scenarios(rng: random.Random) -> dict[str, dict[str, str]]:
    return {
        "first look (home, 10 km)": {},
        "text near home (10 km)": {"q": rng.choice(WORDS), "near": "home", "km": "10"},
        "sector within 20 km": {"sector": rng.choice(SECTORS), "near": "home", "km": "20"},
        "near school (5 km), group": {"near": "school", "km": "5", "kind": "group"},
        "text, any distance": {"q": rng.choice(WORDS), "near": "home", "km": ""},
        "a period in 3-6 months (50 km)": {
            "near": "home",
            "km": "50",
            "available_from": (TODAY + datetime.timedelta(days=90)).isoformat(),
            "available_until": (TODAY + datetime.timedelta(days=180)).isoformat(),
        },
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    rng = random.Random(2009)
    ids = list(
        Student.objects.filter(year__lte=3, home_postcode__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    sample = rng.sample(ids, k=min(STUDENTS, len(ids)))
    students = {
        s.pk: s
        for s in Student.objects.filter(pk__in=sample).select_related("user", "school", "location")
    }
    clients = {}
    for pk in sample:
        client = Client()
        client.force_login(students[pk].user)
        clients[pk] = client
    url = reverse("placement_search")
    print(f"database        {bench_db} (DEBUG={settings.DEBUG})")
    print(
        f"load average    {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs "
        "(other work on the machine slows wall time)"
    )
    print(
        f"data            {Placement.objects.count():,} placements "
        f"({Placement.objects.findable().count():,} findable), "
        f"{PlacementPeriod.objects.count():,} periods, {Student.objects.count():,} students"
    )
    print(f"sample          {len(sample)} students, each scenario once per student, after warm-up")
    print()
    head = ("page p50", "page p95", "CPU p95", "htmx p95", "SQL p95", "found")
    print(
        f"{'scenario':34} {head[0]:>9} {head[1]:>9} {head[2]:>8} {head[3]:>9} {head[4]:>8} "
        f"{head[5]:>6}"
    )
    all_pages: list[float] = []
    for name in scenarios(random.Random(0)):
        page_ms, cpu_ms, partial_ms, sql_ms, found = [], [], [], [], []
        for i, pk in enumerate(sample):
            params = scenarios(random.Random(i))[name]
            client = clients[pk]
            if i == 0:
                client.get(url, params)  # warm-up: template and connection caches
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url, params)
            page_ms.append((time.perf_counter() - t0) * 1000)
            cpu_ms.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200, response.status_code
            t0 = time.perf_counter()
            client.get(url, params, HTTP_HX_REQUEST="true")
            partial_ms.append((time.perf_counter() - t0) * 1000)
            form = PlacementSearchForm(params or None, student=students[pk])
            search = form.to_search()
            reset_queries()
            t0 = time.perf_counter()
            page = search_page(search, "1", 20)
            found.append(page.paginator.count)
            sql_ms.append((time.perf_counter() - t0) * 1000)
        all_pages += page_ms
        print(
            f"{name:34} {statistics.median(page_ms):7.1f}ms {percentile(page_ms, 95):7.1f}ms "
            f"{percentile(cpu_ms, 95):6.1f}ms "
            f"{percentile(partial_ms, 95):7.1f}ms {percentile(sql_ms, 95):6.1f}ms "
            f"{statistics.mean(found):6.0f}"
        )
    print()
    print(
        f"all page loads   p50 {statistics.median(all_pages):.1f} ms, "
        f"p95 {percentile(all_pages, 95):.1f} ms (goal < 150 ms), n={len(all_pages)}"
    )
    print(f"load average    {os.getloadavg()[0]:.2f} at the end")
    print("CPU = this process's CPU time for the page (Django + template), without the database")
    connection.close()


if __name__ == "__main__":
    main()
