"""An organisation that an approved own placement described by name (rather than chose from
the platform) was created by that approval: it joined through the own placement (issue 15)."""

from django.db import migrations


def from_own_placements(apps, schema_editor):
    Provider = apps.get_model("organisations", "Provider")
    OwnPlacement = apps.get_model("internships", "OwnPlacement")
    created = OwnPlacement.objects.filter(provider__isnull=False).exclude(organisation_name="")
    Provider.objects.filter(pk__in=created.values("provider_id")).update(
        joined_via="own_placement"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("internships", "0005_own_placement_rules"),
        ("organisations", "0011_provider_joined_via"),
    ]

    operations = [
        migrations.RunPython(from_own_placements, migrations.RunPython.noop),
    ]
