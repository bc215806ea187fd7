"""Results: figures from statsmodels, nothing below the smallest group, who may read them."""

from __future__ import annotations

import pytest
from statsmodels.stats.weightstats import DescrStatsW

from tandem.core.smallgroups import hidden_groups
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.surveys.conftest import answers_for, make_cohort, open_survey

pytestmark = pytest.mark.django_db


def _answer(cohort, person, survey, **kw):
    r = cohort.client(person).post(
        f"/api/v1/surveys/{survey.pk}/responses", {"answers": answers_for(survey, **kw)}
    )
    assert r.status_code == 201, r.json()


def _results(cohort, survey, by=""):
    return cohort.client(cohort.manager).get(f"/api/v1/surveys/{survey.pk}/results?by={by}").json()


def test_an_anonymous_surveys_results_appear_only_at_the_fifth_response(cohort):
    survey = open_survey(cohort, anonymous=True)
    for i, person in enumerate(cohort.mentees[:4]):
        _answer(cohort, person, survey, text=f"note {i}")
        body = _results(cohort, survey)
        assert body["suppressed"] is True and body["questions"] == []
        assert body["responses"] == i + 1
    _answer(cohort, cohort.mentees[4], survey, text="note 4")
    body = _results(cohort, survey)
    assert body["suppressed"] is False and body["responses"] == 5
    assert body["questions"][4]["texts"] == [f"note {i}" for i in range(5)]


def test_free_text_is_hidden_while_fewer_people_than_the_threshold_wrote_one(cohort):
    survey = open_survey(cohort, anonymous=True)
    for i, person in enumerate(cohort.mentees[:5]):
        _answer(cohort, person, survey, text="only me" if i == 0 else "")
    text = _results(cohort, survey)["questions"][4]
    assert text["n"] == 1 and text["texts"] == []


def test_means_nps_and_their_intervals_equal_statsmodels(cohort):
    survey = open_survey(cohort)
    likerts, scores = [5, 4, 4, 3, 5, 2], [10, 9, 7, 3, 9, 6]
    for person, likert, nps in zip(cohort.mentees, likerts, scores, strict=True):
        _answer(cohort, person, survey, likert=likert, nps=nps)
    body = _results(cohort, survey)
    likert = body["questions"][0]
    low, high = DescrStatsW(likerts).tconfint_mean()
    assert likert["mean"] == pytest.approx(sum(likerts) / 6)
    assert (likert["ci_low"], likert["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert likert["distribution"] == {"1": 0, "2": 1, "3": 1, "4": 2, "5": 2}
    nps = body["questions"][1]["nps"]
    promoters, detractors = 3 / 6, 2 / 6
    assert nps["score"] == pytest.approx(100 * (promoters - detractors))
    coded = [1, 1, 0, -1, 1, -1]
    low, high = DescrStatsW(coded).tconfint_mean()
    assert (nps["ci_low"], nps["ci_high"]) == (pytest.approx(100 * low), pytest.approx(100 * high))
    assert body["response_rate"] == pytest.approx(6 / 8)


def test_a_small_role_group_hides_the_next_smallest_too(db, frozen):
    cohort = make_cohort(mentees=6, mentors=2)
    survey = open_survey(cohort, anonymous=True)
    for person in cohort.mentees + cohort.mentors:
        _answer(cohort, person, survey)
    body = _results(cohort, survey, by="role")
    groups = {g["group"]: g for g in body["groups"]}
    assert groups["mentor"]["suppressed"] and groups["mentor"]["responses"] is None
    assert groups["mentee"]["suppressed"], "the total minus mentees would give the mentors"


def test_the_small_group_rule_hides_until_the_hidden_ones_reach_the_threshold():
    assert hidden_groups({"a": 10, "b": 8}, 5) == set()
    assert hidden_groups({"a": 10, "b": 8, "c": 2}, 5) == {"b", "c"}
    assert hidden_groups({"a": 10, "b": 8, "c": 2, "d": 1}, 5) == {"b", "c", "d"}
    assert hidden_groups({"a": 10, "b": 3, "c": 3}, 5) == {"b", "c"}
    assert hidden_groups({"a": 10, "b": 0}, 5) == set()


def test_leaders_and_admins_read_results_but_not_answers(cohort, api_leader, api_admin):
    survey = open_survey(cohort)
    for person in cohort.mentees[:5]:
        _answer(cohort, person, survey)
    for api in (api_leader, api_admin):
        body = api.get(f"/api/v1/surveys/{survey.pk}/results").json()
        assert body["responses"] == 5
        names = [p.full_name for p in cohort.mentees]
        assert not any(name in str(body) for name in names)
        assert "person_id" not in str(body)


@pytest.mark.parametrize("who", ["employee", "mentee", "manager of another program", "anonymous"])
def test_who_may_not_read_results(cohort, who):
    survey = open_survey(cohort)
    clients = {
        "employee": ApiClient(EmployeeFactory().user),
        "mentee": cohort.client(cohort.mentees[0]),
        "manager of another program": ApiClient(make_cohort(1, 1).manager.user),
        "anonymous": ApiClient(),
    }
    r = clients[who].get(f"/api/v1/surveys/{survey.pk}/results")
    assert r.status_code in {401, 403, 404}
