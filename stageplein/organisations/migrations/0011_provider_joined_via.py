"""How an organisation joined (issue 15). Existing organisations with a sign-up joined by it;
the internships migration after this one marks those a student's own placement brought in."""

from django.db import migrations, models


def from_signups(apps, schema_editor):
    Provider = apps.get_model("organisations", "Provider")
    ProviderSignup = apps.get_model("organisations", "ProviderSignup")
    Provider.objects.filter(
        pk__in=ProviderSignup.objects.values("provider_id")
    ).update(joined_via="signup")


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0010_own_placement_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="provider",
            name="joined_via",
            field=models.CharField(
                choices=[
                    ("added", "added by a broker or the administrator"),
                    ("signup", "its own sign-up"),
                    ("own_placement", "a student's own placement"),
                ],
                default="added",
                max_length=20,
                verbose_name="joined via",
            ),
        ),
        migrations.RunPython(from_signups, migrations.RunPython.noop),
    ]
