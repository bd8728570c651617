"""One lower-case search column per placement, filled for existing rows; on PostgreSQL a
trigram index makes ``LIKE '%word%'`` on it an index search (pg_trgm is a trusted extension,
so the database owner may create it). SQLite, the zero-setup default, scans: it holds one
region at most."""

from django.db import migrations, models

TRIGRAM_INDEX = "placement_search_text_trgm"


def fill(apps, schema_editor):
    Placement = apps.get_model("placements", "Placement")
    rows = Placement.objects.select_related("provider", "postcode", "sector")
    for placement in rows.iterator():
        parts = [
            placement.title,
            placement.tasks,
            placement.provider.name,
            placement.postcode.place,
            placement.sector.name_nl,
        ]
        text = " ".join(" ".join(p.split()) for p in parts if p).lower()
        Placement.objects.filter(pk=placement.pk).update(search_text=text)


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON placements_placement "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("placements", "0002_default_task_rules")]

    operations = [
        migrations.AddField(
            model_name="placement",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
