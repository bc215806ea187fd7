"""The skill taxonomy every install starts with: ``data/skills.csv`` (name, category, aliases).

``load_skill_taxonomy()`` is an idempotent upsert: it adds missing skills and aliases and
fills a blank category, but never renames, re-categorises or deletes what an admin changed.
The data migration ``0002_load_skill_taxonomy`` calls ``upsert_skill_taxonomy`` with the
historical models.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction

TAXONOMY_FILE = "skills.csv"


@dataclass(frozen=True)
class TaxonomySkill:
    name: str
    category: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class TaxonomyLoad:
    skills_created: int
    aliases_created: int
    categories_filled: int


def read_skill_taxonomy() -> list[TaxonomySkill]:
    """The shipped taxonomy, read from the package data (works from a wheel too)."""
    text = resources.files("tandem.people").joinpath("data", TAXONOMY_FILE).read_text("utf-8")
    return [
        TaxonomySkill(
            name=row["name"].strip(),
            category=row["category"].strip(),
            aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
        )
        for row in csv.DictReader(io.StringIO(text))
        if row["name"].strip()
    ]


def upsert_skill_taxonomy(
    skill_model: Any, alias_model: Any, taxonomy: list[TaxonomySkill]
) -> TaxonomyLoad:
    """Add what is missing (in 3 queries and 2 bulk inserts); safe to run again."""
    existing = {s.name.lower(): s for s in skill_model.objects.all()}
    new = [
        skill_model(name=item.name, category=item.category)
        for item in taxonomy
        if item.name.lower() not in existing
    ]
    skill_model.objects.bulk_create(new)
    blank = []
    for item in taxonomy:
        skill = existing.get(item.name.lower())
        if skill is not None and not skill.category and item.category:
            skill.category = item.category
            blank.append(skill)
    skill_model.objects.bulk_update(blank, ["category"])
    by_name = {s.name.lower(): s for s in skill_model.objects.all()}
    taken = {a.lower() for a in alias_model.objects.values_list("alias", flat=True)}
    taken |= set(by_name)  # an alias never shadows a skill's own name
    aliases = []
    for item in taxonomy:
        for alias in item.aliases:
            if alias.lower() not in taken:
                taken.add(alias.lower())
                aliases.append(alias_model(skill=by_name[item.name.lower()], alias=alias))
    alias_model.objects.bulk_create(aliases)
    return TaxonomyLoad(len(new), len(aliases), len(blank))


@transaction.atomic
def load_skill_taxonomy() -> TaxonomyLoad:
    """Load the shipped taxonomy into this install (idempotent)."""
    from .models import Skill, SkillAlias

    return upsert_skill_taxonomy(Skill, SkillAlias, read_skill_taxonomy())
