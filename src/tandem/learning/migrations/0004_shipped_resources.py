"""Install the 30 shipped library resources (skills matched by taxonomy name)."""

from django.db import migrations


def install_resources(apps, schema_editor):
    from tandem.learning.shipped.resources import RESOURCES

    Resource = apps.get_model("learning", "Resource")
    Skill = apps.get_model("people", "Skill")
    skills = {s.name: s for s in Skill.objects.all()}
    for data in RESOURCES:
        if Resource.objects.filter(key=data["key"]).exists():
            continue
        fields = {k: v for k, v in data.items() if k != "skills"}
        resource = Resource.objects.create(**fields)
        resource.skills.set([skills[n] for n in data["skills"] if n in skills])


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_resources"),
        ("people", "0002_load_skill_taxonomy"),
    ]

    operations = [migrations.RunPython(install_resources, migrations.RunPython.noop)]
