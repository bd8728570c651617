from django.db import migrations

# R-PLACE-2: the sectors the pilots used; regions can add more as data.
SECTORS = [
    ("zorg", "Zorg en welzijn", "Care and welfare"),
    ("sport", "Sport", "Sport"),
    ("cultuur", "Cultuur", "Culture"),
    ("natuur", "Natuur en milieu", "Nature and environment"),
    ("onderwijs", "Onderwijs en bijles", "Education and tutoring"),
    ("buurt", "Wijk en buurt", "Neighbourhood"),
    ("dieren", "Dieren", "Animals"),
    ("evenementen", "Evenementen", "Events"),
    ("levensbeschouwing", "Kerk en levensbeschouwing", "Church and faith"),
    ("internationaal", "Internationale samenwerking", "International cooperation"),
]


def load(apps, schema_editor):
    Sector = apps.get_model("organisations", "Sector")
    for order, (code, nl, en) in enumerate(SECTORS):
        Sector.objects.update_or_create(
            code=code, defaults={"name_nl": nl, "name_en": en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
