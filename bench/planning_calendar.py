"""Speed of the annual calendar and the targets pages (issue 6): p50/p95 on the all-pilots
data set, as the browser gets the whole page, for the people who use them in the largest
region (and the national viewer for the targets of all twenty). Goal: p95 under 500 ms.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_planning
    .venv/bin/python bench/planning_calendar.py --load  # first: manage.py demo --replace --all
    .venv/bin/python bench/planning_calendar.py         # then: measure (ROUNDS=30 by default)

It measures the database in DATABASE_URL itself (not a copy), runs ANALYZE first (as
autovacuum would after a big load) and changes nothing but sign-in sessions.
"""

import sys
from pathlib import Path

# Python puts this folder first on the path; take it off, so that no bench script can ever
# stand in for a standard-library module (bench/calendar.py once did, for `calendar`).
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

BASE = HERE.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stageplein")
# As in production (DEBUG off: no query log, no template debugging), over plain HTTP and with
# the static files of the source tree.

if "--load" in sys.argv:
    subprocess.run(
        [sys.executable, str(BASE / "manage.py"), "demo", "--replace", "--all"], check=True
    )

from inprocess import production_django  # noqa: E402  (this script's folder)

production_django()
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from stageplein.accounts.models import Membership, Role  # noqa: E402
from stageplein.geo.models import Region  # noqa: E402
from stageplein.planning.models import InternshipWindow  # noqa: E402
from stageplein.planning.selectors import demand_supply  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "30"))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def client_for(membership: Membership | None) -> Client:
    client = Client()
    if membership is not None:
        client.force_login(membership.user)
    return client


def main() -> None:
    regions = Region.objects.annotate(n=Count("schools__students")).order_by("-n")
    if regions.count() < 20:
        sys.exit("Load all twenty pilots first: bench/planning_calendar.py --load")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    region = regions.first()
    assert region is not None
    broker = (
        Membership.objects.filter(role=Role.BROKER, broker__region=region)
        .select_related("user")
        .first()
    )
    coordinator = (
        Membership.objects.filter(role=Role.COORDINATOR, school__region=region)
        .select_related("user", "school")
        .first()
    )
    national = Membership.objects.filter(role=Role.NATIONAL).select_related("user").first()
    assert broker and coordinator and national, "the demo's accounts are missing"
    calendar = demand_supply(region)
    region_url = reverse("calendar_region")
    pages = [
        ("regional calendar, broker", broker, region_url, {}),
        ("regional calendar, coordinator", coordinator, region_url, {}),
        (
            "regional calendar, care within 10 km",
            broker,
            region_url,
            {"sector": "zorg", "max_km": 10},
        ),
        ("regional calendar, one school", broker, region_url, {"school": coordinator.school_id}),
        ("school calendar, coordinator", coordinator, reverse("calendar_school"), {}),
        ("windows in the region, coordinator", coordinator, reverse("calendar_region_windows"), {}),
        ("targets, coordinator", coordinator, reverse("target_list"), {}),
        ("targets, broker", broker, reverse("target_list"), {}),
        ("targets, national viewer (20 regions)", national, reverse("target_list"), {}),
    ]
    print(f"database        {connection.settings_dict['NAME']} (DEBUG={settings.DEBUG})")
    print(f"load average    {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(
        f"region          {region.name}: {region.n:,} students, "
        f"{InternshipWindow.objects.filter(school__region=region).count()} windows, "
        f"{len(calendar.periods):,} open periods, {len(calendar.weeks)} weeks, "
        f"{len(calendar.shortages)} shortage run(s), {len(calendar.suggestions)} suggestions"
    )
    print(f"rounds          {ROUNDS} per page, after one warm-up")
    print()
    print(f"{'page':40} {'p50':>9} {'p95':>9} {'CPU p95':>9} {'queries':>8}")
    worst = 0.0
    for name, member, url, params in pages:
        client = client_for(member)
        response = client.get(url, params)
        assert response.status_code == 200, (name, response.status_code)
        wall, cpu = [], []
        for _ in range(ROUNDS):
            t0, c0 = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, params)
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200
        worst = max(worst, percentile(wall, 95))
        print(
            f"{name:40} {statistics.median(wall):7.1f}ms {percentile(wall, 95):7.1f}ms "
            f"{percentile(cpu, 95):7.1f}ms {len(queries):8}"
        )
    print()
    print(f"worst p95       {worst:.1f} ms (goal < 500 ms)")
    print(f"load average    {os.getloadavg()[0]:.2f} at the end")
    print("CPU = this process's CPU time for the page (Django + template), without the database")
    connection.close()


if __name__ == "__main__":
    main()
