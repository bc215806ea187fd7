"""Install the 30 shipped library resources (skills matched by taxonomy name)."""

from django.db import migrations


def install_resources(apps, schema_editor):
    from tandem.learning.shipped.install import install_resources as install

    install(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_resources"),
        ("people", "0002_load_skill_taxonomy"),
    ]

    operations = [migrations.RunPython(install_resources, migrations.RunPython.noop)]
