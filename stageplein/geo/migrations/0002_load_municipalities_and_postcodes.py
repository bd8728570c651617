"""Load the 342 municipalities (CBS 2025) and 4,086 PC4 areas (GeoNames), CC BY 4.0.

A migration rather than a command: every database, including the test database, needs them,
and they change once a year (municipal mergers on 1 January) by a new migration.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Municipality = apps.get_model("geo", "Municipality")
    PostcodeArea = apps.get_model("geo", "PostcodeArea")
    with open(DATA / "gemeenten_nl_2025.csv", encoding="utf-8") as fh:
        Municipality.objects.bulk_create(
            Municipality(
                cbs_code=row["cbs_code"],
                name=row["naam"],
                province=row["provincie"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
            for row in csv.DictReader(fh)
        )
    with open(DATA / "pc4_centroids_nl.csv", encoding="utf-8") as fh:
        PostcodeArea.objects.bulk_create(
            (
                PostcodeArea(
                    pc4=row["pc4"],
                    place=row["place"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    municipality_id=row["gemeente_code"],
                )
                for row in csv.DictReader(fh)
            ),
            batch_size=1000,
        )


def unload(apps, schema_editor):
    apps.get_model("geo", "PostcodeArea").objects.all().delete()
    apps.get_model("geo", "Municipality").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
