"""The fairness table's self-declared demographic groupings: aggregates only, groups under 5
hidden with the next-smallest, people who did not answer left out, nothing per person."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.matchmaking import translate
from tandem.people.models import PersonDemographics
from tests.factories import PASSWORD
from tests.matchmaking.conftest import make_cohort


def _outcome(gender: str | None, matched: bool) -> translate.Outcome:
    return translate.Outcome(
        "A", 3, "X", matched, 0.7 if matched else None, demographics={"gender": gender}
    )


def test_demographic_groups_under_five_hide_the_next_smallest_and_leave_the_gaps():
    outcomes = (
        [_outcome("woman", True)] * 8
        + [_outcome("man", True)] * 4
        + [_outcome("man", False)] * 4
        + [_outcome("non_binary", True)] * 2
        + [_outcome("another", False)] * 6
        + [_outcome(None, False)] * 9
    )
    report = translate.fairness_of(outcomes)["gender"]
    groups = {g["label"]: g for g in report["groups"]}
    assert set(groups) == {"Woman", "Man", "Non-binary", "Another gender identity"}
    assert groups["Non-binary"]["suppressed"] and groups["Non-binary"]["size"] is None
    # the next-smallest (6) is hidden too, so the 2 cannot be found by subtraction
    assert groups["Another gender identity"]["suppressed"]
    assert groups["Another gender identity"]["match_rate"] is None
    assert (groups["Woman"]["size"], groups["Woman"]["match_rate"]) == (8, 1.0)
    assert groups["Man"]["match_rate"] == 0.5
    assert report["match_rate_gap"] == 0.5  # between the shown groups only
    assert report["suppressed"] == 2


def test_a_runs_fairness_report_gains_the_self_declared_groupings(run_now, db):
    c = make_cohort(mentors=3, mentees=12, capacity=4)
    for i, participant in enumerate(c.mentees):
        gender = "woman" if i < 6 else "man" if i < 11 else "non_binary"
        PersonDemographics.objects.create(person=participant.person, gender=gender)
    run = run_now(c.program, c.manager.user)
    fairness = run.fairness
    groups = {g["label"]: g for g in fairness["gender"]["groups"]}
    assert groups["Woman"]["size"] == 6
    assert groups["Non-binary"]["suppressed"]  # 1 person
    assert groups["Man"]["suppressed"] and groups["Man"]["size"] is None  # the next-smallest
    assert fairness["ethnicity"]["groups"] == []  # nobody answered
    client = Client()
    client.login(email=c.manager.email, password=PASSWORD)
    html = client.get(f"/matchmaking/runs/{run.pk}/").content.decode()
    assert "By gender (self-declared)" in html
    assert "Non-binary" in html  # named as not shown, with no figures
    for participant in c.mentees:
        assert participant.person.full_name not in html.split('id="fairness"')[1]


@pytest.mark.parametrize("who", ["mentee", "employee"])
def test_the_demographic_fairness_is_only_on_the_managers_review(run_now, db, who):
    c = make_cohort(mentors=2, mentees=5)
    for participant in c.mentees:
        PersonDemographics.objects.create(person=participant.person, gender="woman")
    run = run_now(c.program, c.manager.user)
    person = c.mentees[0].person if who == "mentee" else make_cohort(mentors=1, mentees=1).manager
    client = Client()
    client.login(email=person.email, password=PASSWORD)
    assert client.get(f"/matchmaking/runs/{run.pk}/").status_code in {403, 404}
    r = client.get(f"/api/v1/match-runs/{run.pk}")
    assert r.status_code in {401, 403, 404}
