"""Install the six shipped modules and turn programs' old ``required_training`` string lists
into ``{mentor: [module id], mentee: [module id]}``.

An old string that names a module (case-insensitive title) becomes that module; one that
names none becomes an unpublished module of that title, kept for an admin to write, and
is required of both roles as before.
"""

from django.db import migrations

AUDIENCE_ROLES = {"mentors": ["mentor"], "mentees": ["mentee"], "everyone": ["mentor", "mentee"]}


def install_modules(apps, schema_editor):
    from tandem.learning.shipped.install import install_modules as install

    install(apps)


def convert_required_training(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Module = apps.get_model("learning", "TrainingModule")
    by_title = {m.title.lower(): m for m in Module.objects.all()}
    for program in Program.objects.all():
        old = program.required_training
        if isinstance(old, dict):
            continue
        required = {"mentor": [], "mentee": []}
        for name in old or []:
            name = str(name).strip()
            if not name:
                continue
            module = by_title.get(name.lower())
            if module is None:
                module = Module.objects.create(title=name[:200], audience="everyone", published=False)
                by_title[name.lower()] = module
            for role in AUDIENCE_ROLES[module.audience]:
                if module.pk not in required[role]:
                    required[role].append(module.pk)
        program.required_training = required
        program.save(update_fields=["required_training"])


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
        ("programs", "0003_required_training_modules"),
    ]

    operations = [
        migrations.RunPython(install_modules, migrations.RunPython.noop),
        migrations.RunPython(convert_required_training, migrations.RunPython.noop),
    ]
