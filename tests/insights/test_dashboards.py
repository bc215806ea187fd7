"""Dashboards: the figures, their intervals (statsmodels), exports, and who may see them."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.test import Client
from statsmodels.stats.proportion import proportion_confint

from tandem.insights.exports import safe_cell
from tandem.relationships import services as relationship_services
from tests.conftest import ApiClient
from tests.factories import EmployeeFactory
from tests.relationships.conftest import make_pair

pytestmark = pytest.mark.django_db


def test_a_program_dashboard_gives_the_funnel_rates_and_wilson_intervals(pair):
    body = pair.client("manager").get(f"/api/v1/insights/programs/{pair.program.pk}").json()
    assert body["funnel"]["applied"] == 2 and body["funnel"]["approved"] == 2
    goals = body["goal_completion"]
    low, high = proportion_confint(2, 3, method="wilson")
    assert (goals["events"], goals["n"]) == (2, 3)
    assert (goals["ci_low"], goals["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert body["match_rate"]["events"] == 1 and body["match_rate"]["n"] == 1
    assert sum(body["health_distribution"].values()) == 1
    assert set(body["health_distribution"]) == {"healthy", "watch", "at_risk"}
    assert body["satisfaction"]["n"] == 0 and body["nps"]["score"] is None


def test_a_relationship_ended_early_is_counted_with_its_reason_grouped_when_rare(pair):
    relationship_services.end_relationship(
        relationship=pair.relationship, actor=pair.manager.user, reason="Moved team"
    )
    body = pair.client("manager").get(f"/api/v1/insights/programs/{pair.program.pk}").json()
    assert body["ended_early"] == {
        "count": 1,
        "reasons": [{"reason": "Other reasons (fewer than 5 each)", "count": 1}],
    }


def test_filters_narrow_the_people_counted(pair):
    url = f"/api/v1/insights/programs/{pair.program.pk}?department=Nowhere"
    body = pair.client("manager").get(url).json()
    assert body["funnel"]["applied"] == 0 and body["goal_completion"]["n"] == 0


def test_leaders_and_admins_see_every_program_and_the_organisation(pair, api_leader, api_admin):
    for api in (api_leader, api_admin):
        assert api.get(f"/api/v1/insights/programs/{pair.program.pk}").status_code == 200
        org = api.get("/api/v1/insights/org").json()
        assert [p["program_id"] for p in org["programs"]] == [pair.program.pk]


@pytest.mark.parametrize("who", ["mentee", "mentor", "employee", "other manager", "anonymous"])
def test_who_may_not_see_a_programs_dashboard(pair, who):
    clients = {
        "mentee": pair.client("mentee"),
        "mentor": pair.client("mentor"),
        "employee": ApiClient(EmployeeFactory().user),
        "other manager": make_pair().client("manager"),
        "anonymous": ApiClient(),
    }
    r = clients[who].get(f"/api/v1/insights/programs/{pair.program.pk}")
    assert r.status_code in {401, 403, 404}


@pytest.mark.parametrize("who", ["mentee", "employee", "anonymous"])
def test_who_may_not_see_the_organisation_dashboard(pair, who):
    clients = {
        "mentee": pair.client("mentee"),
        "employee": ApiClient(EmployeeFactory().user),
        "anonymous": ApiClient(),
    }
    assert clients[who].get("/api/v1/insights/org").status_code in {401, 403}


def test_a_program_manager_sees_only_their_programs_in_the_organisation_view(pair):
    make_pair()
    org = pair.client("manager").get("/api/v1/insights/org").json()
    assert [p["program_id"] for p in org["programs"]] == [pair.program.pk]


def test_tables_download_as_csv_and_xlsx(pair):
    api = pair.client("manager")
    r = api.get(f"/api/v1/insights/programs/{pair.program.pk}?format=csv")
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode())))
    assert rows[0] == ["measure", "value", "ci_low", "ci_high"]
    assert rows[rows.index(next(x for x in rows if x[0] == "goal completion"))][:2] == [
        "goal completion",
        "0.667",
    ]
    r = api.get("/api/v1/insights/org?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert sheet.cell(1, 1).value == "program" and sheet.cell(2, 1).value == pair.program.name


def test_cells_that_would_run_as_formulas_are_neutralised():
    assert [safe_cell(v) for v in ["=1+1", "+SUM(A1)", "-2", "@cmd", "ok", -2]] == [
        "'=1+1",
        "'+SUM(A1)",
        "'-2",
        "'@cmd",
        "ok",
        -2,
    ]


def test_the_dashboard_pages_draw_charts_with_a_data_table_beneath(pair, leader_person):
    web = Client()
    web.force_login(leader_person.user)
    page = web.get("/insights/").content.decode()
    assert 'data-chart="funnel"' in page and "/insights/vendor/plotly.min.js" in page
    assert "<caption" in page
    page = web.get(f"/insights/programs/{pair.program.pk}/").content.decode()
    assert 'id="measures"' in page and "Goal completion" in page
    assert web.get("/insights/vendor/plotly.min.js").status_code == 200
    home = web.get("/").content.decode()
    assert "Open the dashboard" in home


def test_a_mentee_cannot_open_the_dashboard_pages(pair):
    web = Client()
    web.force_login(pair.mentee.user)
    assert web.get("/insights/").status_code == 403
    assert web.get(f"/insights/programs/{pair.program.pk}/").status_code == 404
