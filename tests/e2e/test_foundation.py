"""The foundation in a real browser: sign in, the directory, a person, my profile, roles."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tandem.people.models import Person, Skill

pytestmark = pytest.mark.e2e


def a_colleague() -> Person:
    return Person.objects.exclude(email__endswith="@demo.tandem.test").order_by("id")[5]


def test_an_anonymous_visitor_is_sent_to_the_login_page_with_the_demo_logins(
    page, live_server, demo_org, screenshot
):
    page.goto(f"{live_server.url}/people/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/people/$"))
    expect(page.get_by_role("heading", name="Sign in to Tandem")).to_be_visible()
    expect(page.locator("#demo-logins")).to_contain_text("admin@demo.tandem.test")
    screenshot(page, "login")
    page.get_by_role("button", name="Sign in as mentee@demo.tandem.test").click()
    expect(page).to_have_url(f"{live_server.url}/people/")


def test_an_admin_searches_the_directory_and_opens_a_person(
    page, live_server, demo_org, login, screenshot
):
    colleague = a_colleague()
    login(page, live_server, demo_org["admin"])
    expect(page.get_by_role("heading", name=re.compile("^Welcome"))).to_be_visible()
    screenshot(page, "home-admin")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    # htmx (a deferred script) wires the search form up on DOMContentLoaded: typing before
    # that sends nothing. The heading above proves this is the directory; now let it finish.
    page.wait_for_load_state()
    screenshot(page, "directory")

    page.get_by_role("searchbox", name="Search").fill(colleague.full_name)
    expect(page).to_have_url(re.compile(r"\?q="))  # htmx pushed the search into the URL
    results = page.locator("#people-table tbody tr")
    expect(results.first).to_contain_text(colleague.full_name)
    expect(page.locator(".results-count")).to_contain_text("match")

    results.first.get_by_role("link", name=colleague.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(colleague.full_name)
    expect(page.locator("#org-chart .org-node.self")).to_contain_text(colleague.full_name)
    screenshot(page, "person")


def test_the_directory_filters_by_department_live_and_the_back_button_restores_it(
    page, live_server, demo_org, login
):
    department = Person.objects.exclude(department="").values_list("department", flat=True)[0]
    login(page, live_server, demo_org["employee"])
    page.goto(f"{live_server.url}/people/")
    total = page.locator(".results-count").inner_text()
    page.get_by_label("Department").select_option(department)
    expect(page).to_have_url(re.compile(r"department="))
    expect(page.locator(".results-count")).to_contain_text("match")
    for cell in page.locator("#people-table tbody tr td:nth-child(2)").all_inner_texts():
        assert cell.strip() == department
    page.go_back()
    expect(page.locator(".results-count")).to_have_text(total)


def test_editing_my_own_profile_saves_skills_with_levels(
    page, live_server, demo_org, login, screenshot
):
    skill = Skill.objects.order_by("name").first()
    assert skill is not None
    login(page, live_server, demo_org["employee"])
    page.locator(".user-menu summary").click()
    page.get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", name="Edit your profile")).to_be_visible()

    page.get_by_label("Expertise").fill(f"{skill.name}:9")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".field-error")).to_contain_text("must be 1 to 5")
    screenshot(page, "profile-form-error")

    page.get_by_label("Expertise").fill(f"{skill.name}:4")
    page.get_by_label("Bio").fill("I sell software and love helping new starters.")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".message-success")).to_contain_text("Profile saved.")
    expertise = page.locator("#expertise li", has_text=skill.name)
    expect(expertise.get_by_role("img", name="Level 4 of 5")).to_be_visible()
    expect(page.get_by_text("I sell software and love helping new starters.")).to_be_visible()


def test_an_employee_sees_no_admin_navigation_and_is_refused_admin_pages(
    page, live_server, demo_org, login
):
    login(page, live_server, demo_org["employee"])
    expect(page.locator(".admin-menu")).to_have_count(0)
    expect(page.get_by_role("link", name="Audit log")).to_have_count(0)
    response = page.goto(f"{live_server.url}/accounts/roles/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="You can’t open this page")).to_be_visible()


def test_an_admin_uses_the_admin_menu_and_sees_the_audit_log(
    page, live_server, demo_org, login, screenshot
):
    login(page, live_server, demo_org["admin"])
    page.locator(".admin-menu summary").click()
    page.locator(".admin-menu").get_by_role("link", name="Roles").click()
    expect(page.get_by_role("heading", name="Roles", exact=True)).to_be_visible()
    screenshot(page, "roles")
    row = page.locator("#roles-table tbody tr", has_text="employee@demo.tandem.test")
    row.get_by_label("Leader: employee@demo.tandem.test").check()
    row.get_by_role("button", name="Save roles of employee@demo.tandem.test").click()
    expect(page.locator(".message-success")).to_contain_text("employee@demo.tandem.test")

    page.locator(".admin-menu summary").click()
    page.locator(".admin-menu").get_by_role("link", name="Audit log").click()
    first = page.locator("#audit-table tbody tr").first
    expect(first).to_contain_text("user.roles")
    expect(first.locator("ins")).to_contain_text("Yes")
    screenshot(page, "audit-log")


def test_the_mobile_menu_holds_the_navigation_and_the_user_menu(
    mobile_page, live_server, demo_org, login, screenshot
):
    page = mobile_page
    page.goto(f"{live_server.url}/accounts/login/")
    screenshot(page, "login")
    login(page, live_server, demo_org["admin"])
    expect(page.locator(".topnav")).to_be_hidden()
    screenshot(page, "home-admin")
    page.get_by_text("Menu", exact=True).click()
    panel = page.locator(".mobile-menu-panel")
    expect(panel.get_by_role("link", name="Audit log")).to_be_visible()
    expect(panel.get_by_role("button", name="Sign out")).to_be_visible()
    screenshot(page, "mobile-menu")
    panel.get_by_role("link", name="People", exact=True).click()
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    screenshot(page, "directory")
    page.locator("#people-table tbody tr a").first.click()
    expect(page.locator("#org-chart")).to_be_visible()
    screenshot(page, "person")


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page, live_server, demo_org, login):
    login(page, live_server, demo_org["employee"])
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_signing_out_ends_the_session(page, live_server, demo_org, login):
    login(page, live_server, demo_org["mentor"])
    page.locator(".user-menu summary").click()
    page.locator(".user-menu").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/people/",
        "/people/import/",
        "/accounts/tokens/",
        "/accounts/roles/",
        "/accounts/audit/",
        "/people/me/profile/",
        "/accounts/password/change/",
    ],
)
def test_every_foundation_page_renders_cleanly_for_an_admin(
    page, live_server, demo_org, login, screenshot, path
):
    login(page, live_server, demo_org["admin"])
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200
    expect(page.locator("h1").first).to_be_visible()
    name = path.strip("/").replace("/", "-") or "home"
    screenshot(page, f"tour-{name}")
