"""Privacy costs (issue 13): what the read log adds to an export of a large student list, and
how long the nightly retention takes to anonymise students who left.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_privacy   # migrated, may be empty
    .venv/bin/python bench/privacy.py            # BENCH_STUDENTS=9500 BENCH_LEFT=500

Builds the test world plus BENCH_STUDENTS students at one school (each with an internship and
hours for the BENCH_LEFT who left over a year ago) inside a transaction that is rolled back at
the end: the database is left as it was. Prints best-of-3 wall times in milliseconds.
"""

import datetime
import os
import sys
import time
import warnings
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stageplein.settings")
os.environ.setdefault("DEBUG", "true")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from stageplein.accounts.models import User  # noqa: E402
from stageplein.core.reference_data import ensure_reference_data  # noqa: E402
from stageplein.exports.services import export_file  # noqa: E402
from stageplein.exports.tables import get_spec  # noqa: E402
from stageplein.internships.models import HourEntry, Internship  # noqa: E402
from stageplein.reminders.retention import LEFT_STUDENTS, retention_run  # noqa: E402
from stageplein.students.models import ReadLogEntry, Student  # noqa: E402
from stageplein.students.readlog import record_export  # noqa: E402
from tests.support.world import build_world  # noqa: E402

N = int(os.environ.get("BENCH_STUDENTS", "9500"))
LEFT = int(os.environ.get("BENCH_LEFT", "500"))


class Rollback(Exception):
    pass


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        with transaction.atomic():
            fn()
            transaction.set_rollback(True)  # each run starts from the same data
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def populate(world) -> None:
    today = timezone.localdate()
    users = User.objects.bulk_create(
        User(email=f"bench{k}@leerling.test", first_name=f"B{k}", last_name="Bench")
        for k in range(N)
    )
    students = Student.objects.bulk_create(
        Student(
            user=u,
            school=world.school,
            student_number=f"b{k}",
            level="havo",
            year=2,
            class_name=f"2B{k % 30}",
            date_of_birth=datetime.date(today.year - 14, 3, 1),
            home_postcode_id="7201",
            cohort=today.year - 1,
            left_on=today - datetime.timedelta(days=400) if k < LEFT else None,
        )
        for k, u in enumerate(users)
    )
    internships = Internship.objects.bulk_create(
        Internship(
            student=s,
            provider=world.provider,
            title="Bench",
            start_date=today - datetime.timedelta(days=500),
            end_date=today - datetime.timedelta(days=450),
            planned_hours=20,
            status=Internship.Status.COMPLETED,
        )
        for s in students[:LEFT]
    )
    HourEntry.objects.bulk_create(
        HourEntry(
            internship=i,
            date=today - datetime.timedelta(days=460),
            hours=Decimal(20),
            description="Geholpen",
            status=HourEntry.Status.VERIFIED,
            verified_by=world.users["supervisor"],
            verified_at=timezone.now(),
        )
        for i in internships
    )


def main() -> None:
    ensure_reference_data()
    try:
        with transaction.atomic():
            world = build_world()
            populate(world)
            coordinator = world.users["coordinator"]
            spec = get_spec("school_students")
            assert spec is not None
            params = {"school": str(world.school.pk)}
            current = Student.objects.filter(school=world.school, left_on__isnull=True)
            print(f"students at the school: {current.count()} current, {LEFT} left")

            export_ms = best_of(
                3, lambda: export_file(spec=spec, user=coordinator, params=params, fmt="csv")
            )
            logged = ReadLogEntry.objects.count()
            log_ms = best_of(3, lambda: record_export(coordinator, current, what="bench (csv)"))
            print(f"csv export of the student list, read log included: {export_ms:.0f} ms")
            print(f"  of which the read log ({current.count()} entries): {log_ms:.0f} ms")
            assert ReadLogEntry.objects.count() == logged

            def run() -> None:
                report = retention_run()
                assert report[LEFT_STUDENTS.kind] == LEFT, report

            ms = best_of(3, run)
            each = ms / LEFT
            print(f"retention with {LEFT} students to anonymise: {ms:.0f} ms ({each:.1f} ms each)")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
