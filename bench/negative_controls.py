"""How often each concurrency test's negative control catches the missing guard, and how often
the guarded test passes, over N runs (issue 11: it must be N of N).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/stageplein
    .venv/bin/python bench/negative_controls.py
    .venv/bin/python bench/negative_controls.py -n 10 -k "contract or window"

Runs every test of the concurrency files N times in one pytest session (one test database), on
the PostgreSQL of DATABASE_URL, and prints per test how many runs passed. A negative control
that passes has caught the broken variant. The capacity test (200 threads) is left out unless
``--with-seats``: its controls are its own benchmark.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = [
    "stageplein/accounts/tests/test_links_concurrency.py",
    "stageplein/applications/tests/test_waiting_list_concurrency.py",
    "stageplein/events/tests/test_signup_concurrency.py",
    "stageplein/exports/tests/test_export_concurrency.py",
    "stageplein/imports/tests/test_import_concurrency.py",
    "stageplein/internships/tests/test_contract_concurrency.py",
    "stageplein/internships/tests/test_hours_concurrency.py",
    "stageplein/matching/tests/test_confirm_concurrency.py",
    "stageplein/planning/tests/test_window_concurrency.py",
    "stageplein/reminders/tests/test_scheduler_concurrency.py",
    "stageplein/students/tests/test_privacy_concurrency.py",
]
SEATS = "stageplein/applications/tests/test_seat_concurrency.py"


class Repeat:
    """Runs every collected test ``n`` times and counts the passes per test."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.passed: collections.Counter[str] = collections.Counter()
        self.seconds: dict[str, float] = collections.defaultdict(float)

    @pytest.hookimpl
    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        # A direct parameter the tests do not ask for: each test is collected n times.
        metafunc.fixturenames.append("_bench_run")
        metafunc.parametrize("_bench_run", range(self.n), ids=lambda i: f"run{i + 1}")

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        name = report.nodeid.rsplit("[", 1)[0]
        if report.when == "call":
            self.seconds[name] += report.duration
            self.passed[name] += report.passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="runs per test (10)")
    parser.add_argument("-k", default="", help="pytest -k expression")
    parser.add_argument("--with-seats", action="store_true", help="include the capacity test")
    args = parser.parse_args()
    os.chdir(ROOT)
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stageplein")
    repeat = Repeat(args.n)
    files = FILES + ([SEATS] if args.with_seats else [])
    options = ["-q", "-p", "no:randomly", "--create-db", "-o", "addopts=", *files]
    if args.k:
        options += ["-k", args.k]
    started = time.perf_counter()
    pytest.main(options, plugins=[repeat])
    total = time.perf_counter() - started
    print(f"\n{'test':<100} passed   seconds/run")
    for name in sorted(repeat.passed.keys() | repeat.seconds.keys()):
        kind = "control caught" if "negative" in name else "guard held"
        runs = args.n
        print(
            f"{name:<100} {repeat.passed[name]:>2}/{runs} {repeat.seconds[name] / runs:>8.2f}"
            f"  ({kind})"
        )
    print(f"\n{args.n} runs each, {total:.0f} s in all")
    short = [n for n in repeat.passed if repeat.passed[n] < args.n]
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
