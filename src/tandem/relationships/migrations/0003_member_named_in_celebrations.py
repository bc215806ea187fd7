from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0002_goals_meetings_notes_pulses"),
    ]

    operations = [
        migrations.AddField(
            model_name="relationshipmember",
            name="named_in_celebrations_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When this member agreed to be named in the relationship's "
                "celebrations (empty: not agreed, or withdrawn).",
                null=True,
            ),
        ),
    ]
