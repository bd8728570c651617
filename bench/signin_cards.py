"""Sign-in cards for a class: how long the coordinator waits for the PDF (28 cards).

Usage::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_signin .venv/bin/python bench/signin_cards.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stageplein.settings")
os.environ.setdefault("DEBUG", "true")

import django

django.setup()
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


def main() -> None:
    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        from stageplein.core.reference_data import ensure_reference_data
        from tests.support.people import make_student
        from tests.support.world import build_world

        ensure_reference_data()
        world = build_world()
        for n in range(28):
            make_student(world.school, f"3{n:03d}", first_name=f"Kind{n}", class_name="3V1")
        client = Client()
        client.force_login(world.users["coordinator"])
        url = reverse("signin_cards_print", args=[world.school.pk])
        client.post(url, {"class_name": "3V1"})  # warm-up: Pango and fonts load once
        times = []
        for _ in range(5):
            start = time.perf_counter()
            response = client.post(url, {"class_name": "3V1"})
            times.append(time.perf_counter() - start)
        print(
            f"cards PDF, 28 students: median {statistics.median(times):.2f} s, "
            f"{len(response.content) / 1024:.0f} KiB"
        )
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)


if __name__ == "__main__":
    main()
