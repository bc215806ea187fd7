"""On a phone (390 px) the wide manager tables stack: no sideways scrolling, the person and
the decision visible in each row, and no accessibility violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.matchmaking.models import MatchRun
from tandem.programs.models import Program
from tandem.relationships.models import Relationship
from tests.e2e.accessibility import axe_violations

pytestmark = pytest.mark.e2e


def _paths() -> dict[str, tuple[str, str]]:
    manager = "manager@demo.tandem.test"
    managed = Program.objects.filter(managers__email=manager)
    with_people = managed.filter(participants__isnull=False).first()
    run = MatchRun.objects.filter(program__in=managed, proposals__isnull=False).first()
    related = Relationship.objects.filter(program__in=managed).first()
    assert with_people and run and related, "the demo has participants, runs and relationships"
    return {
        "participants": (f"/programs/{with_people.pk}/participants/", "#participants-table"),
        "run review": (f"/matchmaking/runs/{run.pk}/", "#proposals-table"),
        "program relationships": (
            f"/relationships/program/{related.program_id}/",
            "#program-relationships",
        ),
    }


@pytest.mark.parametrize("name", ["participants", "run review", "program relationships"])
def test_a_wide_table_stacks_on_a_phone(name, mobile_page, live_server, demo_org, login):
    page = mobile_page
    path, table = _paths()[name]
    login(page, live_server, demo_org["manager"])
    page.goto(f"{live_server.url}{path}")
    rows = page.locator(f"{table} tbody tr")
    expect(rows.first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name} scrolls sideways ({width}px)"
    for cell in rows.first.locator("td[data-label]").all()[:2]:
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert axe_violations(page) == []
