"""The school holidays of school year 2026-2027 per holiday region, as the Ministry published
them (recommended dates; check them against rijksoverheid.nl and correct them in the admin).
Later years are entered by the national admin (docs/planning.md)."""

import datetime

from django.db import migrations

D = datetime.date
HOLIDAYS_2026 = {
    "north": {
        "autumn": (D(2026, 10, 17), D(2026, 10, 25)),
        "christmas": (D(2026, 12, 19), D(2027, 1, 3)),
        "spring": (D(2027, 2, 20), D(2027, 2, 28)),
        "may": (D(2027, 4, 24), D(2027, 5, 2)),
        "summer": (D(2027, 7, 17), D(2027, 8, 29)),
    },
    "middle": {
        "autumn": (D(2026, 10, 17), D(2026, 10, 25)),
        "christmas": (D(2026, 12, 19), D(2027, 1, 3)),
        "spring": (D(2027, 2, 13), D(2027, 2, 21)),
        "may": (D(2027, 4, 24), D(2027, 5, 2)),
        "summer": (D(2027, 7, 10), D(2027, 8, 22)),
    },
    "south": {
        "autumn": (D(2026, 10, 10), D(2026, 10, 18)),
        "christmas": (D(2026, 12, 19), D(2027, 1, 3)),
        "spring": (D(2027, 2, 6), D(2027, 2, 14)),
        "may": (D(2027, 4, 24), D(2027, 5, 2)),
        "summer": (D(2027, 7, 24), D(2027, 9, 5)),
    },
}


def seed(apps, schema_editor):
    SchoolHoliday = apps.get_model("planning", "SchoolHoliday")
    for region, kinds in HOLIDAYS_2026.items():
        for kind, (starts_on, ends_on) in kinds.items():
            SchoolHoliday.objects.get_or_create(
                holiday_region=region,
                school_year=2026,
                kind=kind,
                defaults={"starts_on": starts_on, "ends_on": ends_on},
            )


def unseed(apps, schema_editor):
    apps.get_model("planning", "SchoolHoliday").objects.filter(school_year=2026).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0002_school_holidays")]

    operations = [migrations.RunPython(seed, unseed)]
