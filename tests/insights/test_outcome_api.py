"""The outcome endpoint and page on generated people: an interval from statsmodels, or words."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.test import Client
from statsmodels.stats.proportion import confint_proportions_2indep

from tandem.people.models import HREvent, Person
from tandem.programs.models import Participant
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.relationships.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def _org(n, effect=0.15, seed=1):
    rng = random.Random(seed)
    program = ProgramFactory(starts_on=dt.date(2023, 6, 1), ends_on=dt.date(2023, 12, 1))
    manager = EmployeeFactory()
    program.managers.add(manager)
    people = [
        Person(
            employee_id=f"G{i}",
            email=f"g{i}@example.test",
            full_name=f"Person {i}",
            department=rng.choice(["Sales", "Ops"]),
            location="Leeds",
            job_level=rng.choice([2, 3]),
            hire_date=dt.date(2020, 1, 1),
        )
        for i in range(n)
    ]
    Person.objects.bulk_create(people)
    people = list(Person.objects.filter(employee_id__startswith="G"))
    events, parts = [], []
    for p in people:
        treated = rng.random() < 0.4
        if treated:
            parts.append(Participant(program=program, person=p, role="mentee", status="matched"))
        if rng.random() < 0.3 - (effect if treated else 0):
            events.append(
                HREvent(
                    person=p,
                    kind="termination",
                    date=dt.date(2023, 6, 1) + dt.timedelta(days=rng.randint(5, 300)),
                )
            )
    Participant.objects.bulk_create(parts)
    HREvent.objects.bulk_create(events)
    return program, manager


def test_the_outcome_endpoint_gives_the_newcombe_interval_of_retention(frozen):
    program, manager = _org(600)
    api = ApiClient(manager.user)
    body = api.get(
        f"/api/v1/insights/outcomes?program_id={program.pk}&outcome=retention&months=12"
    ).json()
    assert body.get("enough_data") is True, body
    p, c = body["participants"], body["comparison"]
    low, high = confint_proportions_2indep(
        p["events"], p["n"], c["events"], c["n"], method="newcomb", compare="diff"
    )
    assert (body["ci_low"], body["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert body["difference"] > 0 and body["ci_low"] > 0
    assert {b["covariate"] for b in body["balance"]} == {
        "department",
        "level",
        "tenure_band",
        "location",
    }
    assert body["curves"]["participants"]


def test_too_few_people_are_answered_in_words(frozen):
    program, manager = _org(40)
    body = ApiClient(manager.user).get(f"/api/v1/insights/outcomes?program_id={program.pk}").json()
    assert body["enough_data"] is False and body["difference"] is None
    assert body["message"].startswith("Not enough data")


def test_the_outcome_page_explains_the_method_and_shows_the_balance_table(frozen):
    program, manager = _org(600)
    web = Client()
    web.force_login(manager.user)
    page = web.get(f"/insights/programs/{program.pk}/outcomes/?months=12").content.decode()
    assert 'id="balance"' in page and "What it cannot prove" in page and "95 % interval" in page


@pytest.mark.parametrize("who", ["employee", "anonymous"])
def test_who_may_not_see_outcomes(frozen, who):
    program, _ = _org(10)
    api = ApiClient(EmployeeFactory().user) if who == "employee" else ApiClient()
    assert api.get(f"/api/v1/insights/outcomes?program_id={program.pk}").status_code in {
        401,
        403,
        404,
    }


def test_a_horizon_other_than_6_12_or_24_months_is_refused(frozen):
    program, manager = _org(10)
    r = ApiClient(manager.user).get(f"/api/v1/insights/outcomes?program_id={program.pk}&months=7")
    assert r.status_code == 422 and "months" in str(r.json())
