"""The SQL form of the eligibility rules admits exactly the people the Python check admits."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.people.models import DirectoryGroup, Person
from tandem.programs.eligibility import check_any_role, clean_rules
from tandem.programs.eligibility_query import eligibility_q, eligible_people_query
from tandem.programs.models import Program
from tests.factories import PersonFactory

TODAY = dt.date(2025, 6, 1)
# Spellings that differ only in case, padding or a letter casefold changes (ß → ss).
DEPARTMENTS = ["Engineering", "engineering ", "SALES", "Straße", "STRASSE", "", "Data"]
LOCATIONS = ["London", " london", "Lisbon", "", "İzmir", "Paris"]
GROUPS = ["Mentoring Pilot", "Leaders ", "Straße", "Data"]
NAMES = st.sampled_from(
    [
        *("engineering", "Sales", "strasse", "STRASSE", "data", "London", "lisbon", "izmir"),
        *("İzmir", "paris", "mentoring pilot", "LEADERS", "straße", "Nobody"),
    ]
)


@pytest.fixture
def population(db) -> list[Person]:
    rng = random.Random(11)
    people = [
        PersonFactory(
            department=rng.choice(DEPARTMENTS),
            location=rng.choice(LOCATIONS),
            job_level=rng.choice([None, 1, 2, 3, 4, 5, 6, 8]),
            hire_date=rng.choice([None, TODAY - dt.timedelta(days=rng.randint(0, 400))]),
            status=rng.choice(["active", "active", "active", "leave", "terminated"]),
        )
        for _ in range(60)
    ]
    for name in GROUPS:
        DirectoryGroup.objects.create(display_name=name).members.add(*rng.sample(people, 12))
    return list(Person.objects.prefetch_related("directory_groups"))


def _rules(ids: list[int]) -> st.SearchStrategy[dict]:
    levels = st.fixed_dictionaries(
        {}, optional={"min": st.integers(1, 8), "max": st.integers(1, 8)}
    ).filter(lambda d: d.get("min", 0) <= d.get("max", 20))
    section = st.fixed_dictionaries(
        {},
        optional={
            "departments": st.lists(NAMES, max_size=3),
            "locations": st.lists(NAMES, max_size=2),
            "groups": st.lists(NAMES, max_size=2),
            "levels": levels,
            "hired_within_days": st.integers(1, 400),
            "include": st.lists(st.sampled_from(ids), max_size=4),
            "exclude": st.lists(st.sampled_from(ids), max_size=4),
        },
    )
    return st.builds(
        lambda base, mentor, mentee: {
            **base,
            **({"mentor": mentor} if mentor else {}),
            **({"mentee": mentee} if mentee else {}),
        },
        section,
        section,
        section,
    )


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), roles=st.sampled_from([("mentee", "mentor"), ("peer",), ()]))
def test_the_query_admits_the_same_people_as_the_python_check(population, data, roles):
    rules = clean_rules(data.draw(_rules([p.pk for p in population])))
    expected = {p.pk for p in population if check_any_role(p, rules, TODAY, roles).eligible}
    query = Person.objects.filter(eligibility_q(rules, TODAY, roles))
    assert set(query.values_list("pk", flat=True)) == expected


def test_counting_the_audience_takes_a_fixed_number_of_queries(population):
    program = Program.objects.create(
        name="Pilot",
        eligibility=clean_rules(
            {"departments": ["engineering"], "locations": ["london"], "groups": ["leaders"]}
        ),
    )
    with CaptureQueriesContext(connection) as queries:
        count = eligible_people_query(program, TODAY).count()
    assert len(queries.captured_queries) == 4  # departments, locations, groups, the count
    assert count == sum(
        check_any_role(p, program.eligibility, TODAY, ("mentee", "mentor")).eligible
        for p in population
    )
