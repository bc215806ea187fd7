from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_import_uploads"),
    ]

    operations = [
        migrations.AddField(
            model_name="persondemographics",
            name="consented_at",
            field=models.DateTimeField(
                blank=True, help_text="When the person agreed to record these answers.", null=True
            ),
        ),
        migrations.AddField(
            model_name="persondemographics",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
    ]
