"""Insights and surveys in a real browser: the leader's dashboard with its charts, a program's
dashboard, an anonymous survey whose results appear only at the fifth response."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.accessibility import axe_violations

pytestmark = pytest.mark.e2e


def test_the_leaders_home_leads_to_a_dashboard_with_charts_and_tables(
    page, live_server, demo_org, login, screenshot
):
    login(page, live_server, "leader@demo.tandem.test")
    page.get_by_role("link", name="Open the dashboard →").click()
    expect(page.get_by_role("heading", name="Insights: the organisation")).to_be_visible()
    expect(page.locator('[data-chart="funnel"] .main-svg').first).to_be_visible()
    expect(page.locator('[data-chart="programs"] .main-svg').first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "insights-org")
    page.locator("main table a").first.click()
    expect(page.locator("#measures")).to_contain_text("Goal completion")
    expect(page.locator('[data-chart="health"] .main-svg').first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "insights-program")


def test_the_demos_completed_cycle_shows_the_leader_a_retention_interval_and_curves(
    page, live_server, demo_org, login, screenshot
):
    login(page, live_server, "leader@demo.tandem.test")
    page.get_by_role("link", name="Open the dashboard →").click()
    page.locator("main table").get_by_role("link", name=re.compile(r"cohort$")).click()
    page.get_by_role("link", name="Outcomes against a comparison group").click()
    expect(page.get_by_role("heading", name="Share still employed after 12 months")).to_be_visible()
    expect(page.locator("#result")).to_contain_text("percentage points (95 % interval")
    expect(page.locator("#balance")).to_contain_text("Tenure band")
    expect(page.locator('[data-chart="km"] .main-svg').first).to_be_visible()
    page.get_by_text("The curves' points as a table").click()
    expect(page.get_by_role("region", name="Kaplan–Meier points")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "outcomes-completed-cycle")


def test_an_anonymous_surveys_results_appear_only_at_the_fifth_response(
    page, live_server, transactional_db, login, screenshot
):
    from tandem.surveys import services
    from tests.factories import EmployeeFactory
    from tests.relationships.factories import ParticipantFactory, ProgramFactory

    program = ProgramFactory(name="Pilot cohort")
    manager = EmployeeFactory(email="pm@example.test")
    program.managers.add(manager)
    mentees = [
        ParticipantFactory(
            program=program, role="mentee", person__email=f"m{i}@example.test"
        ).person
        for i in range(5)
    ]
    for person in [manager, *mentees]:
        person.user.set_password("a-long-test-password")
        person.user.save()
    survey = services.create_survey(
        actor=manager.user, program=program, template_key="midpoint", trigger="fixed", status="open"
    )
    for i, person in enumerate(mentees):
        login(page, live_server, person.email, "a-long-test-password")
        page.goto(f"{live_server.url}/surveys/{survey.pk}/answer/")
        expect(
            page.get_by_text("Anonymous: your answers are stored without your name")
        ).to_be_visible()
        if i == 0:
            assert axe_violations(page) == []
        for q in page.locator("fieldset").all():
            q.locator("input").first.check()
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_text("Thank you — your answers are in.")).to_be_visible()
        page.context.clear_cookies()
        login(page, live_server, manager.email, "a-long-test-password")
        page.goto(f"{live_server.url}/surveys/{survey.pk}/results/")
        if i < 4:
            expect(page.locator("#suppressed")).to_be_visible()
        else:
            expect(page.locator("#suppressed")).to_have_count(0)
            expect(
                page.get_by_role(
                    "heading", name="The relationship is helping me make progress on my goals."
                )
            ).to_be_visible()
            assert axe_violations(page) == []
            screenshot(page, "survey-results-at-five")
        page.context.clear_cookies()
    login(page, live_server, manager.email, "a-long-test-password")
    page.goto(f"{live_server.url}/surveys/{survey.pk}/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/surveys/new/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/surveys/")
    assert axe_violations(page) == []


def test_the_closure_page_asks_the_programs_builder_survey_and_its_answer_reaches_results(
    page, live_server, transactional_db, login
):
    from tandem.relationships import services as relationship_services
    from tandem.surveys.models import Response, Survey
    from tests.relationships.conftest import make_pair

    pair = make_pair()
    relationship_services.end_relationship(
        relationship=pair.relationship, actor=pair.manager.user, status="completed"
    )
    pair.mentee.user.set_password("a-long-test-password")
    pair.mentee.user.save()
    login(page, live_server, pair.mentee.email, "a-long-test-password")
    page.goto(f"{live_server.url}/relationships/{pair.relationship.pk}/closure/")
    expect(page.get_by_role("heading", name="Closure survey")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("What did you achieve together?").fill("I led my first project review")
    page.get_by_role(
        "group", name="Overall, the mentoring relationship was worthwhile."
    ).get_by_text("5 · Strongly agree").click()
    page.get_by_role("group", name="Would you recommend mentoring to a colleague?").get_by_text(
        "Yes", exact=True
    ).click()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Thank you — your answers help the next cohort.")).to_be_visible()
    survey = Survey.objects.get(program=pair.program, template_key="closure")
    response = Response.objects.get(survey=survey)
    assert response.person == pair.mentee
    assert {a.question.text: a.number or a.text for a in response.answers.all()}[
        "Overall, the mentoring relationship was worthwhile."
    ] == 5
    page.goto(f"{live_server.url}/relationships/{pair.relationship.pk}/closure/")
    expect(page.get_by_text("Thank you — you answered on")).to_be_visible()
    assert axe_violations(page) == []
