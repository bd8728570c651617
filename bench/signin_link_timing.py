"""Does "mail me a sign-in link" tell known addresses from unknown ones by its answer time?

Builds the test world in a throw-away database, lets a mail server take SMTP_DELAY seconds
per message (as the slow real one did: 1.1 s median before the fix), and times N requests for
a known address and N for an unknown one, interleaved, with the database task backend (the
mail waits in the queue, as in production). Prints the medians and whether the ranges overlap.

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_privacy .venv/bin/python \
        bench/signin_link_timing.py [N]
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stageplein.settings")
# The development settings, as before DEBUG became off when unset (no SECRET_KEY needed).
os.environ.setdefault("DEBUG", "true")
os.environ["TASKS_BACKEND"] = "db"
os.environ["EMAIL_BACKEND"] = "bench.slow_mail.Backend"

import django

django.setup()
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 30


def main() -> None:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        from stageplein.core.reference_data import ensure_reference_data
        from tests.support.world import build_world

        ensure_reference_data()
        build_world()
        times: dict[str, list[float]] = {"known": [], "unknown": []}
        for n in range(N):
            for kind, email in (("known", "ouder@thuis.test"), ("unknown", "nobody@x.test")):
                cache.clear()  # the rate limits would otherwise answer 429 after three
                client = Client(REMOTE_ADDR=f"10.0.{n}.1")
                start = time.perf_counter()
                status = client.post("/inloggen/link/", {"email": email}).status_code
                times[kind].append((time.perf_counter() - start) * 1000)
                assert status == 200, status
        for kind, values in times.items():
            print(
                f"{kind:8} median {statistics.median(values):6.1f} ms  "
                f"min {min(values):6.1f}  max {max(values):6.1f}  (n={len(values)})"
            )
        overlap = min(times["known"]) <= max(times["unknown"]) and min(times["unknown"]) <= max(
            times["known"]
        )
        print("ranges overlap:", overlap)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
