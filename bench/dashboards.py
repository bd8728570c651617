"""Dashboard speed (issue 6): p50/p95 of every dashboard page with all twenty pilots loaded,
signed in as each role's demo account and as the largest region's broker and municipality
(and the largest school's coordinator). Goal: p95 under 500 ms for each page.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_reporting
    .venv/bin/python manage.py demo --replace --all
    .venv/bin/python bench/dashboards.py            # BENCH_RUNS=20, BENCH_ONLY=broker
    BENCH_NO_CACHE=1 BENCH_ONLY=national .venv/bin/python bench/dashboards.py  # cache off

Pages are requested through Django's test client (the whole request: middleware, session,
views, templates), as in production: DEBUG off. The query count is the number of SQL
statements one request runs. It only reads: nothing in the database changes.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stageplein")

from inprocess import production_django

production_django()
from django.conf import settings  # noqa: E402

if os.environ.get("BENCH_NO_CACHE"):  # the national figures computed on every request
    settings.DASHBOARD_CACHE_SECONDS = 0
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from stageplein.accounts.models import Membership, Role, User  # noqa: E402
from stageplein.demo.builder import FIXED_ACCOUNTS  # noqa: E402
from stageplein.geo.models import Region  # noqa: E402
from stageplein.organisations.models import School  # noqa: E402
from stageplein.students.models import Student  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
ONLY = os.environ.get("BENCH_ONLY", "")  # measure only the accounts whose label holds this
GOAL_MS = 500


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def largest_region() -> Region:
    return (
        Region.objects.annotate(n=Count("schools__students")).order_by("-n").first()  # type: ignore[return-value]
    )


def accounts() -> list[tuple[str, User, list[str]]]:
    fixed = {role: User.objects.get(email=email) for role, email in FIXED_ACCOUNTS.items()}
    region = largest_region()
    big_broker = (
        Membership.objects.filter(role=Role.BROKER, broker__region=region)
        .annotate(n=Count("broker__municipalities"))
        .order_by("-n")
        .select_related("user", "broker")
        .first()
    )
    # The municipality of that region that serves the most students (its largest school town).
    town = (
        Student.objects.filter(school__region=region)
        .values("school__municipality_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    big_officer = Membership.objects.get(
        role=Role.MUNICIPALITY, municipality_id=town["school__municipality_id"]
    )
    big_school = School.objects.annotate(n=Count("students")).order_by("-n").first()
    big_coordinator = Membership.objects.get(role=Role.COORDINATOR, school=big_school)
    assert big_broker is not None and big_school is not None
    broker_pk = big_broker.broker_id
    demo_broker = Membership.objects.get(user=fixed["broker"], role=Role.BROKER).broker_id
    demo_town = Membership.objects.get(user=fixed["municipality"]).municipality_id
    return [
        (
            "coordinator (demo)",
            fixed["coordinator"],
            ["/", "/overzicht/school/", "/overzicht/school/leerlingen/?behind=1"],
        ),
        (
            f"coordinator ({big_school.n} students)",  # type: ignore[attr-defined]
            big_coordinator.user,
            [
                "/",
                "/overzicht/school/",
                "/overzicht/school/leerlingen/?status=none",
                "/overzicht/school/leerlingen/?behind=1",
            ],
        ),
        (
            "broker (demo)",
            fixed["broker"],
            [
                "/",
                "/overzicht/makelaar/",
                "/overzicht/makelaar/zonder-plek/",
                f"/financiering/makelaar/{demo_broker}/",
                f"/financiering/makelaar/{demo_broker}/leerlingen/",
            ],
        ),
        (
            f"broker ({region.name})",
            big_broker.user,
            [
                "/",
                "/overzicht/makelaar/",
                "/overzicht/makelaar/zonder-plek/",
                f"/financiering/makelaar/{broker_pk}/",
                f"/financiering/makelaar/{broker_pk}/leerlingen/",
            ],
        ),
        (
            "municipality (demo)",
            fixed["municipality"],
            ["/", "/overzicht/gemeente/", f"/financiering/gemeente/{demo_town}/"],
        ),
        (
            f"municipality ({big_officer.municipality})",
            big_officer.user,
            ["/", "/overzicht/gemeente/", f"/financiering/gemeente/{big_officer.municipality_id}/"],
        ),
        ("national", fixed["national"], ["/", "/overzicht/landelijk/", "/financiering/"]),
    ]


def measure(client: Client, url: str) -> tuple[list[float], int, int]:
    for _ in range(2):  # warm up: templates compiled, connection open
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    queries = size = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
        size = len(response.content)
    return times, queries, size


def main() -> None:
    print(f"database   {connection.settings_dict['NAME']}   runs per page {RUNS}")
    print(f"students   {Student.objects.count():,}   load average {os.getloadavg()[0]:.2f}")
    print(f"{'who':34} {'page':46} {'p50':>7} {'p95':>7} {'max':>7} {'queries':>7} {'KB':>5}")
    worst = 0.0
    for who, user, urls in accounts():
        if ONLY and ONLY not in who:
            continue
        client = Client()
        client.force_login(user)
        for url in urls:
            times, queries, size = measure(client, url)
            p95 = percentile(times, 95)
            worst = max(worst, p95)
            print(
                f"{who:34} {url:46} {statistics.median(times):7.1f} {p95:7.1f} "
                f"{max(times):7.1f} {queries:7d} {size // 1024:5d}"
            )
    print(
        f"worst p95  {worst:.1f} ms (goal < {GOAL_MS} ms)   load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
