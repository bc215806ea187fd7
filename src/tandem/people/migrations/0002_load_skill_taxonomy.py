"""Load the shipped skill taxonomy (data/skills.csv) so every install starts with it."""

from django.db import migrations


def load_taxonomy(apps, schema_editor):
    from tandem.people.taxonomy import read_skill_taxonomy, upsert_skill_taxonomy

    upsert_skill_taxonomy(
        apps.get_model("people", "Skill"),
        apps.get_model("people", "SkillAlias"),
        read_skill_taxonomy(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        # Reversing keeps the skills: profiles may already point at them.
        migrations.RunPython(load_taxonomy, migrations.RunPython.noop),
    ]
