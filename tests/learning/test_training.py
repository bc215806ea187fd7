"""Writing modules and working through them: the quiz rules, scoring, safe Markdown."""

from __future__ import annotations

import copy

import pytest

from tandem.core.errors import ConflictError, DomainError, NotAllowed
from tandem.learning import progress, training
from tandem.learning.models import TrainingModule, TrainingProgress
from tandem.learning.rendering import render_markdown
from tandem.learning.shipped import MODULES

from .conftest import QUIZ, make_module, module_payload

pytestmark = pytest.mark.django_db


def test_the_six_shipped_modules_are_installed_each_with_a_valid_quiz():
    shipped = TrainingModule.objects.exclude(key="")
    assert shipped.count() == 6
    assert {m.audience for m in shipped} == {"mentors", "mentees"}
    for data in MODULES:
        assert training.clean_quiz(data["quiz"])["questions"]
        assert all(len(s["body_markdown"]) > 200 for s in data["sections"])


def test_an_admin_writes_a_module_with_ordered_sections_and_a_quiz(admin_person):
    module = training.create_module(actor=admin_person.user, data=module_payload())
    assert module.title == "Asking good questions"
    assert [s.title for s in module.sections.all()] == ["Open questions"]
    assert module.quiz["pass_mark"] == 50


def test_an_employee_cannot_write_a_module(employee_person):
    with pytest.raises(NotAllowed):
        training.create_module(actor=employee_person.user, data=module_payload())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda q: q["questions"][0]["options"][0].update(correct=False), "correct"),
        (lambda q: q.update(pass_mark=101), "pass mark"),
        (lambda q: q.update(pass_mark=-1), "pass mark"),
        (lambda q: q["questions"][0]["options"][1].update(correct=True), "exactly one"),
        (lambda q: q["questions"][1].update(options=[{"text": "2", "correct": True}]), "two"),
        (lambda q: q["questions"][0].update(kind="essay"), "kind"),
    ],
)
def test_a_bad_quiz_is_refused_naming_the_problem(admin_person, change, message):
    quiz = copy.deepcopy(QUIZ)
    change(quiz)
    with pytest.raises(DomainError) as exc:
        training.create_module(actor=admin_person.user, data=module_payload(quiz=quiz))
    assert message in exc.value.message
    assert exc.value.field.startswith("quiz")
    assert not TrainingModule.objects.filter(title="Asking good questions").exists()


def test_a_section_with_a_script_tag_is_stored_and_rendered_without_it(admin_person):
    body = "Hello <script>alert(1)</script> <a href='javascript:x()'>x</a> [ok](https://ex.org)"
    module = training.create_module(
        actor=admin_person.user,
        data=module_payload(sections=[{"title": "T", "body_markdown": body}]),
    )
    html = render_markdown(module.sections.get().body_markdown)
    assert "<script" not in html and "alert(1)" not in html and "javascript:" not in html
    assert 'href="https://ex.org"' in html and "nofollow" in html


def test_videos_and_images_are_links_never_embeds():
    html = render_markdown('![cat](https://ex.org/c.png) <iframe src="https://v.ex"></iframe>')
    assert "<img" not in html and "<iframe" not in html


def test_scoring_needs_exactly_the_correct_options():
    assert progress.score_quiz(QUIZ, [[0], [0, 1]]).score == 100
    assert progress.score_quiz(QUIZ, [[0], [0]]).score == 50
    assert progress.score_quiz(QUIZ, [[1], [0, 1, 2]]).score == 0


@pytest.mark.parametrize("answers", [[[0]], [[7], [0]], [[0, 1], [0]], "x"])
def test_malformed_answers_are_refused(answers):
    with pytest.raises(DomainError):
        progress.score_quiz(QUIZ, answers)


def test_passing_the_quiz_completes_the_module_and_keeps_the_best_score(employee_person):
    module = make_module()
    failed = progress.submit_quiz(actor=employee_person.user, module=module, answers=[[1], [2]])
    assert not failed.passed
    row = TrainingProgress.objects.get(person=employee_person, module=module)
    assert row.completed_at is None and row.status == "in_progress"
    passed = progress.submit_quiz(actor=employee_person.user, module=module, answers=[[0], [0]])
    assert passed.passed and passed.score == 50
    progress.submit_quiz(actor=employee_person.user, module=module, answers=[[0], [0, 1]])
    row.refresh_from_db()
    assert row.completed_at and row.score == 100 and row.attempts == 3
    assert row.sections_done == [0, 1]


def test_section_progress_is_kept(employee_person):
    module = make_module()
    progress.mark_section_done(actor=employee_person.user, module=module, position=1)
    row = progress.mark_section_done(actor=employee_person.user, module=module, position=1)
    assert row.sections_done == [1]
    with pytest.raises(DomainError):
        progress.mark_section_done(actor=employee_person.user, module=module, position=5)


def test_a_module_with_a_quiz_cannot_be_completed_without_it(employee_person):
    with pytest.raises(ConflictError):
        progress.complete_module(actor=employee_person.user, module=make_module())
    plain = make_module("Reading", quiz={})
    assert progress.complete_module(actor=employee_person.user, module=plain).completed_at


def test_a_draft_module_cannot_be_taken(employee_person):
    with pytest.raises(NotAllowed):
        progress.complete_module(
            actor=employee_person.user, module=make_module(quiz={}, published=False)
        )
