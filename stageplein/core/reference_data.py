"""Reference data that migrations load (municipalities, postcodes, sectors, hour norms).

Tests that flush the database (TransactionTestCase, live-server browser tests) lose these rows;
``ensure_reference_data`` puts them back by running the same loaders the migrations use.
"""

import importlib

from django.apps import apps

LOADERS = [
    "stageplein.geo.migrations.0002_load_municipalities_and_postcodes",
    "stageplein.organisations.migrations.0002_sectors",
    "stageplein.students.migrations.0002_hour_norms",
]


def ensure_reference_data() -> None:
    # By name, like the loaders above: core imports no other app (docs/architecture.md).
    PostcodeArea = apps.get_model("geo", "PostcodeArea")
    for path in LOADERS:
        module = importlib.import_module(path)
        if path.startswith("stageplein.geo") and PostcodeArea.objects.exists():
            continue
        module.load(apps, None)
