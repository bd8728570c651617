"""scripts/backup.sh and scripts/restore.sh: a backup restores into a fresh database with the
same rows and the same uploaded files (docs/deployment.md#backups)."""

import subprocess
from pathlib import Path

import psycopg
from django.db import connection

from stageplein.internships.models import HourEntry
from stageplein.students.models import Student

BASE = Path(__file__).resolve().parents[3]


def url(name: str) -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as conn:
        return {
            table: (conn.execute(f"select count(*) from {table}").fetchone() or (0,))[0]  # noqa: S608
            for table in (Student._meta.db_table, HourEntry._meta.db_table, "accounts_user")
        }


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(
    transactional_world, tmp_path
):
    media = tmp_path / "media"
    (media / "reports").mkdir(parents=True)
    (media / "reports" / "verslag.pdf").write_bytes(b"%PDF-1.4 report")
    source = url(connection.settings_dict["NAME"])
    backup = subprocess.run(
        ["scripts/backup.sh", str(tmp_path / "backups")],
        cwd=BASE,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": source, "MEDIA_ROOT": str(media)},
        capture_output=True,
        text=True,
        check=True,
    )
    dump = Path(backup.stdout.strip())
    media_tar = Path(str(dump).removesuffix(".dump") + "-media.tar.gz")
    assert dump.exists() and media_tar.exists()

    fresh = connection.settings_dict["NAME"] + "_restored"
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'drop database if exists "{fresh}"')
        admin.execute(f'create database "{fresh}"')
    try:
        restored_media = tmp_path / "restored-media"
        env = {
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": url(fresh),
            "MEDIA_ROOT": str(restored_media),
        }
        subprocess.run(
            ["scripts/restore.sh", str(dump), str(media_tar)],
            cwd=BASE,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        before = counts(source)
        assert before[Student._meta.db_table] > 0 and before[HourEntry._meta.db_table] > 0
        assert counts(url(fresh)) == before
        assert (restored_media / "reports" / "verslag.pdf").read_bytes() == b"%PDF-1.4 report"

        again = subprocess.run(
            ["scripts/restore.sh", str(dump)], cwd=BASE, env=env, capture_output=True, text=True
        )
        assert again.returncode == 2, "a restore must refuse a database that has tables"
        assert "empty database" in again.stderr
    finally:
        with psycopg.connect(url("postgres"), autocommit=True) as admin:
            admin.execute(f'drop database if exists "{fresh}"')
