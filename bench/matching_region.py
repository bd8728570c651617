"""The broker's matching for a whole region (issue 5): time the queue, candidate generation,
allocation (both modes), the explanations and saving the proposals for every student without
a place in the region, and print the numbers. Never asserted anywhere; run it on a quiet machine.

    # load the biggest pilot (9,500 students) into your database first, then measure:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/matching_region.py \
        --load "Nijmegen Arnhem Doetinchem"
    # measure again on what is loaded (the region with the most students by default):
    DATABASE_URL=... .venv/bin/python bench/matching_region.py [--region NAME] [--repeat 3]
    # a national round: every student without a place in every region, one broker's click
    # (load all twenty pilots first: bench/load_pilots.py makes <db>_bench):
    DATABASE_URL=.../<db>_bench .venv/bin/python bench/matching_region.py --national

Saving happens inside a transaction that is rolled back (``--keep`` keeps the run).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stageplein.settings")
os.environ.setdefault("DEBUG", "false")  # as in production: no query log
# Production refuses to start without a mail server; the bench sends nothing anywhere.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("SECRET_KEY", "benchmark-only-key-0123456789abcdefghijklmnopqrstuvwxyz")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from stageplein.accounts.access import Scope  # noqa: E402
from stageplein.geo.models import Region  # noqa: E402
from stageplein.matching import engine  # noqa: E402
from stageplein.matching.candidates import (  # noqa: E402
    Weights,
    allocate_candidates,
    build_candidates,
)
from stageplein.matching.engine import warmup  # noqa: E402
from stageplein.matching.explain import unplaced_facts  # noqa: E402
from stageplein.matching.models import DEFAULT_WEIGHTS, Run  # noqa: E402
from stageplein.matching.selectors import queue  # noqa: E402
from stageplein.matching.services import (  # noqa: E402
    candidates_progress,
    proposals_of,
    save_proposals,
)
from stageplein.organisations.models import Broker  # noqa: E402


def backend_cpu() -> float:
    """CPU seconds of this connection's PostgreSQL backend so far (read from /proc: the
    database runs on this machine in the bench; 0 when it does not)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Stopwatch:
    """Best of several repetitions, per phase: wall and CPU time of this process and CPU time
    of its PostgreSQL backend. On a shared machine the CPU times are the honest ones: their
    sum is about what the phase takes on a quiet machine."""

    def __init__(self) -> None:
        self.best: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.pg: dict[str, float] = {}

    @contextmanager
    def phase(self, name: str):
        t = time.perf_counter()
        c = time.process_time()
        p = backend_cpu()
        yield
        seconds = time.perf_counter() - t
        cpu = time.process_time() - c
        pg = backend_cpu() - p
        self.best[name] = min(self.best.get(name, seconds), seconds)
        self.cpu[name] = min(self.cpu.get(name, cpu), cpu)
        self.pg[name] = min(self.pg.get(name, pg), pg)


def save(broker, ids, cset, allocation, why, keep: bool) -> int:
    with transaction.atomic():
        run = Run.objects.create(
            broker=broker,
            weights=dict(DEFAULT_WEIGHTS),
            student_ids=ids,
            status=Run.Status.PROPOSED,
        )
        rows = proposals_of(run, cset, allocation, why, {})
        save_proposals(rows)
        if not keep:
            transaction.set_rollback(True)
    return len(rows)


def confirm(broker, ids, cset, allocation, why, n: int) -> None:
    """Make the reactions of the first n placed proposals, as the confirmation task does (each
    through applications' service, under the period lock, with its notifications), and roll
    everything back."""
    from stageplein.accounts.models import User
    from stageplein.matching import services

    by = User.objects.filter(memberships__broker=broker).first()
    with transaction.atomic():
        run = Run.objects.create(
            broker=broker,
            weights=dict(DEFAULT_WEIGHTS),
            student_ids=ids,
            status=Run.Status.PROPOSED,
        )
        rows = [r for r in proposals_of(run, cset, allocation, why, {}) if r["period_id"]][:n]
        save_proposals(rows)
        Run.objects.filter(pk=run.pk).update(status=Run.Status.CONFIRMING, confirmed_by=by)
        t = time.perf_counter()
        calls = [0]

        def count(execute, sql, params, many, context):
            calls[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            done = services.run_confirm_execute(run_id=run.pk)
        seconds = time.perf_counter() - t
        queries = calls[0]
        transaction.set_rollback(True)
    assert done is not None
    each = 1000 * seconds / max(1, len(rows))
    print(
        f"confirming {len(rows)} proposals: {seconds:.2f} s ({each:.1f} ms per reaction, "
        f"{queries} queries), made {done.n_created}, refused {done.n_refused}"
    )


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def region_scope(region: Region) -> Scope:
    """What the region's brokers together see: every student of the region's municipalities."""
    brokers = frozenset(Broker.objects.filter(region=region).values_list("pk", flat=True))
    return Scope(
        brokers=brokers,
        broker_regions=frozenset({region.pk}),
        broker_municipalities=frozenset(region.municipalities.values_list("pk", flat=True)),
    )


def national_scope() -> Scope:
    """What a national round sees: every region's students (all brokers together)."""
    regions = Region.objects.all()
    return Scope(
        brokers=frozenset(Broker.objects.values_list("pk", flat=True)),
        broker_regions=frozenset(regions.values_list("pk", flat=True)),
        broker_municipalities=frozenset(
            Region.municipalities.through.objects.values_list("municipality_id", flat=True)
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--load", help="first load this pilot (manage.py demo --replace --pilot)")
    parser.add_argument("--region", help="region name (default: the one with most students)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the saved run")
    parser.add_argument(
        "--confirm",
        type=int,
        default=0,
        help="also time confirming the first N proposals (reactions made, then rolled back)",
    )
    parser.add_argument(
        "--national", action="store_true", help="every region at once (one national round)"
    )
    parser.add_argument(
        "--inner", choices=["ssp", "auction"], default="ssp", help="engine.INNER for optimal"
    )
    args = parser.parse_args()
    engine.INNER = args.inner

    if args.load:
        t = time.perf_counter()
        call_command("demo", replace=True, pilot=[args.load], verbosity=0)
        print(f"loaded pilot {args.load!r} in {time.perf_counter() - t:.1f} s")
    if args.national:
        region = Region.objects.annotate(n=Count("schools__students")).order_by("-n").first()
    elif args.region:
        region = Region.objects.get(name=args.region)
    else:
        region = Region.objects.annotate(n=Count("schools__students")).order_by("-n").first()
        if region is None:
            sys.exit("no region loaded: use --load PILOT")
    broker = Broker.objects.filter(region=region).first()
    if broker is None:
        sys.exit(f"region {region} has no broker")
    scope = national_scope() if args.national else region_scope(region)
    weights = Weights.from_dict(DEFAULT_WEIGHTS)
    if args.national:
        print(f"national round: {Region.objects.count()} regions, inner algorithm {args.inner}")
    else:
        print(f"region {region.name}: {region.municipalities.count()} municipalities")
    print(f"load average at start: {loadavg()}")
    print(f"numba warm-up (cache load or compile): {warmup():.2f} s")

    # The broker's progress bar: a real run row, written as the worker writes it (throttled).
    bar = Run.objects.create(broker=broker, weights=dict(DEFAULT_WEIGHTS), student_ids=[])
    writes = [0]

    def count_writes(execute, sql, params, many, context):
        writes[0] += sql.startswith('UPDATE "matching_run"')
        return execute(sql, params, many, context)

    clock = Stopwatch()
    for _ in range(args.repeat):
        with clock.phase("queue (waiting order)"), CaptureQueriesContext(connection) as q_queue:
            ids = list(queue(scope).values_list("pk", flat=True))
        with (
            clock.phase("candidate generation"),
            CaptureQueriesContext(connection) as q_cand,
            connection.execute_wrapper(count_writes),
        ):
            cset = build_candidates(
                student_ids=ids, weights=weights, progress=candidates_progress(bar.pk)
            )
        with clock.phase("allocation optimal"):
            optimal = allocate_candidates(cset, "optimal")
        with clock.phase("allocation stable"):
            stable = allocate_candidates(cset, "stable")
        with clock.phase("explanations (optimal)"):
            why = unplaced_facts(cset, optimal, "optimal")
        with clock.phase("saving proposals"):
            saved = save(broker, ids, cset, optimal, why, args.keep)

    stats = cset.stats
    print(
        f"students without a place {stats['students']}, open placement-periods around them "
        f"{stats['periods']}, seats for matching {stats['seats']}, candidate pairs {stats['pairs']}"
    )
    print(
        f"queries: queue {len(q_queue)}, candidate generation {len(q_cand)} "
        f"(of which {writes[0] // args.repeat} progress writes per round)"
    )
    bar.delete()
    print(f"proposals saved per run: {saved}")
    for name, result in (("optimal", optimal), ("stable", stable)):
        share = result.n_placed / max(1, stats["students"])
        print(
            f"{name:8s} placed {result.n_placed} ({share:.1%}), total cost {result.total_cost}, "
            f"intake-cap rounds {result.rounds}"
        )
    print("why not (optimal):", dict(Counter(f["code"] for f in why.values()).most_common()))
    print(f"\nbest of {args.repeat} (seconds):{'wall':>11s}{'cpu':>9s}{'pg cpu':>9s}")
    total = 0.0
    total_cpu = 0.0
    total_pg = 0.0
    for name, seconds in clock.best.items():
        print(f"  {name:28s} {seconds:8.3f} {clock.cpu[name]:8.3f} {clock.pg[name]:8.3f}")
        if name != "allocation stable":
            total += seconds
            total_cpu += clock.cpu[name]
            total_pg += clock.pg[name]
    print(f"  {'queue → saved (optimal)':28s} {total:8.3f} {total_cpu:8.3f} {total_pg:8.3f}")
    print(f"  cpu of this process + its PostgreSQL backend: {total_cpu + total_pg:.3f} s")
    print("share of the round's wall time per phase (what the progress bar should follow):")
    for name, seconds in clock.best.items():
        if name != "allocation stable":
            print(f"  {name:28s} {seconds / total:6.1%}")
    if args.confirm:
        confirm(broker, ids, cset, optimal, why, args.confirm)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB; load average at end: {loadavg()}")


if __name__ == "__main__":
    main()
