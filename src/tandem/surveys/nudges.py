"""The "survey due" reminder: an engagement nudge rule (docs/engagement.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse

from tandem.engagement.nudging.engine import Run
from tandem.engagement.nudging.registry import Due, NudgeRule, register
from tandem.people.models import Person

from . import audience

SURVEY = "surveys.survey"


@register
class SurveyDue(NudgeRule):
    key = "survey_due"
    label = "Survey not answered"
    description = (
        "N days after a survey asks someone (and they have not answered), they get one reminder "
        "with a link to the one-page form. Anonymous surveys remind too: the reminder uses "
        "the separate has-responded record, never the answers."
    )
    audience = "the people the survey asks"
    default_days = 3
    days_label = "days after the survey asks"
    order = 70

    def due(self, run: Run) -> Iterator[Due]:
        enabled = run.enabled(self)
        for survey in audience.open_surveys():
            if survey.program_id is None:
                days = self.default_days or 1
            elif survey.program_id in enabled:
                days = enabled[survey.program_id] or 1
            else:
                continue
            waiting = [
                i
                for i in audience.pending(survey, today=run.as_of)
                if i.due_on + dt.timedelta(days=days) <= run.as_of
            ]
            people = Person.objects.in_bulk([i.person_id for i in waiting])
            url = reverse("surveys:respond", args=[survey.pk])
            for inv in waiting:
                query = f"?relationship={inv.relationship_id}" if inv.relationship_id else ""
                yield Due(
                    subject_type=SURVEY,
                    subject_id=survey.pk,
                    occurrence=f"{inv.person_id}:{inv.relationship_id or 0}",
                    program_id=survey.program_id,
                    recipients=[people[inv.person_id]],
                    title=f"Two minutes for “{survey.title}”?",
                    body="Your answers help the program team improve mentoring"
                    + (" — this survey is anonymous." if survey.anonymous else "."),
                    url=url + query,
                    times={"until": inv.until} if inv.until else {},
                )
