"""The Django side of test_replica_streaming.py, run in its own process so that Django's
`default` is the temporary primary and `replica` its streaming standby (DATABASE_URL and
DATABASE_REPLICA_URL), exactly as an app server would be configured.

    python -m stageplein.core.tests.replica_client <coordinator user id> <report id>

Prints one JSON object with what it saw; exits non-zero (AssertionError) when a read went to the
wrong database or a person did not see their own write.
"""

from __future__ import annotations

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stageplein.settings")
django.setup()

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from stageplein.accounts.models import User  # noqa: E402
from stageplein.core.replica import STICKY_COOKIE  # noqa: E402


def replica_lsn_gap() -> int:
    """Bytes of WAL the standby has received but not replayed, plus what it has not received."""
    primary = connections["default"].cursor()
    primary.execute("select pg_current_wal_lsn()::text")
    (lsn,) = primary.fetchone()
    standby = connections["replica"].cursor()
    standby.execute("select pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())", [lsn])
    (gap,) = standby.fetchone()
    return int(gap)


def wait_until_caught_up(timeout: float = 20) -> float:
    start = time.monotonic()
    while replica_lsn_gap() > 0:
        if time.monotonic() - start > timeout:
            raise AssertionError("the standby did not catch up")
        time.sleep(0.01)
    return time.monotonic() - start


def overview(client: Client) -> tuple[int, int, int]:
    """Reports waiting on the school overview, and queries on the primary and the replica."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get("/overzicht/school/")
    assert response.status_code == 200, response.status_code
    return response.context["reports_total"], len(primary), len(replica)


def main() -> None:
    setup_test_environment()  # response.context
    coordinator = User.objects.get(pk=int(sys.argv[1]))
    report_id = int(sys.argv[2])
    seen: dict[str, object] = {}

    # The same coordinator on two devices: the phone approves, the laptop just looks.
    phone, laptop = Client(), Client()
    phone.force_login(coordinator)
    laptop.force_login(coordinator)
    seen["first_catch_up_s"] = round(wait_until_caught_up(), 3)

    waiting, on_primary, on_replica = overview(laptop)
    seen["overview_before"] = {"reports": waiting, "primary": on_primary, "replica": on_replica}
    assert waiting == 1
    # The page's own queries read from the replica; the primary answers only the middleware
    # before the view (the user, the session and its "last seen", the scope, the second-factor
    # check: read before the view, by login_required and the sign-in middleware) and the
    # session's save after it, and `SET jit = off`.
    assert on_replica > on_primary, seen

    # Replay stops: from here the standby lags behind, however small the write.
    connections["replica"].cursor().execute("select pg_wal_replay_pause()")
    try:
        response = phone.post(f"/verslagen/{report_id}/beoordelen/", {"decision": "approve"})
        assert response.status_code == 302, response.status_code
        assert STICKY_COOKIE in response.cookies
        lag = replica_lsn_gap()
        seen["lag_bytes_after_write"] = lag
        assert lag > 0

        # Read-your-writes: the phone reads from the primary and sees its approval at once.
        waiting, on_primary, on_replica = overview(phone)
        seen["overview_writer"] = {"reports": waiting, "primary": on_primary, "replica": on_replica}
        assert waiting == 0 and on_replica == 0, seen
        # The laptop carries no cookie: it reads the lagging replica, which proves that the page
        # really comes from the replica (and that this is what the cookie protects against).
        waiting, on_primary, on_replica = overview(laptop)
        seen["overview_other_device_lagging"] = {"reports": waiting, "replica": on_replica}
        assert waiting == 1 and on_replica > 0, seen
    finally:
        connections["replica"].cursor().execute("select pg_wal_replay_resume()")

    seen["catch_up_after_resume_s"] = round(wait_until_caught_up(), 3)
    waiting, _primary, on_replica = overview(laptop)
    seen["overview_other_device_caught_up"] = {"reports": waiting, "replica": on_replica}
    assert waiting == 0, seen
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
