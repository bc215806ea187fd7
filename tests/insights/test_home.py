"""Home pages by role: a leader's (or admin's) home is the organisation dashboard, a program
manager's home lists their programs at a glance, an employee sees neither; the at-risk
count is one definition everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tandem.engagement import risk
from tandem.insights.kpis import program_kpis
from tandem.matchmaking.models import MatchRun
from tandem.surveys import services as survey_services
from tandem.surveys.responding import submit_response
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.relationships.conftest import make_pair
from tests.relationships.factories import ParticipantFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _home(user) -> tuple[str, dict[str, str]]:
    web = Client()
    web.force_login(user)
    response = web.get("/")
    assert response.status_code == 200
    return response.content.decode(), response.headers


def _at_risk_in_40_days(frozen):
    """No meeting held for 40 days: live health is at risk; the stored score is stale."""
    frozen.move_to(frozen.at + dt.timedelta(days=40))


def test_a_leaders_home_is_the_organisation_dashboard_with_charts_and_tables(pair, leader_person):
    page, headers = _home(leader_person.user)
    assert 'id="insights-home"' in page and "Your organisation at a glance" in page
    assert 'id="org-charts"' in page and 'data-chart="funnel"' in page
    assert 'data-chart="programs"' in page and "/insights/vendor/plotly.min.js" in page
    assert "<caption" in page and pair.program.name in page
    assert 'role="search"' not in page  # the filters stay on /insights/
    csp = headers["Content-Security-Policy"]
    assert "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_an_org_admins_home_shows_the_dashboard_too(pair, admin_person):
    page, _ = _home(admin_person.user)
    assert 'id="insights-home"' in page and 'data-chart="funnel"' in page


def test_the_leaders_home_shows_the_dashboards_numbers(pair, leader_person, frozen):
    _at_risk_in_40_days(frozen)
    page, _ = _home(leader_person.user)
    stats = page.split('id="insights-home"')[1].split("Enrolment funnel")[0]
    assert '<span class="stat-value">1</span><span class="stat-label">at risk</span>' in stats
    assert '<span class="stat-value">1</span><span class="stat-label">relationships started' in (
        stats
    )


def test_an_employee_sees_neither_the_dashboard_nor_the_programs_at_a_glance(pair):
    for person in (pair.mentee, pair.mentor, EmployeeFactory()):
        page, headers = _home(person.user)
        assert 'id="insights-home"' not in page and 'id="manager-home"' not in page
        assert "plotly.min.js" not in page
        assert "sha256-47DEQ" not in headers["Content-Security-Policy"]


@pytest.fixture
def waiting_work(pair, frozen):
    """An application waiting, a run to review, an open survey (returned) and, 40 days on,
    the pair at risk."""
    ParticipantFactory(program=pair.program, role="mentee", status="applied")
    MatchRun.objects.create(program=pair.program, status=MatchRun.Status.COMPLETED)
    survey = survey_services.create_survey(
        actor=pair.manager.user,
        program=pair.program,
        template_key="midpoint",
        trigger="fixed",
        status="open",
    )
    _at_risk_in_40_days(frozen)
    return survey


def test_a_program_manager_sees_their_programs_at_a_glance(pair, waiting_work):
    survey = waiting_work
    page, _ = _home(pair.manager.user)
    table = page.split('id="manager-home"')[1].split("</section>")[0]
    program = pair.program.pk
    assert f'href="/programs/{program}/participants/?status=applied">1<' in table
    assert f'href="/matchmaking/programs/{program}/">1<' in table
    assert f'href="/engagement/programs/{program}/at-risk/">1<' in table
    assert f'href="/surveys/{survey.pk}/results/">{survey.title}</a>: 0 of 2 (0 %)' in table
    assert 'id="insights-home"' not in page  # a manager is not a leader


def test_a_program_manager_sees_only_the_programs_they_manage(pair):
    other = ProgramFactory(name="Someone else's program")
    other.managers.add(EmployeeFactory())
    page, _ = _home(pair.manager.user)
    table = page.split('id="manager-home"')[1].split("</section>")[0]
    assert pair.program.name in table and "Someone else" not in table


def test_no_persons_answers_reach_the_home_page(pair, leader_person):
    survey = survey_services.create_survey(
        actor=pair.manager.user,
        program=pair.program,
        template_key="midpoint",
        trigger="fixed",
        status="open",
    )
    values = {"likert": 2, "nps": 3, "text": "A secret only the survey should hold"}
    answers = [
        {"question_id": q.pk, "value": values.get(q.kind, (q.options or [""])[0])}
        for q in survey.questions.all()
    ]
    assert any(q.kind == "text" for q in survey.questions.all())
    submit_response(survey=survey, actor=pair.mentee.user, answers=answers)
    for user in (pair.manager.user, leader_person.user):
        page, _ = _home(user)
        assert "A secret only the survey should hold" not in page
        assert pair.mentee.full_name not in page


def test_the_dashboard_and_the_at_risk_list_count_at_risk_the_same_way(pair, frozen):
    """Once the dashboard read the stored score (refreshed only by the nudge run) and counted
    paused relationships; the at-risk list scored today. Both now call ``live_bands``."""
    _at_risk_in_40_days(frozen)
    listed = risk.at_risk_list(pair.program, include_watch=False)
    assert pair.relationship.health == 55  # stored score stale (watch): no nudge run since
    assert len(listed) == 1
    assert program_kpis(pair.program)["at_risk"] == 1
    pair.relationship.status = "paused"
    pair.relationship.health = 5
    pair.relationship.save()
    assert risk.at_risk_list(pair.program, include_watch=False) == []
    assert program_kpis(pair.program)["at_risk"] == 0


def test_the_api_gives_a_program_manager_their_programs_at_a_glance(pair, waiting_work):
    survey = waiting_work
    ProgramFactory(name="Someone else's program").managers.add(EmployeeFactory())
    response = ApiClient(pair.manager.user).get("/api/v1/insights/my-programs")
    assert response.status_code == 200
    assert response.json() == [
        {
            "program_id": pair.program.pk,
            "program": pair.program.name,
            "status": pair.program.status,
            "applications_waiting": 1,
            "runs_to_review": 1,
            "at_risk": 1,
            "open_surveys": [
                {
                    "survey_id": survey.pk,
                    "title": survey.title,
                    "anonymous": survey.anonymous,
                    "invited": 2,
                    "answered": 0,
                    "rate": 0.0,
                }
            ],
        }
    ]


def test_a_leader_who_manages_nothing_gets_an_empty_list(pair, api_leader):
    response = api_leader.get("/api/v1/insights/my-programs")
    assert response.status_code == 200 and response.json() == []


@pytest.mark.parametrize("who", ["mentor", "mentee", "employee"])
def test_who_may_not_see_the_programs_at_a_glance_api(pair, who):
    person = EmployeeFactory() if who == "employee" else getattr(pair, who)
    response = ApiClient(person.user).get("/api/v1/insights/my-programs")
    assert response.status_code == 403
    assert "program managers" in response.json()["detail"]


def test_an_anonymous_caller_is_refused_the_programs_at_a_glance_api(pair):
    assert ApiClient().get("/api/v1/insights/my-programs").status_code == 401


def test_the_programs_at_a_glance_take_the_same_queries_for_more_programs(
    pair, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tandem.insights.manager_home import programs_at_a_glance

    with CaptureQueriesContext(connection) as one:
        assert len(programs_at_a_glance(pair.manager.pk)) == 1
    for _ in range(3):
        make_pair(program=ProgramFactory()).program.managers.add(pair.manager)
    with django_assert_max_num_queries(len(one)):
        assert len(programs_at_a_glance(pair.manager.pk)) == 4


def test_a_managers_open_survey_rate_is_shown_once_on_their_home(pair):
    survey = survey_services.create_survey(
        actor=pair.manager.user,
        program=pair.program,
        template_key="midpoint",
        trigger="fixed",
        status="open",
    )
    page, _ = _home(pair.manager.user)
    assert page.count(f'href="/surveys/{survey.pk}/results/"') == 1
    assert 'id="manager-home"' in page.split(f'href="/surveys/{survey.pk}/results/"')[0]


def test_an_admin_still_sees_the_response_rates_of_the_surveys_they_build(pair, admin_person):
    survey = survey_services.create_survey(
        actor=admin_person.user,
        program=pair.program,
        template_key="midpoint",
        trigger="fixed",
        status="open",
    )
    page, _ = _home(admin_person.user)
    assert f'href="/surveys/{survey.pk}/results/"' in page
