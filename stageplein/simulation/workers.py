"""The start of a worker process that plays regions of a season (``season.py``). Kept free of
model imports: a spawned worker imports this module before Django is set up."""

from __future__ import annotations

import django
from django.conf import settings


def start_worker(database_name: str) -> None:
    """Set Django up in a fresh (spawned) worker, on the parent's database: the parent may run
    on another one than its settings name (a test run's database)."""
    settings.DATABASES["default"]["NAME"] = database_name
    django.setup()
