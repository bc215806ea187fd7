"""Survey results: aggregates only, nothing below the survey's smallest group."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from tandem.core import clock
from tandem.core.smallgroups import hidden_groups

from . import audience
from .models import Answer, Completion, Question, Response, Survey
from .stats import mean_interval, nps_interval


def response_rate(survey: Survey) -> dict[str, Any]:
    invited = len(audience.invitations(survey, today=clock.today()))
    answered = Completion.objects.filter(survey=survey).count()
    rate = answered / invited if invited else None
    return {"invited": invited, "answered": answered, "rate": rate}


def _question_figures(question: Question, answers: list[Answer], show_text: bool) -> dict[str, Any]:
    numbers = [a.number for a in answers if a.number is not None]
    out: dict[str, Any] = {
        "id": question.pk,
        "kind": question.kind,
        "text": question.text,
        "n": len(answers),
        "mean": None,
        "ci_low": None,
        "ci_high": None,
        "distribution": {},
        "nps": None,
        "texts": [],
    }
    if question.kind in (Question.Kind.LIKERT, Question.Kind.NPS) and numbers:
        est = mean_interval(numbers)
        out.update(mean=est.value, ci_low=est.ci_low, ci_high=est.ci_high)
        scale = range(1, 6) if question.kind == Question.Kind.LIKERT else range(11)
        counts = Counter(numbers)
        out["distribution"] = {str(v): counts.get(v, 0) for v in scale}
        if question.kind == Question.Kind.NPS:
            nps = nps_interval(numbers)
            out["nps"] = {"score": nps.value, "ci_low": nps.ci_low, "ci_high": nps.ci_high}
    elif question.kind in (Question.Kind.CHOICE, Question.Kind.MULTI_CHOICE):
        counts = Counter(c for a in answers for c in a.choices)
        out["distribution"] = {o: counts.get(o, 0) for o in question.options}
    elif question.kind == Question.Kind.TEXT and show_text:
        out["texts"] = sorted(a.text for a in answers if a.text)
    return out


def survey_results(survey: Survey, *, by: str = "") -> dict[str, Any]:
    """``{responses, response_rate, suppressed, threshold, questions, groups}``."""
    threshold = survey.min_group_size
    responses = list(Response.objects.filter(survey=survey).values_list("pk", "role"))
    rate = response_rate(survey)
    out: dict[str, Any] = {
        "responses": len(responses),
        "response_rate": rate["rate"],
        "invited": rate["invited"],
        "answered": rate["answered"],
        "threshold": threshold,
        "suppressed": len(responses) < threshold,
        "questions": [],
        "groups": [],
    }
    if out["suppressed"]:
        return out
    answers: dict[int, list[Answer]] = defaultdict(list)
    role_of = dict(responses)
    by_role: dict[str, dict[int, list[Answer]]] = defaultdict(lambda: defaultdict(list))
    for answer in Answer.objects.filter(response__survey=survey).order_by("pk"):
        answers[answer.question_id].append(answer)
        by_role[role_of[answer.response_id] or "everyone"][answer.question_id].append(answer)
    questions = list(survey.questions.all())
    for q in questions:
        show = q.kind != Question.Kind.TEXT or len(answers[q.pk]) >= threshold
        out["questions"].append(_question_figures(q, answers[q.pk], show))
    if by == "role":
        out["groups"] = _groups(
            questions, by_role, Counter(r or "everyone" for _, r in responses), threshold
        )
    return out


def _groups(
    questions: list[Question],
    by_role: dict[str, dict[int, list[Answer]]],
    counts: Counter[str],
    threshold: int,
) -> list[dict[str, Any]]:
    hidden = hidden_groups(counts, threshold)
    groups: list[dict[str, Any]] = []
    for role in sorted(counts):
        if role in hidden:
            groups.append({"group": role, "responses": None, "suppressed": True, "questions": []})
            continue
        figures = [
            _question_figures(q, by_role[role][q.pk], False)
            for q in questions
            if q.kind != Question.Kind.TEXT
        ]
        groups.append(
            {"group": role, "responses": counts[role], "suppressed": False, "questions": figures}
        )
    return groups
