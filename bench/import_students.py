"""Benchmark for issue 7: import a generated 2,700-student Magister-style CSV the way the web
flow does (upload, check for the preview, then the background task), then re-import the same
file (must change nothing) and a newer file. Goal: the import under 30 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stageplein \
        .venv/bin/python bench/import_students.py

It creates (and afterwards leaves, for inspection) a database named <name>_importbench.
"""

import os
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg

N = int(os.environ.get("N_STUDENTS", "2700"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stageplein")
cfg = dj_database_url.parse(url)
bench_db = f"{cfg['NAME']}_importbench"
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
os.environ.setdefault("TASKS_BACKEND", "db")  # invitations are queued for the worker

import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)

from stageplein.accounts.models import User  # noqa: E402
from stageplein.core.schoolyear import current_school_year  # noqa: E402
from stageplein.geo.models import Municipality, PostcodeArea, Region  # noqa: E402
from stageplein.imports.models import StudentImport  # noqa: E402
from stageplein.imports.sample import magister_rows, to_csv  # noqa: E402
from stageplein.imports.services import (  # noqa: E402
    import_confirm,
    import_map_columns,
    import_run,
    import_upload,
)
from stageplein.organisations.models import School  # noqa: E402
from stageplein.students.models import Student  # noqa: E402

zutphen = Municipality.objects.get(name="Zutphen")
region = Region.objects.create(name="Bench", slug="bench")
region.municipalities.set([zutphen])
school = School.objects.create(
    brin="99XX",
    name="Bench College",
    region=region,
    municipality=zutphen,
    levels=["vmbo", "havo", "vwo"],
)
coordinator = User.objects.create_user("bench@school.test")
postcodes = list(PostcodeArea.objects.filter(municipality=zutphen).values_list("pc4", flat=True))
rows = magister_rows(N, school_year=current_school_year(), postcodes=postcodes, seed=2700)


def web_import(content: bytes, label: str) -> StudentImport:
    t0 = time.perf_counter()
    imp = import_upload(school=school, user=coordinator, filename=f"{label}.csv", content=content)
    t1 = time.perf_counter()
    result = import_map_columns(student_import=imp, columns=imp.columns)
    assert result.ok, result.errors[:5]
    t2 = time.perf_counter()
    import_confirm(student_import=imp, send_invitations=True)
    imp = import_run(import_id=imp.pk)  # what the worker runs for the queued task
    t3 = time.perf_counter()
    assert imp is not None and imp.status == StudentImport.Status.DONE, imp and imp.error
    r = imp.report
    print(
        f"{label:<12} upload {t1 - t0:5.2f} s   preview {t2 - t1:5.2f} s   "
        f"import task {t3 - t2:5.2f} s   total {t3 - t0:5.2f} s   "
        f"new {r['new']}, updated {r['updated']}, unchanged {r['unchanged']}, "
        f"left {r['left']}, parents linked {r['guardians_added']}, invitations {r['invited']}"
    )
    return imp


print(f"database     {bench_db}")
print(f"students     {N} (file {len(to_csv(rows)) // 1024} KB)")
web_import(to_csv(rows), "first")
before = list(Student.objects.order_by("pk").values_list())
web_import(to_csv(rows), "same file")
assert list(Student.objects.order_by("pk").values_list()) == before, "re-import changed data"
newer = rows[50:]  # 50 left school
for row in newer[:100]:
    row["Klas"] = row["Klas"][:-1] + "9"  # 100 changed class
newer += magister_rows(
    50, school_year=current_school_year(), postcodes=postcodes, seed=1, start_number=900000
)
web_import(to_csv(newer), "newer file")
print(f"students now {Student.objects.filter(school=school, left_on__isnull=True).count()} active")
