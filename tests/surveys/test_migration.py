"""The fixed closure form's rows move into the builder's closure surveys (``surveys.0002``
once, ``surveys.0003`` for rows written since), then ``relationships.0004`` drops the table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tandem.relationships import services as relationship_services
from tandem.surveys import services
from tandem.surveys.models import Completion, Response, Survey
from tandem.surveys.templates import CLOSURE_ACHIEVED, CLOSURE_RATING, CLOSURE_RECOMMEND
from tests.surveys.conftest import make_pair

BEFORE = [
    ("surveys", "0002_closure_surveys_into_builder"),
    ("relationships", "0003_member_named_in_celebrations"),
]
LATEST = [
    ("surveys", "0003_closure_rows_since_0002"),
    ("relationships", "0004_remove_closuresurvey"),
]
LEGACY = {"achieved": "A promotion plan", "rating": 5, "would_recommend": True}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _close(pair):
    relationship_services.end_relationship(
        relationship=pair.relationship, actor=pair.manager.user, status="completed"
    )


@pytest.mark.django_db(transaction=True)
def test_rows_written_since_0002_move_once_into_each_programs_closure_survey_and_back():
    named, anonymous = make_pair(), make_pair()
    _close(named)
    _close(anonymous)
    closure = Survey.objects.get(program=named.program)
    hidden = Survey.objects.get(program=anonymous.program)
    services.update_survey(actor=anonymous.manager.user, survey=hidden, anonymous=True)
    mentor_path = f"/api/v1/relationships/{named.relationship.pk}/closure-survey"
    assert named.client("mentor").post(mentor_path, LEGACY).status_code == 201

    old = _migrate(BEFORE)
    try:
        _move_and_back(old, named, anonymous, closure, hidden)
    finally:
        _migrate(LATEST)


def _move_and_back(old, named, anonymous, closure, hidden):
    Row = old.get_model("relationships", "ClosureSurvey")
    # going back re-created the mentor's row from their builder answer; forward skips it
    assert Row.objects.get().person_id == named.mentor.pk
    Row.objects.create(
        relationship_id=named.relationship.pk,
        person_id=named.mentee.pk,
        achieved="I chaired the review",
        rating=4,
        would_recommend=False,
    )
    Row.objects.create(
        relationship_id=anonymous.relationship.pk, person_id=anonymous.mentee.pk, **LEGACY
    )
    _migrate(LATEST)

    assert "relationships_closuresurvey" not in connection.introspection.table_names()
    assert Survey.objects.count() == 2  # each program's existing closure survey is reused
    mentee = Response.objects.get(survey=closure, person=named.mentee)
    assert (mentee.relationship_id, mentee.role) == (named.relationship.pk, "mentee")
    answers = {a.question.text: a for a in mentee.answers.all()}
    assert answers[CLOSURE_ACHIEVED].text == "I chaired the review"
    assert answers[CLOSURE_RATING].number == 4
    assert answers[CLOSURE_RECOMMEND].choices == ["No"]
    assert mentee.submitted_on == dt.datetime.now(dt.UTC).date()
    assert Response.objects.filter(survey=closure).count() == 2
    moved = Response.objects.get(survey=hidden)
    assert moved.person_id is None and moved.relationship_id is None
    assert Completion.objects.filter(survey=hidden, person=anonymous.mentee).exists()

    old = _migrate(BEFORE)  # back: named answers become rows again, anonymous ones cannot
    Row = old.get_model("relationships", "ClosureSurvey")
    back = {(r.person_id, r.rating, r.would_recommend) for r in Row.objects.all()}
    assert back == {(named.mentor.pk, 5, True), (named.mentee.pk, 4, False)}
    _migrate(LATEST)  # and forward again moves nothing twice
    assert Response.objects.count() == 3 and Completion.objects.count() == 3
