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
    .venv/bin/python bench/load.py --host http://127.0.0.1:8100 --users 300 --minutes 5 \\
      --kill-worker

Or steps 2 and 3 in one command: --serve starts `make serve` (scripts/serve.sh) with the
settings above on DATABASE_URL, waits until it answers, runs the load and stops it again:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_pilots \\
      .venv/bin/python bench/load.py --serve --users 300 --minutes 5 --kill-worker

The last lines compare each page's p95 with issue 12's goals (search 150 ms, other student
pages and POSTs 300 ms, overviews 500 ms; sign-in is left out: Argon2 is slow on purpose).

The mix: students searching on a phone (with and without a text or distance filter), opening
placements and their home page, reacting to a placement they found; students with an
internship in progress logging hours; supervisors confirming hours; coordinators and brokers on
their overviews; one broker dividing the places of their queue and confirming the round while
the others work. Every simulated user waits 1-3 s between clicks (LOAD_THINK, "1-3"). Accounts
are real demo accounts read from DATABASE_URL (all demo accounts share the password
demo-stageplein).

With --kill-worker one gunicorn worker is SIGKILLed half-way (gunicorn starts another). Only
gunicorn processes running from this checkout are killed or counted (the server CPU per
request): start `make serve` here. After
the run every POST the server answered as saved (reaction, hour entry, confirmation, round) is
looked up in the database; the script exits 3 when one is missing.
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PASSWORD = "demo-stageplein"  # noqa: S105 - the demo accounts' published password
WORDS = ["dieren", "voetbal", "voorlezen", "ouderen", "bibliotheek", "natuur", "koffie"]
PLACEMENT_LINK = re.compile(r'href="/stageplaatsen/(\d+)/"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PERIOD_CHOICE = re.compile(r'name="period" value="(\d+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
ENTRY_LINK = re.compile(r"/uren/(\d+)/bevestigen/")
REACTION_DONE = re.compile(r"/reacties/(\d+)/$")
HOURS_DONE = re.compile(r"/uren/(\d+)/$")
ROUND_DONE = re.compile(r"/bemiddeling/rondes/(\d+)/$")

try:
    from locust import HttpUser, between, task
except ImportError:  # the runner below only needs the standard library and psycopg
    HttpUser = object  # type: ignore[assignment,misc]

# The user classes exist only when locust runs this file (the runner below sets LOAD_ACCOUNTS).
if HttpUser is not object and "LOAD_ACCOUNTS" in os.environ:
    low, high = (float(x) for x in os.environ.get("LOAD_THINK", "1-3").split("-"))
    ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text())
    INTERNSHIP = ACCOUNTS.pop("internship_of")

    SUCCEEDED = Path(os.environ["LOAD_SUCCEEDED"])

    def succeeded(kind: str, pk: str) -> None:
        """One line per POST the server answered as done: the runner checks afterwards that
        every one of them is in the database (none lost, also across a killed worker)."""
        with SUCCEEDED.open("a") as f:
            f.write(f"{kind} {pk}\n")

    def token(text: str) -> str:
        found = CSRF.search(text)
        return found.group(1) if found else ""

    class SignedIn(HttpUser):
        abstract = True
        wait_time = between(low, high)
        role = ""

        def post_form(self, url: str, data: dict[str, str], page: str, name: str, done: re.Pattern):
            """POST a form (CSRF token from `page`); the id in the redirect's target if it
            ends where `done` says, else None."""
            data = {"csrfmiddlewaretoken": token(page), **data}
            headers = {"Referer": self.host + url}
            with self.client.post(
                url, data, headers=headers, name=name, catch_response=True
            ) as response:
                found = done.search(response.url or "")
                if response.status_code == 200 and found:
                    response.success()
                    return found.group(1)
                if response.status_code == 400:
                    # Refused by the rules with the form shown again (the last seat went to
                    # someone else a moment ago): an answer, not an error.
                    response.success()
                    succeeded("refused", name)
                elif response.status_code < 400:
                    response.failure(f"not saved ({response.status_code} at {response.url})")
                return None

        def on_start(self) -> None:
            if self.role == "broker_round":
                email = ACCOUNTS["broker_round"][0]
            else:
                email = random.choice(ACCOUNTS[self.role])
            self.email = email
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

        @task(1)
        def react(self) -> None:
            """React to a placement just found, when one of its periods is open to them."""
            if not self.placements:
                return
            url = f"/stageplaatsen/{random.choice(self.placements)}/reageren/"
            form = self.client.get(url, name="react (form)")
            periods = PERIOD_CHOICE.findall(form.text)
            if not periods:
                return
            data = {"period": random.choice(periods), "motivation": "Lijkt me leuk om te doen."}
            pk = self.post_form(url, data, form.text, "react", REACTION_DONE)
            if pk:
                succeeded("reaction", pk)

    class StudentLoggingHours(SignedIn):
        """A student with an internship in progress logs the afternoon's hours."""

        weight = 2
        role = "student_hours"

        @task(3)
        def log_hours(self) -> None:
            url = f"/stages/{INTERNSHIP[self.email]}/uren/"
            form = self.client.get(url, name="log hours (form)")
            key = SUBMISSION_KEY.search(form.text)
            if not key:
                return
            data = {
                "date": time.strftime("%Y-%m-%d"),
                "hours": random.choice(["1", "1.5", "2", "2.5"]),
                "description": "Geholpen bij de activiteiten.",
                "submission_key": key.group(1),
            }
            pk = self.post_form(url, data, form.text, "log hours", HOURS_DONE)
            if pk:
                succeeded("hours", pk)

        @task(2)
        def home(self) -> None:
            self.client.get("/", name="home (student)")

    class Supervisor(SignedIn):
        """A provider's supervisor confirms the hours waiting for them."""

        weight = 1
        role = "supervisor"

        @task
        def verify(self) -> None:
            page = self.client.get("/uren/te-bevestigen/", name="hours to verify")
            waiting = ENTRY_LINK.findall(page.text)
            if not waiting:
                return
            pk = random.choice(waiting)
            url = f"/uren/{pk}/bevestigen/"
            if self.post_form(url, {}, page.text, "verify hours", HOURS_DONE):
                succeeded("verified", pk)

    class RoundBroker(SignedIn):
        """One broker divides the places for their whole queue and confirms the round, while
        the students search and react (the worker computes the round meanwhile)."""

        fixed_count = 1
        role = "broker_round"
        wait_time = between(2, 3)

        def on_start(self) -> None:
            super().on_start()
            self.run_url = ""

        @task
        def round(self) -> None:
            if self.run_url == "-":
                self.client.get("/overzicht/makelaar/", name="overview broker")
                return
            if not self.run_url:
                queue = self.client.get("/bemiddeling/", name="round queue")
                data = {"mode": "optimal", "all": "1"}
                pk = self.post_form(
                    "/bemiddeling/verdelen/", data, queue.text, "round start", ROUND_DONE
                )
                if pk:
                    self.run_url = f"/bemiddeling/rondes/{pk}/"
                    self.started = time.monotonic()
                return
            page = self.client.get(self.run_url, name="round (status)")
            if "/bevestigen/" not in page.text:
                return  # still being computed
            pk = self.post_form(
                self.run_url + "bevestigen/", {}, page.text, "round confirm", ROUND_DONE
            )
            if pk:
                succeeded("round", pk)
                print(
                    f"round {pk} proposed and confirmed in {time.monotonic() - self.started:.0f} s"
                )
            self.run_url = "-"  # one round per run

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

        # Students with an internship in progress log hours on it (one internship each).
        internships = conn.execute(
            """
            select distinct on (u.id) u.email, i.id from internships_internship i
            join students_student s on s.id = i.student_id join accounts_user u on u.id = s.user_id
            where i.status = 'active' order by u.id, i.id limit %s
            """,
            (per_role,),
        ).fetchall()
        supervisors = conn.execute(
            """
            select u.email from accounts_user u where exists (
              select 1 from internships_internship i join internships_hourentry h
              on h.internship_id = i.id where i.supervisor_id = u.id and h.status = 'submitted')
            order by md5(u.id::text) limit %s
            """,
            (per_role,),
        ).fetchall()
        brokers = emails("accounts_membership", "where t.role = 'broker'")
        return {
            "student": emails("students_student", "where t.home_postcode_id is not null"),
            "student_hours": [email for email, _ in internships],
            "internship_of": dict(internships),
            "supervisor": [email for (email,) in supervisors],
            "coordinator": emails("accounts_membership", "where t.role = 'coordinator'"),
            "broker": brokers,
            "broker_round": brokers[:1],
        }


def saved_in_database(database_url: str, succeeded: list[tuple[str, int]]) -> dict[str, tuple]:
    """Per kind of POST: (answered as saved, found saved in the database)."""
    import psycopg

    checks = {
        "reaction": "select count(*) from applications_application where id = any(%s)",
        "hours": "select count(*) from internships_hourentry where id = any(%s)",
        "verified": (
            "select count(*) from internships_hourentry where id = any(%s) and status = 'verified'"
        ),
        "round": "select count(*) from matching_run where id = any(%s) and status = 'confirmed'",
    }
    result = {}
    with psycopg.connect(database_url) as conn:
        for kind, sql in checks.items():
            ids = sorted({pk for k, pk in succeeded if k == kind})
            found = conn.execute(sql, (ids,)).fetchone()[0]  # type: ignore[index]
            result[kind] = (len(ids), found)
    return result


ROOT = Path(__file__).resolve().parent.parent


def ours(proc: Path) -> bool:
    """A gunicorn process serving stageplein from this checkout: other checkouts on the same
    machine may serve too, and their workers are neither counted nor killed."""
    cmdline = (proc / "cmdline").read_bytes()
    if b"gunicorn" not in cmdline or b"stageplein.wsgi" not in cmdline:
        return False
    return Path(os.readlink(proc / "cwd")).resolve() == ROOT


def gunicorn_workers() -> list[int]:
    """The gunicorn worker processes serving stageplein (children of the gunicorn master)."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if not ours(proc):
                continue
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        found[int(proc.name)] = ppid
    return sorted(pid for pid, ppid in found.items() if ppid in found)


def kill_one_worker_later(seconds: float) -> threading.Thread:
    """Half-way: SIGKILL one gunicorn worker (a crash: its requests in flight are cut off);
    the gunicorn master starts a new one."""

    def kill() -> None:
        time.sleep(seconds)
        workers = gunicorn_workers()
        if not workers:
            print("no gunicorn worker found to kill", file=sys.stderr)
            return
        victim = random.choice(workers)
        os.kill(victim, signal.SIGKILL)
        time.sleep(5)
        print(
            f"killed gunicorn worker {victim} after {seconds:.0f} s; workers now "
            f"{len(gunicorn_workers())} (was {len(workers)})"
        )

    thread = threading.Thread(target=kill, daemon=True)
    thread.start()
    return thread


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
            if not ours(proc):
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
    # Issue 12's goals, per page: p95 against its limit (sign-in is Argon2 on purpose: shown
    # above, not held to a goal).
    for row in rows:
        name = row["Name"]
        limit = goal_ms(name)
        if limit is None or not int(row["Request Count"]):
            continue
        p95 = float(row["95%"])
        verdict = "ok" if p95 <= limit and not int(row["Failure Count"]) else "MISSED"
        print(f"goal {name:24} p95 {p95:7.0f} ms <= {limit} ms, 0 errors: {verdict}")


def goal_ms(name: str) -> int | None:
    if name == "Aggregated" or name.startswith("sign in"):
        return None
    if name.startswith("search"):
        return 150
    if name.startswith(("overview", "round", "home (coordinator)")):
        return 500
    return 300  # the other student pages and the POSTs (react, log hours, verify)


SERVE_ENV = {
    # `make serve` on loopback for the load test (docs/deployment.md, Sizing): plain HTTP, no
    # real mail, no rate limits or lock-outs for hundreds of sign-ins from one address.
    "SECRET_KEY": "load-test-only-key-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "EMAIL_BACKEND": "stageplein.core.mail.ConsoleEmailBackend",
    "SERVE_PLAIN_HTTP": "1",
    "AXES_ENABLED": "false",
    "LOAD_TEST_NO_RATE_LIMITS": "1",
}


def start_server(host: str, database_url: str) -> subprocess.Popen:
    """`make serve` (scripts/serve.sh: migrations, collectstatic, gunicorn, worker, scheduler)
    on the database under test, in a process group of its own; returns once it is ready."""
    import urllib.request

    bind = host.split("://", 1)[1].rstrip("/")
    env = {
        **os.environ,
        **SERVE_ENV,
        "DATABASE_URL": database_url,
        "SITE_ROOT": host.rstrip("/"),
        "BIND": bind,
    }
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    log = open(Path(tempfile.gettempdir()) / f"stageplein-load-serve-{os.getpid()}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        ["scripts/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600  # migrations and collectstatic on a busy machine
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"make serve stopped (exit {server.returncode}); see {log.name}")
        try:
            # The host is http on loopback (checked in main): no other scheme gets here.
            probe = f"{host.rstrip('/')}/health/live/"
            with urllib.request.urlopen(probe, timeout=5) as r:  # noqa: S310
                if r.status == 200:
                    print(f"make serve is up on {host} (log {log.name})")
                    return server
        except OSError:
            pass
        time.sleep(2)
    stop_server(server)
    sys.exit(f"make serve did not answer within 10 minutes; see {log.name}")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="http://127.0.0.1:8100")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument(
        "--kill-worker",
        action="store_true",
        help="SIGKILL one gunicorn worker half-way (gunicorn starts another)",
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="start `make serve` on --host against DATABASE_URL first and stop it afterwards",
    )
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("DATABASE_URL must point to the PostgreSQL database that is being served")
    if not args.host.startswith(("http://127.", "http://localhost")):
        sys.exit("the load test runs on loopback only")
    server = start_server(args.host, database_url) if args.serve else None
    try:
        run_load(args, database_url)
    finally:
        if server is not None:
            stop_server(server)


def run_load(args, database_url: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        accounts_file = Path(tmp) / "accounts.json"
        accounts_file.write_text(json.dumps(accounts(database_url, max(args.users, 20))))
        prefix = str(Path(tmp) / "load")
        succeeded_file = Path(tmp) / "succeeded.txt"
        succeeded_file.touch()
        cpu_before = server_cpu_seconds()
        if args.kill_worker:
            killer = kill_one_worker_later(args.minutes * 60 / 2)
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
            env={
                **os.environ,
                "LOAD_ACCOUNTS": str(accounts_file),
                "LOAD_SUCCEEDED": str(succeeded_file),
            },
            capture_output=True,
            text=True,
        )
        print(
            f"{args.users} users, {args.minutes:g} min, think time "
            f"{os.environ.get('LOAD_THINK', '1-3')} s, {args.host}"
        )
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the end")
        if args.kill_worker:
            killer.join()
        report(prefix)
        for line in run.stdout.splitlines() + run.stderr.splitlines():
            if line.startswith("round "):
                print(line)
        succeeded_lines = [line.split(" ", 1) for line in succeeded_file.read_text().splitlines()]
        succeeded = [(kind, int(pk)) for kind, pk in succeeded_lines if kind != "refused"]
        refused = sum(1 for kind, _ in succeeded_lines if kind == "refused")
        print(f"refused by the rules (400 with the form again): {refused}")
        lost = 0
        for kind, (answered, found) in saved_in_database(database_url, succeeded).items():
            print(f"{kind:9} answered as saved {answered:5d}, found in the database {found:5d}")
            lost += answered - found
        print("none lost" if lost == 0 else f"LOST: {lost} saved POSTs are not in the database")
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
        if lost:
            sys.exit(3)


if __name__ == "__main__":
    main()
