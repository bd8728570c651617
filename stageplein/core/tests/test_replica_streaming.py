"""A real PostgreSQL streaming replica on loopback (docs/deployment.md#past-one-machine).

The test's world is copied into a fresh primary cluster (initdb in a temporary folder, its own
port), a standby is cloned from it with `pg_basebackup -R` and streams from it, and an app
process configured with DATABASE_URL and DATABASE_REPLICA_URL (replica_client.py) shows that:
the school overview reads from the replica; a coordinator who has just approved a report sees it
approved while replay on the standby is paused (read-your-writes: the primary answers her); her
other device, without the cookie, still sees the replica's stale page until replay resumes.
About 15 s; skipped when PostgreSQL's server binaries (initdb, pg_ctl) are not installed.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from django.db import connection

from tests.support.world import World

BASE = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.concurrency  # real PostgreSQL processes; not in `make test-fast`


def server_binaries() -> Path | None:
    """initdb and pg_ctl: on PATH, or in Debian's versioned folder (not on PATH there)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return versions[0].parent if versions else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One throwaway PostgreSQL server. initdb refuses to run as root, so as root every server
    command runs as the `postgres` system user."""

    def __init__(self, bin_dir: Path, root: Path, name: str):
        self.bin = bin_dir
        self.data = root / name
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=60)

    def start(self) -> None:
        options = (
            f"-c port={self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.data.parent} -c fsync=off "
            "-c wal_level=replica -c max_wal_senders=4 -c hot_standby=on "
            "-c wal_receiver_status_interval=1"
        )
        # -l: the server's output goes to a file, not to the pipe this process waits on.
        log = f"{self.data}.log"
        self.run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self) -> None:
        with suppress(subprocess.SubprocessError):
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


@contextmanager
def streaming_pair(bin_dir: Path) -> Iterator[tuple[Cluster, Cluster]]:
    root = Path(tempfile.mkdtemp(prefix="stageplein-replica-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary, standby = Cluster(bin_dir, root, "primary"), Cluster(bin_dir, root, "standby")
    try:
        primary.run("initdb", "-D", str(primary.data), "-U", "postgres", "-A", "trust", "-N")
        # Loopback replication connections are trusted (initdb -A trust writes that rule).
        primary.start()
        yield primary, standby
    finally:
        standby.stop()
        primary.stop()
        shutil.rmtree(root, ignore_errors=True)


def start_standby(primary: Cluster, standby: Cluster) -> None:
    # -R writes primary_conninfo and standby.signal: the clone starts as a streaming standby.
    standby.run(
        "pg_basebackup",
        *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
        *("-D", str(standby.data), "-R", "-X", "stream", "-c", "fast"),
    )
    standby.start()
    for _ in range(100):
        with suppress(subprocess.CalledProcessError):
            out = subprocess.run(
                ["psql", standby.url, "-Atc", "select pg_is_in_recovery()"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            if out == "t":
                return
        time.sleep(0.1)
    raise AssertionError("the standby did not come up in recovery")


def copy_database(source: str, target: str) -> None:
    dump = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-acl", source],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "-d", target],
        input=dump,
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_overviews_read_from_a_real_streaming_replica_and_writers_read_their_own_writes(
    transactional_world: World,
):
    if connection.vendor != "postgresql":
        pytest.skip("a streaming replica needs PostgreSQL")
    bin_dir = server_binaries()
    if bin_dir is None or not (bin_dir / "pg_ctl").exists():
        pytest.skip("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
    db = connection.settings_dict
    source = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    world = transactional_world

    with streaming_pair(bin_dir) as (primary, standby):
        copy_database(source, primary.url)
        start_standby(primary, standby)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DATABASE_", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"))
        }
        env.update(DEBUG="true", DATABASE_URL=primary.url, DATABASE_REPLICA_URL=standby.url)
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "stageplein.core.tests.replica_client",
                str(world.users["coordinator"].pk),
                str(world.report.pk),
            ],
            cwd=BASE,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode == 0, run.stderr[-4000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["overview_writer"]["reports"] == 0
    assert seen["overview_other_device_lagging"]["reports"] == 1
    print("replica check:", json.dumps(seen))  # pytest -s shows the numbers (docs/deployment.md)
