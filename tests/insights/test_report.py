"""The printable program report: the dashboard's own figures, one section per page, the
small-group rule, filters, and who may open it."""

from __future__ import annotations

import pytest
from django.test import Client

from tandem.insights.kpis import Filters, program_kpis
from tandem.insights.report import program_report
from tandem.relationships.models import Meeting, Pulse
from tests.factories import EmployeeFactory
from tests.relationships.conftest import NOW, make_pair

pytestmark = pytest.mark.django_db

SECTIONS = [
    "funnel",
    "matching",
    "meetings",
    "goals",
    "training",
    "satisfaction",
    "health",
    "ended_early",
    "outcomes",
]


def web_client(user):
    web = Client()
    web.force_login(user)
    return web


def test_the_report_has_one_section_per_dashboard_block_in_page_order(pair):
    report = program_report(pair.program, None, "Europe/Paris")
    assert [s.key for s in report["sections"]] == SECTIONS
    assert report["title"] == f"Program report: {pair.program.name}"


def test_the_report_shows_the_dashboards_own_numbers(pair):
    kpis = program_kpis(pair.program)
    report = {s.key: s for s in program_report(pair.program, None, None)["sections"]}
    goals = kpis["goal_completion"]
    assert "67 % of 3 goals achieved" in report["goals"].summary
    low, high = round(100 * goals["ci_low"]), round(100 * goals["ci_high"])
    assert ["95 % interval (Wilson)", f"{low}–{high} %"] in report["goals"].rows
    assert report["goals"].chart.values == [2, 1]
    assert report["funnel"].rows == [[s.capitalize(), str(n)] for s, n in kpis["funnel"].items()]
    assert report["matching"].rows[2] == ["Match rate", "100 %"]


def test_the_outcome_section_says_in_words_when_there_is_not_enough_data(pair):
    outcome = program_report(pair.program, None, None)["sections"][-1]
    assert outcome.title == "Outcomes: retention after 12 months"
    assert "not enough" in outcome.summary.lower() or "too few" in outcome.summary.lower()
    assert "%" not in outcome.summary


def test_satisfaction_below_five_ratings_stays_hidden_in_the_report(pair):
    meeting = Meeting.objects.create(
        relationship=pair.relationship,
        starts_at=NOW,
        duration_minutes=30,
        status=Meeting.Status.HELD,
        scheduled_by=pair.mentee,
    )
    Pulse.objects.create(meeting=meeting, person=pair.mentee, rating=2)
    section = program_report(pair.program, None, None)["sections"][5]
    assert section.rows[0][2] == "hidden (fewer than 5)" and section.rows[0][3] == "—"
    assert section.chart is None and "2.00" not in section.summary


def test_the_report_page_prints_each_section_on_its_own_page_with_charts(pair):
    page = web_client(pair.manager.user).get(f"/insights/programs/{pair.program.pk}/report/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="card report-page"') == len(SECTIONS)
    assert 'data-chart="funnel"' in html and 'id="report-charts"' in html
    assert "insights/report.css" in html and "Generated " in html


def test_the_report_keeps_the_dashboards_filters(pair):
    url = f"/insights/programs/{pair.program.pk}/report/?department=Nowhere"
    html = web_client(pair.manager.user).get(url).content.decode()
    assert "Department: Nowhere" in html
    assert "No goals to count yet." in html
    assert program_report(pair.program, Filters(department="Nowhere"), None)["filters"] == [
        "Department: Nowhere"
    ]


def test_the_program_dashboard_links_to_its_report(pair):
    html = web_client(pair.manager.user).get(f"/insights/programs/{pair.program.pk}/").content
    assert f'href="/insights/programs/{pair.program.pk}/report/"' in html.decode()


def test_leaders_and_admins_may_open_every_programs_report(pair, leader_person, admin_person):
    for person in (leader_person, admin_person):
        url = f"/insights/programs/{pair.program.pk}/report/"
        assert web_client(person.user).get(url).status_code == 200


@pytest.mark.parametrize("who", ["mentee", "mentor", "employee", "other manager"])
def test_who_may_not_open_a_programs_report(pair, who):
    users = {
        "mentee": pair.mentee.user,
        "mentor": pair.mentor.user,
        "employee": EmployeeFactory().user,
        "other manager": make_pair().manager.user,
    }
    url = f"/insights/programs/{pair.program.pk}/report/"
    assert web_client(users[who]).get(url).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in_for_the_report(pair):
    r = Client().get(f"/insights/programs/{pair.program.pk}/report/")
    assert r.status_code == 302 and "login" in r["Location"]
