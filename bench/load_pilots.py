"""Scale test for issue 2: load all twenty pilots (59,339 students) into a fresh PostgreSQL
database and print how long it takes and the peak memory. Goal: under 2 minutes, under 1 GB.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stageplein .venv/bin/python bench/load_pilots.py

It creates (and afterwards leaves, for inspection) a database named <name>_bench.
"""

import os
import resource
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stageplein")
cfg = dj_database_url.parse(url)
bench_db = f"{cfg['NAME']}_bench"
conn_kw = {
    "host": cfg["HOST"] or None,
    "port": cfg["PORT"] or None,
    "user": cfg["USER"] or None,
    "password": cfg["PASSWORD"] or None,
}
with psycopg.connect(dbname="postgres", autocommit=True, **conn_kw) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{bench_db}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{bench_db}"')
os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + bench_db
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stageplein.settings")
# The development settings, as before DEBUG became off when unset (no SECRET_KEY needed).
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

t0 = time.perf_counter()
call_command("migrate", verbosity=0)
t1 = time.perf_counter()
call_command("demo", "--all")
t2 = time.perf_counter()

from stageplein.demo.builder import DemoBuilder  # noqa: E402, F401
from stageplein.internships.models import HourEntry  # noqa: E402
from stageplein.students.models import Student  # noqa: E402

peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"database       {bench_db}")
print(f"python         {sys.version.split()[0]}, Django {django.get_version()}")
print(f"migrate        {t1 - t0:6.1f} s")
print(f"load 20 pilots {t2 - t1:6.1f} s   (goal < 120 s)")
print(f"students       {Student.objects.count():,}")
print(f"hour entries   {HourEntry.objects.count():,}")
print(f"peak memory    {peak:6.0f} MiB (goal < 1024 MiB)")
