"""The fixed closure form's table goes: its rows are responses of each program's closure
survey of the builder (``surveys.0002`` and ``surveys.0003``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("relationships", "0003_member_named_in_celebrations"),
        ("surveys", "0003_closure_rows_since_0002"),
    ]

    operations = [migrations.DeleteModel(name="ClosureSurvey")]
