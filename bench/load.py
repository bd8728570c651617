"""Web load test (issue 12): simulated users against a running `make serve`, with locust,
headless, on loopback, bounded in time. Prints p50/p95/p99 per page, failures and requests per
second.

    # 1. all 20 pilots in a database of their own (about a minute)
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/stageplein_load
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py demo --replace --all
    # 2. serve it: plain HTTP on loopback only, Redis as the shared cache
    SECRET_KEY=… ALLOWED_HOSTS=127.0.0.1 SITE_ROOT=http://127.0.0.1:8100 \\
      EMAIL_BACKEND=stageplein.core.mail.ConsoleEmailBackend SERVE_PLAIN_HTTP=1 \\
      AXES_ENABLED=false LOAD_TEST_NO_RATE_LIMITS=1 REDIS_URL=redis://127.0.0.1:6379/0 \\
      BIND=127.0.0.1:8100 make serve
    # 3. the load (locust is in the bench extra: pip install -e '.[bench]')
    .venv/bin/python bench/load.py --host http://127.0.0.1:8100 --users 300 --minutes 5

The mix: students searching on a phone (with and without a text or distance filter), opening
placements and their home page; coordinators and brokers on their overviews. Every simulated
user waits 1-3 s between clicks (LOAD_THINK, "1-3"). Accounts are real demo accounts read from
DATABASE_URL (all demo accounts share the password demo-stageplein).
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PASSWORD = "demo-stageplein"  # noqa: S105 - the demo accounts' published password
WORDS = ["dieren", "voetbal", "voorlezen", "ouderen", "bibliotheek", "natuur", "koffie"]
PLACEMENT_LINK = re.compile(r'href="/stageplaatsen/(\d+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

try:
    from locust import HttpUser, between, task
except ImportError:  # the runner below only needs the standard library and psycopg
    HttpUser = object  # type: ignore[assignment,misc]

# The user classes exist only when locust runs this file (the runner below sets LOAD_ACCOUNTS).
if HttpUser is not object and "LOAD_ACCOUNTS" in os.environ:
    low, high = (float(x) for x in os.environ.get("LOAD_THINK", "1-3").split("-"))
    ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text())

    class SignedIn(HttpUser):
        abstract = True
        wait_time = between(low, high)
        role = ""

        def on_start(self) -> None:
            email = random.choice(ACCOUNTS[self.role])
            page = self.client.get("/accounts/login/", name="sign in (form)")
            token = CSRF.search(page.text)
            self.client.post(
                "/accounts/login/",
                {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
                if token
                else {},
                headers={"Referer": self.host + "/accounts/login/"},
                name="sign in",
            )
            self.placements: list[str] = []

    class Student(SignedIn):
        weight = 10
        role = "student"

        def search(self, params: dict[str, str], name: str) -> None:
            response = self.client.get("/stageplaatsen/", params=params, name=name)
            found = PLACEMENT_LINK.findall(response.text)
            if found:
                self.placements = found

        @task(4)
        def search_plain(self) -> None:
            self.search({}, "search")

        @task(2)
        def search_text(self) -> None:
            self.search({"q": random.choice(WORDS), "near": "home", "km": "10"}, "search text")

        @task(2)
        def search_distance(self) -> None:
            params = {"near": random.choice(["home", "school"]), "km": random.choice(["5", "20"])}
            self.search(params, "search distance")

        @task(3)
        def open_placement(self) -> None:
            if not self.placements:
                self.search({}, "search")
                return
            pk = random.choice(self.placements)
            self.client.get(f"/stageplaatsen/{pk}/", name="placement")

        @task(2)
        def home(self) -> None:
            self.client.get("/", name="home (student)")

    class Coordinator(SignedIn):
        weight = 1
        role = "coordinator"

        @task
        def school_overview(self) -> None:
            self.client.get("/overzicht/school/", name="overview school")

        @task
        def home(self) -> None:
            self.client.get("/", name="home (coordinator)")

    class Broker(SignedIn):
        weight = 1
        role = "broker"

        @task
        def area_overview(self) -> None:
            self.client.get("/overzicht/makelaar/", name="overview broker")

        @task
        def unplaced(self) -> None:
            self.client.get("/overzicht/makelaar/zonder-plek/", name="overview unplaced")


def accounts(database_url: str, per_role: int) -> dict[str, list[str]]:
    import psycopg

    query = """
        select u.email from accounts_user u
        join {table} t on t.user_id = u.id {where}
        order by md5(u.id::text) limit %s
    """
    with psycopg.connect(database_url) as conn:

        def emails(table: str, where: str = "") -> list[str]:
            sql = query.format(table=table, where=where)
            return [row[0] for row in conn.execute(sql, (per_role,))]

        return {
            "student": emails("students_student", "where t.home_postcode_id is not null"),
            "coordinator": emails("accounts_membership", "where t.role = 'coordinator'"),
            "broker": emails("accounts_membership", "where t.role = 'broker'"),
        }


def server_cpu_seconds() -> float:
    """CPU time used so far by the gunicorn processes on this machine (from /proc): divided by
    the requests served it gives the server's CPU per request, which other work on a shared
    machine does not distort the way it distorts response times."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            if b"gunicorn" not in cmdline or b"stageplein.wsgi" not in cmdline:
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def report(prefix: str) -> None:
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    print(f"{'page':24} {'n':>7} {'fail':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'rps':>6}")
    for row in rows:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name:24} {int(row['Request Count']):7d} {int(row['Failure Count']):5d} "
            f"{row['50%']:>5}ms {row['95%']:>5}ms {row['99%']:>5}ms "
            f"{float(row['Requests/s']):6.1f}"
        )
    with open(f"{prefix}_failures.csv", newline="") as f:
        for row in csv.DictReader(f):
            print(f"  failed {row['Occurrences']}x {row['Name']}: {row['Error'][:120]}")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="http://127.0.0.1:8100")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--minutes", type=float, default=2)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("DATABASE_URL must point to the PostgreSQL database that is being served")
    if not args.host.startswith(("http://127.", "http://localhost")):
        sys.exit("the load test runs on loopback only")
    with tempfile.TemporaryDirectory() as tmp:
        accounts_file = Path(tmp) / "accounts.json"
        accounts_file.write_text(json.dumps(accounts(database_url, max(args.users, 20))))
        prefix = str(Path(tmp) / "load")
        cpu_before = server_cpu_seconds()
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                __file__,
                "--headless",
                "--host",
                args.host,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{int(args.minutes * 60)}s",
                "--csv",
                prefix,
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            env={**os.environ, "LOAD_ACCOUNTS": str(accounts_file)},
            capture_output=True,
            text=True,
        )
        print(
            f"{args.users} users, {args.minutes:g} min, think time "
            f"{os.environ.get('LOAD_THINK', '1-3')} s, {args.host}"
        )
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end")
        report(prefix)
        with open(f"{prefix}_stats.csv", newline="") as f:
            served = sum(
                int(r["Request Count"]) for r in csv.DictReader(f) if r["Name"] != "Aggregated"
            )
        cpu = server_cpu_seconds() - cpu_before
        if served:
            per_request = cpu * 1000 / served
            cores = os.cpu_count() or 1
            print(
                f"server CPU {per_request:.1f} ms per request (gunicorn processes); {cores} "
                f"cores serve at most ~{cores * 1000 / per_request:.0f} requests/s "
                "before PostgreSQL's share"
            )
        if run.returncode not in (0, 1):  # 1: some requests failed (shown above)
            print(run.stderr[-3000:], file=sys.stderr)
            sys.exit(run.returncode)


if __name__ == "__main__":
    main()
