"""The broker's matching queue (/bemiddeling/, issue 12): time and query count of one request
for the biggest broker (the broker of the largest region with the most municipalities), with
all twenty pilots loaded. The load test found 79-88 s, almost all in three PostgreSQL queries.
The first run also warms the process up (templates, URLs); compare the later runs.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_queuefast_load  # a copy
    .venv/bin/python bench/matching_queue.py       # BENCH_RUNS=3, BENCH_QUERIES=1: slowest SQL
    BENCH_URL='/bemiddeling/?reactions=waiting' .venv/bin/python bench/matching_queue.py

Requested through Django's test client (middleware, session, view, template) with DEBUG off.
It only reads: nothing in the database changes.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stageplein")

from inprocess import production_django

production_django()
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from stageplein.accounts.models import Membership, Role  # noqa: E402
from stageplein.geo.models import Region  # noqa: E402
from stageplein.matching.selectors import broker_scope, queue  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
URL = os.environ.get("BENCH_URL", "/bemiddeling/")
SHOW_QUERIES = os.environ.get("BENCH_QUERIES", "1") == "1"


def main() -> None:
    region = Region.objects.annotate(n=Count("schools__students")).order_by("-n").first()
    membership = (
        Membership.objects.filter(role=Role.BROKER, broker__region=region)
        .annotate(n=Count("broker__municipalities"))
        .order_by("-n")
        .select_related("user", "broker")
        .first()
    )
    assert membership is not None and membership.broker is not None
    broker = membership.broker
    size = queue(broker_scope(broker, membership.user_id)).count()
    print(f"broker {broker.name} ({region}): {size} students in the queue; {URL}")
    client = Client()
    client.force_login(membership.user)
    for run in range(1, RUNS + 1):
        with CaptureQueriesContext(connection) as ctx:
            began = time.perf_counter()
            response = client.get(URL)
            took = time.perf_counter() - began
        assert response.status_code == 200, response.status_code
        sql = sum(float(q["time"]) for q in ctx.captured_queries)
        print(
            f"run {run}: {took * 1000:8.0f} ms, {len(ctx.captured_queries)} queries"
            f" taking {sql * 1000:.0f} ms in PostgreSQL"
        )
        if SHOW_QUERIES and run == 1:
            slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:5]
            for q in slow:
                print(f"  {float(q['time']) * 1000:8.0f} ms  {q['sql'][:160]}")


if __name__ == "__main__":
    main()
