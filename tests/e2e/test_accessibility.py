"""Every page Tandem serves has no axe-core WCAG 2.2 A/AA violation, for every demo role.

The crawler starts at each role's home page and follows the links that role sees (one page
per URL shape), so a page added later is checked as soon as something links to it.
"""

from __future__ import annotations

import pytest

from tests.e2e.accessibility import axe_violations, crawl, describe

pytestmark = pytest.mark.e2e

ROLES = ("admin", "manager", "mentor", "mentee", "employee", "leader")


def test_the_login_page_has_no_accessibility_violations(page, live_server, demo_org):
    page.goto(f"{live_server.url}/accounts/login/")
    page.wait_for_load_state()
    assert axe_violations(page) == []


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_can_reach_has_no_accessibility_violations(
    role, page, live_server, demo_org, login
):
    login(page, live_server, f"{role}@demo.tandem.test")
    visited = crawl(page, live_server.url, "/")
    assert len(visited) >= 5, f"the crawler reached only {sorted(visited)}"
    failing = {url: found for url, found in visited.items() if found}
    assert not failing, f"axe-core violations:\n{describe(failing)}"
