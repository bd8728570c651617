"""Scale test for issue 2: load all twenty pilots (59,339 students) into a fresh PostgreSQL
database and print how long it takes and the peak memory. Goal: under 2 minutes, under 1 GB.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stageplein .venv/bin/python bench/load_pilots.py

It creates (and afterwards leaves, for inspection) a database named <name>_bench, or the one
named by --db (e.g. `--db sp_pilots`: the database the web load test bench/load.py reads). It
prints the seconds of each phase of the build, summed over the twenty pilots, and the load
average (the machine may be shared).
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--db", help="the database to (re)create; default <DATABASE_URL name>_bench")
args = parser.parse_args()
url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stageplein")
cfg = dj_database_url.parse(url)
bench_db = args.db or f"{cfg['NAME']}_bench"
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
load_before, cpu0 = os.getloadavg()[0], time.process_time()
# What `manage.py demo --all` does on an empty database, with the builder's phase times at hand.
from stageplein.demo.builder import DemoBuilder  # noqa: E402
from stageplein.geo.pilots import read_pilots  # noqa: E402

stats = DemoBuilder(seed=2009, bulk=True).build(read_pilots())
t2, cpu = time.perf_counter(), time.process_time() - cpu0
from stageplein.internships.models import HourEntry  # noqa: E402
from stageplein.students.models import Student  # noqa: E402

peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"database       {bench_db}")
print(f"python         {sys.version.split()[0]}, Django {django.get_version()}")
print(f"migrate        {t1 - t0:6.1f} s")
print(f"load 20 pilots {t2 - t1:6.1f} s   (goal < 120 s); {cpu:.1f} s of it Python CPU")
print(f"students       {Student.objects.count():,}")
print(f"hour entries   {HourEntry.objects.count():,}")
print(f"peak memory    {peak:6.0f} MiB (goal < 1024 MiB)")
print(f"load average   {load_before:.1f} before the load, {os.getloadavg()[0]:.1f} after")
print("phases (seconds, all pilots):")
for name, seconds in sorted(stats.phases.items(), key=lambda kv: -kv[1]):
    print(f"  {name:40} {seconds:6.1f}")
