"""The shipped skill taxonomy: loaded by migrations, aliases resolve, loading is idempotent."""

from __future__ import annotations

import pytest

from tandem.people.models import Skill, SkillAlias
from tandem.people.selectors import resolve_skill_names
from tandem.people.taxonomy import load_skill_taxonomy, read_skill_taxonomy

pytestmark = pytest.mark.django_db


def test_the_shipped_taxonomy_has_about_150_skills_across_many_categories():
    taxonomy = read_skill_taxonomy()
    assert len(taxonomy) >= 150
    categories = {item.category for item in taxonomy}
    assert {"Leadership & Management", "Communication", "Career", "Data & Analytics",
            "Security", "Product", "Design", "Finance", "Sales", "HR & People",
            "Operations", "Diversity Equity & Inclusion", "Wellbeing"} <= categories  # fmt: skip
    assert all(item.category for item in taxonomy)


def test_no_alias_is_used_twice_or_shadows_a_skill_name():
    taxonomy = read_skill_taxonomy()
    names = [item.name.lower() for item in taxonomy]
    aliases = [alias.lower() for item in taxonomy for alias in item.aliases]
    assert len(set(names)) == len(names)
    assert len(set(aliases)) == len(aliases)
    assert not set(names) & set(aliases)


def test_migrations_load_the_taxonomy_into_every_install():
    assert Skill.objects.count() >= 150
    sql = Skill.objects.get(name="SQL")
    assert sql.category == "Software Engineering"
    assert {"Postgres", "MySQL"} <= set(sql.aliases.values_list("alias", flat=True))


def test_aliases_resolve_to_their_skill_whatever_the_case():
    skills, unknown = resolve_skill_names(
        ["postgres", "K8s", "DEI", "Presenting", "Basket weaving"]
    )
    assert {k: s.name for k, s in skills.items()} == {
        "postgres": "SQL",
        "K8s": "Kubernetes",
        "DEI": "Diversity, Equity & Inclusion",
        "Presenting": "Public Speaking",
    }
    assert unknown == ["Basket weaving"]


def test_loading_again_changes_nothing():
    skills, aliases = Skill.objects.count(), SkillAlias.objects.count()
    result = load_skill_taxonomy()
    assert (result.skills_created, result.aliases_created, result.categories_filled) == (0, 0, 0)
    assert (Skill.objects.count(), SkillAlias.objects.count()) == (skills, aliases)


def test_loading_restores_missing_skills_but_keeps_an_admins_changes():
    Skill.objects.filter(name="Kubernetes").delete()
    Skill.objects.filter(name="SQL").update(category="Data")
    Skill.objects.filter(name="Python").update(category="")
    result = load_skill_taxonomy()
    assert result.skills_created == 1
    assert result.categories_filled == 1
    assert SkillAlias.objects.get(alias="K8s").skill.name == "Kubernetes"
    assert Skill.objects.get(name="SQL").category == "Data"
    assert Skill.objects.get(name="Python").category == "Software Engineering"
