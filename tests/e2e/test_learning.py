"""Training in a real browser: the demo mentee completes a module with its quiz; the demo
manager requires mentor training of the matching program and a match run leaves an untrained
mentor unmatched with the reason."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tandem.learning.models import TrainingModule
from tandem.matchmaking.models import MatchRun

from .accessibility import axe_violations

pytestmark = pytest.mark.e2e


def open_learning_menu(page, link: str) -> None:
    """The learning pages sit in the top bar's Learning menu (a dropdown)."""
    main = page.get_by_role("navigation", name="Main")
    main.get_by_text("Learning", exact=True).click()
    main.get_by_role("link", name=link).click()


def test_the_mentee_reads_a_module_and_passes_its_quiz(
    page, live_server, demo_org, login, screenshot
):
    module = TrainingModule.objects.get(key="setting-smart-goals")
    login(page, live_server, demo_org["mentee"])
    open_learning_menu(page, "Training")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    expect(page.locator("#my-training")).to_contain_text("In progress (1/3)")
    assert axe_violations(page) == []
    screenshot(page, "learning-training")
    page.get_by_role("link", name="Setting SMART goals").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Setting SMART goals")
    assert "correct" not in page.content().lower()
    page.get_by_role("button", name="Mark section 2 as read").click()
    expect(page.locator("#section-2")).to_contain_text("Read")
    for question in module.quiz["questions"]:
        for option in question["options"]:
            if option["correct"]:
                page.get_by_label(option["text"], exact=True).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator("#quiz-result")).to_contain_text("Passed with 100 %")
    expect(page.locator("#completion")).to_contain_text("Completed on")
    screenshot(page, "learning-module-passed")


def test_a_match_run_reports_a_mentor_unmatched_for_missing_training(
    page, live_server, demo_org, login, screenshot
):
    program = MatchRun.objects.filter(program__status="matching").first().program
    login(page, live_server, demo_org["manager"])
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    page.get_by_role("link", name="Required training →").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Required training")
    page.get_by_label("The mentor's role and boundaries").first.check()
    page.get_by_role("button", name="Save requirements").click()
    expect(page.locator(".message-success")).to_contain_text("Required training saved")
    expect(page.locator("#program-training")).to_contain_text("The mentor's role and boundaries")
    assert axe_violations(page) == []
    screenshot(page, "learning-program-training")
    page.goto(f"{live_server.url}/matchmaking/programs/{program.pk}/")
    page.get_by_role("button", name="Start matching").click()
    expect(page.locator("#unmatched")).to_contain_text(
        "Required training not complete: The mentor's role and boundaries"
    )
    screenshot(page, "learning-run-unmatched-for-training")


def test_the_mentee_sees_this_weeks_resources_and_the_library_filtered_for_the_week(
    page, live_server, demo_org, login, screenshot
):
    from tandem.people.models import Person
    from tandem.relationships.models import Relationship

    mentee = Person.objects.get(email=demo_org["mentee"])
    relationship = Relationship.objects.filter(
        members__participant__person=mentee, status="active"
    ).first()
    login(page, live_server, demo_org["mentee"])
    page.goto(f"{live_server.url}/relationships/{relationship.pk}/")
    card = page.locator("#for-this-week")
    expect(card).to_be_visible()
    assert axe_violations(page) == []
    card.get_by_role("link", name="More in the library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Library")
    week = page.get_by_label("Curriculum week").input_value()
    assert week.isdigit()
    expect(page.locator("#library tbody tr").first).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "learning-library-this-week")
    page.locator("#library tbody tr a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert axe_violations(page) == []


def test_a_moment_is_logged_by_the_mentee_and_confirmed_by_the_mentor(
    page, live_server, demo_org, login, screenshot
):
    from tandem.people.models import Person

    mentor = Person.objects.get(email=demo_org["mentor"])
    login(page, live_server, demo_org["mentee"])
    open_learning_menu(page, "Moments")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentoring moments")
    assert axe_violations(page) == []
    page.get_by_label("I was helped").check()
    page.get_by_label("The other person").select_option(label=mentor.full_name)
    page.get_by_label("Note").fill("Helped me rehearse the quarterly review")
    page.get_by_role("button", name="Log the moment").click()
    expect(page.locator(".message-success")).to_contain_text("is asked to confirm it")
    expect(page.locator("#my-moments")).to_contain_text("Waiting")
    page.context.clear_cookies()
    login(page, live_server, demo_org["mentor"])
    page.goto(f"{live_server.url}/learning/moments/")
    waiting = page.locator("#to-confirm li", has_text="rehearse the quarterly review")
    waiting.get_by_role("button", name="Confirm").click()
    expect(page.locator(".message-success")).to_contain_text("counts for both of you")
    assert axe_violations(page) == []
    screenshot(page, "learning-moment-confirmed")


def test_the_recognition_wall_shows_kudos_with_the_mentors_badges(
    page, live_server, demo_org, login, screenshot
):
    login(page, live_server, demo_org["employee"])
    open_learning_menu(page, "Recognition")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recognition wall")
    expect(page.locator("#wall")).to_contain_text("mock interview")
    expect(page.locator("#wall").first).to_contain_text("All mentor training done")
    assert axe_violations(page) == []
    screenshot(page, "learning-recognition-wall")


def test_an_employee_books_an_office_hour_and_downloads_the_invite(
    page, live_server, demo_org, login, screenshot
):
    login(page, live_server, demo_org["employee"])
    open_learning_menu(page, "Office hours")
    expect(page.get_by_role("heading", level=1)).to_have_text("Office hours")
    assert axe_violations(page) == []
    page.locator("#slots tbody tr").first.get_by_role("button").click()
    expect(page.locator(".message-success")).to_contain_text("Booked")
    link = page.locator("#bookings a", has_text="Calendar invite (.ics)").first
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.status == 200 and b"METHOD:REQUEST" in response.body()
    assert axe_violations(page) == []
    screenshot(page, "learning-office-hour-booked")


def test_the_expert_answers_the_pulse_of_a_past_office_hour_on_a_phone(
    mobile_page, live_server, demo_org, login, screenshot
):
    page = mobile_page
    login(page, live_server, demo_org["mentor"])
    page.goto(f"{live_server.url}/learning/office-hours/")
    page.locator("#bookings").get_by_role("link", name="How useful was it?").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How useful was this session?")
    assert axe_violations(page) == []
    screenshot(page, "learning-office-hour-pulse-phone")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator(".field-error, .errorlist, .form-errors").first).to_be_visible()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Anything to add? (optional)").fill("Good questions from Kenji.")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator("#pulse-answer")).to_contain_text("4 of 5")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/learning/office-hours/")
    expect(page.locator("#pulse-summary")).to_contain_text("Figures show from 5 answers")
    assert axe_violations(page) == []
