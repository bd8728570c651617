from django.db import migrations

from stageplein.placements.default_rules import load


def forwards(apps, schema_editor):
    load(apps.get_model("placements", "TaskRule"), apps.get_model("organisations", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("placements", "0001_initial"), ("organisations", "0002_sectors")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
