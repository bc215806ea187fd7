"""The ready-made surveys a manager starts from (the closure survey is one of them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

AGREE = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
LIKERT_LABELS = AGREE
# The fixed closure form of earlier versions, kept word for word (migration 0002 moves its data).
CLOSURE_ACHIEVED = "What did you achieve together?"
CLOSURE_RATING = "Overall, the mentoring relationship was worthwhile."
CLOSURE_RECOMMEND = "Would you recommend mentoring to a colleague?"
CLOSURE_NPS = "How likely are you to recommend this program to a colleague?"


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    title: str
    description: str
    trigger: str
    audience: list[str]
    anonymous: bool
    questions: list[dict[str, Any]] = field(default_factory=list)


def _q(
    kind: str, text: str, options: list[str] | None = None, required: bool = True
) -> dict[str, Any]:
    return {"kind": kind, "text": text, "options": options or [], "required": required}


TEMPLATES: dict[str, SurveyTemplate] = {
    t.key: t
    for t in [
        SurveyTemplate(
            "checkin",
            "Check-in after the first meeting",
            "Two minutes on how the first meeting went.",
            "after_first_meeting",
            ["mentor", "mentee"],
            False,
            [
                _q("likert", "Our first meeting was a good use of my time."),
                _q("likert", "I feel comfortable talking openly with my match."),
                _q(
                    "choice",
                    "How often do you plan to meet?",
                    ["Weekly", "Every two weeks", "Monthly"],
                ),
                _q("text", "Anything the program team should know?", required=False),
            ],
        ),
        SurveyTemplate(
            "midpoint",
            "Midpoint survey",
            "Halfway through: what is working, what is not.",
            "midpoint",
            ["mentor", "mentee"],
            True,
            [
                _q("likert", "The relationship is helping me make progress on my goals."),
                _q("likert", "We meet as often as we agreed."),
                _q(
                    "multi_choice",
                    "What would help most now?",
                    ["More structure", "Topic ideas", "Time to meet", "Nothing, it works"],
                ),
                _q("text", "What would you change?", required=False),
            ],
        ),
        SurveyTemplate(
            "closure",
            "Closure survey",
            "When the relationship closes: what you achieved together.",
            "closure",
            ["mentor", "mentee", "peer"],
            False,
            [
                _q("text", CLOSURE_ACHIEVED),
                _q("likert", CLOSURE_RATING),
                _q("choice", CLOSURE_RECOMMEND, ["Yes", "No"]),
                _q("nps", CLOSURE_NPS, required=False),
            ],
        ),
        SurveyTemplate(
            "pre_self",
            "Self-assessment before the program",
            "How confident you feel today on the program's objectives.",
            "fixed",
            ["mentee"],
            True,
            [
                _q("likert", "I feel confident about the skills this program focuses on."),
                _q("likert", "I know who to ask for advice on my career."),
                _q("likert", "I have a clear plan for my development this year."),
            ],
        ),
        SurveyTemplate(
            "post_self",
            "Self-assessment after the program",
            "The same questions as before the program, to see what changed.",
            "fixed",
            ["mentee"],
            True,
            [
                _q("likert", "I feel confident about the skills this program focuses on."),
                _q("likert", "I know who to ask for advice on my career."),
                _q("likert", "I have a clear plan for my development this year."),
            ],
        ),
        SurveyTemplate(
            "mentor_experience",
            "Mentor experience",
            "For mentors: support, time and what they gained.",
            "closure",
            ["mentor"],
            True,
            [
                _q("likert", "The program gave me the support I needed as a mentor."),
                _q("likert", "Mentoring fitted into my working time."),
                _q("likert", "I learned something myself."),
                _q("nps", "How likely are you to mentor again?"),
                _q("text", "What should we improve for mentors?", required=False),
            ],
        ),
    ]
}
