"""Required training: the program's rules, the enrolment checklist, the match run, nudges."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.engagement.nudging.engine import evaluate
from tandem.learning import progress
from tandem.learning.models import TrainingModule
from tandem.programs import selectors as program_selectors
from tests.engagement.conftest import frozen  # noqa: F401 — fixture
from tests.matchmaking.conftest import make_cohort, run_now  # noqa: F401 — fixture
from tests.programs.factories import ParticipantFactory, ProgramFactory

from .conftest import make_module

pytestmark = pytest.mark.django_db


def _listening():
    return TrainingModule.objects.get(key="active-listening")


def _pass(person, module):
    quiz = module.quiz["questions"]
    answers = [[i for i, o in enumerate(q["options"]) if o["correct"]] for q in quiz]
    return progress.submit_quiz(actor=person.user, module=module, answers=answers)


def test_a_manager_sets_required_training_per_role_through_the_api(api_admin):
    program = ProgramFactory()
    listening = _listening()
    response = api_admin.patch(
        f"/api/v1/programs/{program.pk}",
        {"required_training": {"mentor": [listening.pk]}, "training_gate": "warn"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["required_training"] == {"mentor": [listening.pk], "mentee": []}
    assert body["training_gate"] == "warn"


@pytest.mark.parametrize(
    "value", [{"mentor": [999999]}, {"boss": []}, {"mentor": "x"}, ["Active listening"]]
)
def test_unknown_modules_or_a_bad_shape_are_refused_naming_the_field(api_admin, value):
    program = ProgramFactory()
    response = api_admin.patch(f"/api/v1/programs/{program.pk}", {"required_training": value})
    assert response.status_code in (400, 422)
    assert "required_training" in response.json()["errors"][0]["field"]


def test_an_employee_cannot_change_a_programs_required_training(api_employee):
    program = ProgramFactory()
    response = api_employee.patch(
        f"/api/v1/programs/{program.pk}", {"required_training": {"mentor": []}}
    )
    assert response.status_code in (403, 404)


def test_enrolment_shows_the_training_still_to_do(employee_person):
    listening = _listening()
    program = ProgramFactory(required_training={"mentor": [listening.pk], "mentee": []})
    items = program_selectors.profile_checklist(employee_person, "mentor", program)
    (training,) = [i for i in items if i.key.startswith("training")]
    assert not training.done and "Active listening" in training.label
    _pass(employee_person, listening)
    items = program_selectors.profile_checklist(employee_person, "mentor", program)
    assert [i.done for i in items if i.key.startswith("training")] == [True]
    assert not [
        i
        for i in program_selectors.profile_checklist(employee_person, "mentee", program)
        if i.key.startswith("training")
    ]


def test_a_match_run_leaves_a_mentor_without_training_unmatched_with_the_reason(run_now):  # noqa: F811
    listening = _listening()
    cohort = make_cohort(mentors=2, mentees=2, capacity=2)
    cohort.program.required_training = {"mentor": [listening.pk], "mentee": []}
    cohort.program.save()
    trained, untrained = cohort.mentors
    _pass(trained.person, listening)
    run = run_now(cohort.program, cohort.manager.user)
    assert set(run.proposals.values_list("mentor_id", flat=True)) == {trained.pk}
    (held,) = run.unmatched.all()
    assert held.participant_id == untrained.pk and held.code == "training"
    assert held.reason == "required training not complete: Active listening"
    assert run.stats["matched"] == 2 and run.stats["unmatched"] == 0


def test_a_program_that_only_warns_matches_them_and_lists_the_warning(run_now):  # noqa: F811
    listening = _listening()
    cohort = make_cohort(mentors=1, mentees=1)
    cohort.program.required_training = {"mentor": [listening.pk], "mentee": []}
    cohort.program.training_gate = "warn"
    cohort.program.save()
    run = run_now(cohort.program, cohort.manager.user)
    assert run.proposals.count() == 1 and not run.unmatched.exists()
    assert run.stats["training_warnings"] == [
        "Mentor 0: required training not complete: Active listening"
    ]


def test_a_minimum_score_rule_needs_the_quiz_passed_at_that_score(employee_person):
    module = make_module()  # pass mark 50
    program = ProgramFactory(
        required_training={"mentor": [], "mentee": [module.pk]}, training_min_score=100
    )
    progress.submit_quiz(actor=employee_person.user, module=module, answers=[[0], [0]])  # 50 %
    items = program_selectors.profile_checklist(employee_person, "mentee", program)
    assert [i.done for i in items if i.key.startswith("training")] == [False]
    progress.submit_quiz(actor=employee_person.user, module=module, answers=[[0], [0, 1]])
    items = program_selectors.profile_checklist(employee_person, "mentee", program)
    assert [i.done for i in items if i.key.startswith("training")] == [True]


def test_training_not_done_is_nudged_before_the_match_date_once(frozen):  # noqa: F811
    listening = _listening()
    program = ProgramFactory(
        matching_date=frozen.at.date() + dt.timedelta(days=5),
        required_training={"mentor": [listening.pk], "mentee": []},
    )
    late = ParticipantFactory(program=program, role="mentor", status="approved")
    ParticipantFactory(program=program, role="mentee", status="approved")
    early = frozen.at - dt.timedelta(days=10)
    assert evaluate(now=early, only=["training_not_done"]).due["training_not_done"] == 0
    report = evaluate(now=frozen.at, only=["training_not_done"])
    assert report.sent["training_not_done"] == 1
    (title,) = late.person.notifications.values_list("title", flat=True)
    assert title.startswith(f"Finish your training: {program.name} matches on")
    assert evaluate(now=frozen.at, only=["training_not_done"]).sent["training_not_done"] == 0
