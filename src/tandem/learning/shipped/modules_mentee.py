# ruff: noqa: E501 — prose and quiz texts read better unbroken
"""Shipped training for mentees: getting the most from mentoring, SMART goals."""

from __future__ import annotations

from typing import Any

from .modules_mentor import _q

MOST_FROM_MENTORING: dict[str, Any] = {
    "key": "getting-the-most-from-mentoring",
    "title": "Getting the most from mentoring",
    "summary": "You drive the relationship: prepare, ask, act, and report back.",
    "audience": "mentees",
    "minutes": 15,
    "sections": [
        {
            "title": "You own the agenda",
            "body_markdown": """Mentoring works best when the mentee leads. Your mentor gives time
and experience; you decide what to use it for. Before each meeting, write down:

1. what you did since the last meeting (the actions you agreed);
2. one or two topics for today, as questions: *"How do I push back on a senior stakeholder
   without damaging the relationship?"*;
3. anything you want your mentor to look at in advance.

Send it a day before. Ten minutes of preparation doubles the value of an hour together.""",
        },
        {
            "title": "Ask for what you need",
            "body_markdown": """Say what kind of help you want: *"I'd like your opinion"*, *"I
want to think out loud"*, *"Can you review this draft?"*, *"Who should I talk to about
this?"*. Mentors are not mind readers, and most are glad to be asked for introductions.

Be honest about what is not working — the cadence, the format, the topics. A good mentor
would rather adjust than carry on with a relationship that is polite and useless.""",
        },
        {
            "title": "Act, then report back",
            "body_markdown": """End every meeting with one or two actions you will take, and start
the next one with what happened. Trying something and reporting the result — even when it
went badly — is how advice turns into skill.

Thank your mentor specifically: *"The way you suggested opening the meeting worked; the
director agreed to the pilot."* It is the best motivation a mentor gets.""",
        },
    ],
    "quiz": {
        "pass_mark": 70,
        "questions": [
            _q(
                "Who sets the agenda in a mentoring relationship?",
                ["The mentee"],
                ["The mentor", "The mentee's manager", "The program manager"],
            ),
            _q(
                "Which are good ways to prepare for a meeting?",
                [
                    "Send your topics as questions a day before",
                    "Note what happened with last time's actions",
                ],
                ["Wait to see what your mentor brings", "Prepare slides for the mentor"],
                kind="multiple",
            ),
            _q(
                "The meetings feel unhelpful. What do you do?",
                ["Tell your mentor what isn't working and suggest a change"],
                [
                    "Keep attending and say nothing",
                    "Stop replying to invitations",
                    "Complain to their manager",
                ],
            ),
        ],
    },
}

SMART_GOALS: dict[str, Any] = {
    "key": "setting-smart-goals",
    "title": "Setting SMART goals",
    "summary": "Turn “get better at presenting” into a goal you can finish.",
    "audience": "mentees",
    "minutes": 20,
    "sections": [
        {
            "title": "From wish to goal",
            "body_markdown": """"Get better at presenting" is a wish. You can never tell whether you
have done it, so it never feels finished. A goal is something you can plan, act on and
check. The SMART test helps:

| letter | question | weak | strong |
| --- | --- | --- | --- |
| **S**pecific | What exactly? | present better | present our quarterly results to the leadership team |
| **M**easurable | How will I know? | feel confident | deliver in 10 minutes, answer questions without notes |
| **A**chievable | Is it in my reach? | give a keynote | present at the March review |
| **R**elevant | Why does it matter? | — | I want to lead the analytics team next year |
| **T**ime-bound | By when? | some day | by 31 March |""",
        },
        {
            "title": "Milestones and skills",
            "body_markdown": """Break a goal into two to four milestones, each a few weeks apart:
*draft the deck by 1 March; rehearse with my mentor by 15 March; present on 28 March*.

Link each goal to the skills it develops (in Tandem, the skills on your goal). Your mentor
and the resource library use them to suggest what to read and practise this week.""",
        },
        {
            "title": "Reviewing goals",
            "body_markdown": """Look at your goals with your mentor every few meetings. It is fine
to change a goal when circumstances change — a goal that no longer matters should be
dropped, not dragged along. Mark goals achieved when they are: finishing is part of the
learning.""",
        },
    ],
    "quiz": {
        "pass_mark": 75,
        "questions": [
            _q(
                "Which goal is SMART?",
                ["Present the Q1 results to the leadership team in 10 minutes by 31 March"],
                [
                    "Become a better presenter",
                    "Present more often",
                    "Give a keynote at a major conference eventually",
                ],
            ),
            _q(
                "What does the M in SMART stand for?",
                ["Measurable"],
                ["Meaningful", "Motivating", "Manageable"],
            ),
            _q(
                "Which are good milestones for a presentation goal?",
                ["Draft the slides by 1 March", "Rehearse with my mentor by 15 March"],
                ["Feel more confident", "Think about presenting"],
                kind="multiple",
            ),
            _q(
                "A goal no longer matters after a reorganisation. What should you do?",
                ["Drop it and agree a new one with your mentor"],
                [
                    "Keep it, so your record looks consistent",
                    "Mark it achieved",
                    "Hide it from your mentor",
                ],
            ),
        ],
    },
}

MENTEE_MODULES = [MOST_FROM_MENTORING, SMART_GOALS]
