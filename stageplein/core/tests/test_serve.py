"""`make serve` (scripts/serve.sh) on loopback, as docs/deployment.md tells an operator: DEBUG
off, static files collected with the manifest storage, gunicorn, the worker and the scheduler.
Every role signs in and gets its home page; every static file a page references answers 200."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.support.people import PASSWORD
from tests.support.world import World

BASE = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_env(**extra) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "SECRET_KEY", "EMAIL_", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(extra)
    return env


def test_serve_refuses_to_start_without_allowed_hosts_and_says_so():
    run = subprocess.run(
        ["scripts/serve.sh"],
        cwd=BASE,
        env=serve_env(DATABASE_URL="postgres://postgres@127.0.0.1:5432/x", SECRET_KEY="k" * 50),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "ALLOWED_HOSTS is not set" in run.stderr
    assert "Traceback" not in run.stderr


def test_serve_refuses_sqlite():
    run = subprocess.run(
        ["scripts/serve.sh"],
        cwd=BASE,
        env=serve_env(DATABASE_URL="sqlite:////tmp/x.sqlite3"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "PostgreSQL" in run.stderr


class Browser:
    def __init__(self, root: str):
        self.root = root
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.root + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def sign_in(self, email: str) -> tuple[int, str]:
        _, page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page[:500]
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "login": email, "password": PASSWORD}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - http on loopback
            self.root + "/accounts/login/", data=data, headers={"Referer": self.root + "/"}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")


@pytest.fixture
def serving(transactional_world, tmp_path):
    port = free_port()
    root = f"http://127.0.0.1:{port}"
    db = connection.settings_dict
    env = serve_env(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        SECRET_KEY="serve-test-key-Zq8pL2vN5wR7xT4yU6aB9cD1eF3gH5jK7mN",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_ROOT=root,
        EMAIL_BACKEND="stageplein.core.mail.ConsoleEmailBackend",
        SERVE_PLAIN_HTTP="1",
        SERVE_MIGRATE="0",  # the test database is migrated already
        STATIC_ROOT=str(tmp_path / "static"),
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        WEB_THREADS="2",
        AXES_ENABLED="false",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"),
    )
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        ["scripts/serve.sh"],
        cwd=BASE,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            try:
                urllib.request.urlopen(root + "/health/live/", timeout=2).close()  # noqa: S310
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()[-3000:]
                time.sleep(0.5)
        yield root
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_serve_answers_every_roles_home_page_and_every_static_file(serving, transactional_world):
    world: World = transactional_world
    static_seen: set[str] = set()
    for role in World.ROLES:
        browser = Browser(serving)
        status, page = browser.sign_in(world.users[role].email or "")
        assert status == 200, f"{role}: {status}"
        status, page = browser.get("/")
        assert status == 200, f"{role}: home {status}"
        assert re.search(r'action="[^"]*/logout/"', page), f"{role} is not signed in"
        static_seen |= set(re.findall(r'(?:src|href)="(/static/[^"]+)"', page))
    assert any(path.endswith(".css") for path in static_seen)
    browser = Browser(serving)
    for path in sorted(static_seen):
        assert re.search(r"\.[0-9a-f]{12}\.", path), f"{path} is not from the manifest"
        status, _ = browser.get(path)
        assert status == 200, path
    assert browser.get("/health/ready/")[0] == 200
    status, page = browser.get("/bestaat-niet/")
    assert status == 404 and "Page not found" in page
