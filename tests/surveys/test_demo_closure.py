"""The demo's completed cycle has a closure survey of the builder, answered by most members."""

from __future__ import annotations

import pytest

from tandem.programs import demo_completed
from tandem.relationships import demo_completed as pairs_step
from tandem.relationships.models import RelationshipMember
from tandem.surveys import demo_closure, results
from tandem.surveys.models import Completion, Response, Survey
from tests.programs.test_demo_completed import _context

pytestmark = pytest.mark.django_db


def test_the_completed_cycles_closure_survey_has_named_answers_with_results_shown():
    ctx = _context()
    demo_completed.build(ctx)
    pairs_step.build(ctx)
    demo_closure.build(ctx)
    program = ctx.programs["completed"]
    survey = Survey.objects.get(program=program, template_key="closure")
    members = RelationshipMember.objects.filter(relationship__program=program).count()
    answered = Response.objects.filter(survey=survey).count()
    assert 0.5 * members < answered < members
    assert not Response.objects.filter(survey=survey, person=None).exists()
    assert Completion.objects.filter(survey=survey).count() == answered
    figures = results.survey_results(survey)
    assert figures["suppressed"] is False and figures["questions"][1]["n"] == answered
    demo_closure.build(ctx)
    assert Response.objects.filter(survey=survey).count() == answered
