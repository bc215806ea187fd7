"""The surveys app in a person's export and erasure.

Named answers are the person's and are exported and erased. Anonymous answers are linked to
nobody, so they can be neither exported nor erased for a person; only the "has responded"
records are.
"""

from __future__ import annotations

from typing import Any

from .models import Answer, Completion, Response


def export_surveys(person: Any) -> dict[str, list[dict[str, Any]]]:
    answers = Answer.objects.filter(response__person=person).select_related(
        "question", "response__survey"
    )
    return {
        "answers": [
            {
                "survey": a.response.survey.title,
                "question": a.question.text,
                "number": a.number,
                "text": a.text,
                "choices": a.choices,
                "submitted_on": a.response.submitted_on,
            }
            for a in answers
        ],
        "responded": [
            dict(c)
            for c in Completion.objects.filter(person=person).values(
                "survey__title", "relationship_id", "responded_on"
            )
        ],
    }


def erase_surveys(person: Any) -> int:
    responses, _ = Response.objects.filter(person=person).delete()
    completions, _ = Completion.objects.filter(person=person).delete()
    return responses + completions
