"""Install the shipped modules and resources when missing (idempotent, by ``key``).

Written against an app registry so that the data migrations (historical models) and the demo
(``django.apps.apps``, after a database flush has emptied the tables) share one definition.
"""

from __future__ import annotations

from typing import Any


def install_modules(apps: Any) -> None:
    from . import MODULES

    module_model = apps.get_model("learning", "TrainingModule")
    section_model = apps.get_model("learning", "TrainingSection")
    for data in MODULES:
        if module_model.objects.filter(key=data["key"]).exists():
            continue
        module = module_model.objects.create(
            key=data["key"],
            title=data["title"],
            summary=data["summary"],
            audience=data["audience"],
            minutes=data["minutes"],
            quiz=data["quiz"],
            published=True,
        )
        for i, section in enumerate(data["sections"]):
            section_model.objects.create(module=module, position=i, **section)


def install_resources(apps: Any) -> None:
    from .resources import RESOURCES

    resource_model = apps.get_model("learning", "Resource")
    skills = {s.name: s for s in apps.get_model("people", "Skill").objects.all()}
    for data in RESOURCES:
        if resource_model.objects.filter(key=data["key"]).exists():
            continue
        fields = {k: v for k, v in data.items() if k != "skills"}
        resource = resource_model.objects.create(**fields)
        resource.skills.set([skills[n] for n in data["skills"] if n in skills])
