"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

import factory

from tandem.accounts.models import User
from tandem.people.models import Person, Profile, Skill

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]  # noqa: N805
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    employee_id = factory.Sequence(lambda n: f"E{n:06d}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    title = factory.Faker("job")
    department = "Engineering"
    location = "London"
    time_zone = "Europe/London"
    job_level = 3
    languages = factory.LazyFunction(lambda: ["English"])


class EmployeeFactory(PersonFactory):
    """A person with a login."""

    user = factory.SubFactory(UserFactory, email=factory.SelfAttribute("..email"))


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Skill {n}")
    category = "General"


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    person = factory.SubFactory(PersonFactory)
    bio = "I like helping people grow."
    career_goals = "Become a better leader."
