"""Programs in a real browser: the demo employee applies to the open program and the demo
manager approves them from the participant table."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import User
from tandem.core import clock
from tandem.engagement.models import Notification
from tandem.people.models import Person
from tandem.programs import services
from tandem.programs.models import Participant, Program

pytestmark = pytest.mark.e2e


def the_open_program(demo_org: dict[str, str]) -> Program:
    """The demo's enrolling program, which always has applications (programs/demo.py).

    If the demo fell back to the tiny organisation, one is made here with one application
    from someone who is not a demo login (the demo employee must be free to apply).
    """
    program = Program.objects.filter(status="enrolling").order_by("id").first()
    if program is not None:
        return program
    admin = User.objects.get(email=demo_org["admin"])
    manager = Person.objects.get(email=demo_org["manager"])
    today = clock.today()
    program = services.create_program(
        actor=admin,
        data={
            "manager_ids": [manager.pk],
            "enrollment_opens": today,
            "enrollment_closes": today + dt.timedelta(days=14),
            "starts_on": today + dt.timedelta(days=30),
            "ends_on": today + dt.timedelta(days=140),
        },
        template_key="cross_functional_exchange",
    )
    program = services.change_program_status(actor=admin, program=program, status="enrolling")
    applicant = Person.objects.exclude(email__in=demo_org.values()).order_by("id").last()
    Participant.objects.create(program=program, person=applicant, role="mentee")
    return program


def test_the_demo_employee_enrols_in_the_open_program_and_the_manager_approves_them(
    page, live_server, demo_org, login, screenshot
):
    program = the_open_program(demo_org)
    employee = Person.objects.get(email=demo_org["employee"])

    login(page, live_server, demo_org["employee"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programs").click()
    tabs = page.get_by_role("navigation", name="Which programs")
    tabs.get_by_role("link", name="Open to me").click()
    # Every tab lists its programs in #program-cards: wait for the "Open to me" page itself.
    expect(tabs.locator('[aria-current="page"]')).to_have_text("Open to me")
    screenshot(page, "programs-list")
    page.locator("#program-cards").get_by_role("link", name=re.compile(program.name)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(program.name)
    expect(page.locator("#contacts")).to_contain_text("@demo.tandem.test")
    page.locator("#my-enrolment").get_by_role("link", name="Apply to join").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Apply to {program.name}")
    expect(page.locator("#checklist-mentee")).to_be_visible()
    screenshot(page, "enrol-page")
    page.get_by_label("Mentee", exact=True).check()
    for question in program.questions.filter(audience__in=["all", "mentee"]):
        field = page.locator(f"[name=q_{question.pk}]")
        if question.kind == "single":
            field.select_option(question.choices[0])
        elif question.kind == "text":
            field.fill("Product — I want to see how roadmaps are decided.")
        elif question.kind == "multiple":
            field.first.check()
        else:
            field.nth(3).check()
    page.get_by_role("button", name="Send my application").click()

    expect(page.locator(".messages")).to_contain_text("Application sent")
    expect(page.locator("#my-enrolment")).to_contain_text("You applied as mentee")
    expect(page.locator("#my-enrolment .badge")).to_have_text("Applied")
    screenshot(page, "program-page-employee")
    participant = Participant.objects.get(program=program, person=employee)
    assert participant.status == "applied"

    login(page, live_server, demo_org["manager"])
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    expect(page.locator("#program-stats")).to_be_visible()
    screenshot(page, "program-page-manager")
    page.locator("#manager-tools").get_by_role("link", name="Review applications").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Participants")
    page.get_by_label("Role").select_option("mentee")
    page.get_by_role("searchbox", name="Search").fill(employee.full_name)
    page.get_by_role("button", name="Filter").click()
    # The unfiltered table may already show the employee's row: without this wait the box
    # could be ticked on the page being left, and the bulk form sent with nothing selected.
    expect(page).to_have_url(re.compile(r"[?&]role=mentee(&|$)"))
    row = page.locator("#participants-table tbody tr", has_text=employee.full_name)
    expect(row).to_have_count(1)
    row.get_by_role("checkbox").check()
    page.locator("#bulk-status").select_option("approved")
    page.get_by_role("button", name="Apply to selected").click()

    expect(page.locator(".messages")).to_contain_text("1 marked approved")
    expect(row.locator(".badge")).to_have_text("Approved")
    participant.refresh_from_db()
    assert participant.status == "approved"
    assert Notification.objects.filter(recipient=employee, kind="program.approved").exists()

    page.goto(f"{live_server.url}/programs/{program.pk}/participants/")
    screenshot(page, "participants-table")


def test_the_select_all_box_ticks_every_row(page, live_server, demo_org, login):
    program = the_open_program(demo_org)
    login(page, live_server, demo_org["manager"])
    page.goto(f"{live_server.url}/programs/{program.pk}/participants/")
    assert Participant.objects.filter(program=program).exists(), "no application to select"
    boxes = page.locator('#participants-table input[name="participant_ids"]')
    expect(boxes.first).to_be_visible()
    page.get_by_label("Select all on this page").check()
    for n in range(boxes.count()):
        expect(boxes.nth(n)).to_be_checked()


def test_an_admin_creates_a_program_from_a_template_in_the_editor(
    page, live_server, demo_org, login, screenshot
):
    login(page, live_server, demo_org["admin"])
    page.goto(f"{live_server.url}/programs/new/")
    screenshot(page, "program-templates")
    page.get_by_role("link", name=re.compile("Reverse mentoring on technology")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reverse mentoring")
    today = clock.today()
    page.get_by_role("navigation", name="Sections of the program form").get_by_role(
        "link", name="2. Dates and rhythm"
    ).click()
    page.get_by_label("Enrolment opens").fill(today.isoformat())
    page.get_by_label("Enrolment closes").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_label("Program starts").fill((today + dt.timedelta(days=30)).isoformat())
    page.get_by_label("Program ends").fill((today + dt.timedelta(days=120)).isoformat())
    screenshot(page, "program-editor")
    page.get_by_role("button", name="Create draft").click()
    expect(page.locator(".messages")).to_contain_text("created as a draft")
    expect(page.locator("#program-status")).to_have_text("Draft")
    program = Program.objects.get(template_key="reverse_tech", status="draft")
    assert program.constraints["preferred_level_gap"] == [-4, -1]
    page.get_by_role("button", name="Open enrolment").click()
    expect(page.locator("#program-status")).to_have_text("Enrolling")
