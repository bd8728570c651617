from django.db import migrations

# R-HOURS-1: during the pilots everyone did 72 hours; from 2011 the norm depends on the level.
NORMS = [
    ("vwo", 2008, 72),
    ("havo", 2008, 72),
    ("vmbo", 2008, 72),
    ("pro", 2008, 72),
    ("vwo", 2011, 72),
    ("havo", 2011, 60),
    ("vmbo", 2011, 48),
    ("pro", 2011, 48),
]


def load(apps, schema_editor):
    HourNorm = apps.get_model("students", "HourNorm")
    for level, from_cohort, hours in NORMS:
        HourNorm.objects.update_or_create(
            level=level, from_cohort=from_cohort, defaults={"hours": hours}
        )


class Migration(migrations.Migration):
    dependencies = [("students", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
