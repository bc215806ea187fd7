# ruff: noqa: E501 — prose and quiz texts read better unbroken
"""Shipped training for mentors: listening, feedback, inclusion, role and boundaries."""

from __future__ import annotations

from typing import Any


def _q(text: str, right: list[str], wrong: list[str], kind: str = "single") -> dict[str, Any]:
    options = [{"text": t, "correct": True} for t in right] + [
        {"text": t, "correct": False} for t in wrong
    ]
    # a stable order that does not always put the right answer first
    k = len(text) % len(options)
    options = options[k:] + options[:k]
    return {"text": text, "kind": kind, "options": options}


ACTIVE_LISTENING: dict[str, Any] = {
    "key": "active-listening",
    "title": "Active listening",
    "summary": "Hear what your mentee means, not only what they say.",
    "audience": "mentors",
    "minutes": 20,
    "sections": [
        {
            "title": "Why listening comes first",
            "body_markdown": """Most mentees do not arrive with a tidy question. They arrive with a
situation: a difficult colleague, a promotion that went to someone else, a project that
feels too big. If you jump to advice in the first five minutes you answer the problem you
*imagine* they have.

Listening well does three things:

- it shows respect, so your mentee keeps talking and tells you the part that matters;
- it lets them hear their own thinking out loud, which is often where the answer appears;
- it gives you the facts you need before you say anything useful.

A useful rule for a first meeting: talk for no more than a third of the time.""",
        },
        {
            "title": "The four habits",
            "body_markdown": """1. **Attend.** Close the laptop lid, silence notifications, look at
   the person (or the camera). Let pauses last; silence is thinking time.
2. **Reflect.** Say back, briefly and in your own words, what you heard: *"So the deadline
   isn't the worry — it's that nobody told you the scope changed."* Your mentee corrects you
   if you got it wrong, and both of you learn something.
3. **Ask open questions.** *What*, *how* and *tell me about* invite a story; *did you* and
   *is it* invite a yes or no. "What did you try?" beats "Did you talk to your manager?"
4. **Summarise before you advise.** At the end of a topic, name what you heard and ask:
   *"Is that the heart of it?"* Only then offer ideas — and ask if they want them.""",
        },
        {
            "title": "Traps to avoid",
            "body_markdown": """- **The autobiography.** "When that happened to me…" is sometimes
  helpful, but keep it short and hand the conversation back.
- **Fixing too early.** A solution offered before the problem is understood is usually
  polite to hear and useless to apply.
- **Rehearsing your reply** while they are still talking. If you notice it, stop and go back
  to listening; you can ask them to repeat the last part.
- **Filling silence.** Count to five in your head before you speak after a question.

Try this at your next meeting: write down the one sentence your mentee said that surprised
you. If you cannot find one, you were probably talking too much.""",
        },
    ],
    "quiz": {
        "pass_mark": 75,
        "questions": [
            _q(
                "Your mentee says: “I don't think I'm cut out for managing people.” What is the best first response?",
                ["“What happened that makes you feel that way?”"],
                [
                    "“Of course you are, everyone feels that at first.”",
                    "“Let me tell you about my first year as a manager.”",
                    "“Have you read a book on management?”",
                ],
            ),
            _q(
                "Which of these are open questions?",
                ["“How did the team react?”", "“What would a good outcome look like?”"],
                ["“Did you tell your manager?”", "“Is the deadline fixed?”"],
                kind="multiple",
            ),
            _q(
                "What is reflecting?",
                ["Saying back in your own words what you heard, so it can be corrected"],
                [
                    "Telling a similar story from your own career",
                    "Thinking quietly about the answer you will give",
                    "Writing detailed notes during the meeting",
                ],
            ),
            _q(
                "When should you offer advice?",
                ["After summarising the issue and asking whether advice is wanted"],
                [
                    "As early as possible, to save time",
                    "Never: a mentor only asks questions",
                    "Only in writing after the meeting",
                ],
            ),
        ],
    },
}

CONSTRUCTIVE_FEEDBACK: dict[str, Any] = {
    "key": "constructive-feedback",
    "title": "Giving constructive feedback",
    "summary": "Specific, kind and useful: feedback people can act on.",
    "audience": "mentors",
    "minutes": 25,
    "sections": [
        {
            "title": "What feedback is for",
            "body_markdown": """Feedback is information about the effect of someone's behaviour,
offered so they can choose what to do next. It is not a verdict on who they are.

Good feedback is **specific** (one situation, one behaviour), **timely** (close to the
event), **about something they can change**, and **asked for or agreed** — in mentoring,
agree at the start of the relationship how you will give it.""",
        },
        {
            "title": "Situation, behaviour, impact",
            "body_markdown": """A simple structure keeps feedback factual:

| step | example |
| --- | --- |
| Situation | "In Tuesday's design review…" |
| Behaviour | "…you answered the first three questions before the presenter could…" |
| Impact | "…and she stopped explaining her reasoning, so we never heard her trade-offs." |

Then **ask**, don't tell: *"How did it look from where you were?"* and *"What might you try
next time?"* The person who finds the next step owns it.

Avoid *always* and *never*; describe what you saw, not what you guess they intended.""",
        },
        {
            "title": "Praise that teaches",
            "body_markdown": """Positive feedback deserves the same precision. "Great job" feels nice
and teaches nothing. "Opening with the customer's own numbers got the finance team on side
in two minutes" tells your mentee exactly what to repeat.

Aim for more specific praise than correction; people keep listening to someone who notices
what works.""",
        },
        {
            "title": "Receiving feedback as a mentor",
            "body_markdown": """Ask your mentee for feedback on the mentoring itself every few
meetings: *"What has been most useful? What should we do less of?"* Thank them, don't
defend, and change something visible. It shows that feedback is safe in both directions.""",
        },
    ],
    "quiz": {
        "pass_mark": 75,
        "questions": [
            _q(
                "Which statement follows situation–behaviour–impact?",
                [
                    "“In the client call, you interrupted twice, and the client stopped sharing details.”"
                ],
                [
                    "“You're always too pushy with clients.”",
                    "“Clients don't like you much.”",
                    "“Try to be nicer next time.”",
                ],
            ),
            _q(
                "What makes feedback constructive?",
                [
                    "It is about a specific behaviour",
                    "It is about something the person can change",
                ],
                [
                    "It covers everything at once, once a year",
                    "It explains what the person intended",
                ],
                kind="multiple",
            ),
            _q(
                "Why make praise specific?",
                ["So the person knows exactly what to repeat"],
                [
                    "So it sounds more sincere than it is",
                    "Because general praise is forbidden",
                    "So that criticism can follow immediately",
                ],
            ),
            _q(
                "Your mentee tells you the meetings feel like lectures. What do you do?",
                ["Thank them, ask what would help, and change the format"],
                [
                    "Explain why your approach is right",
                    "Move to fewer meetings",
                    "Ask the program manager to find a new mentee",
                ],
            ),
        ],
    },
}

INCLUSIVE_MENTORING: dict[str, Any] = {
    "key": "inclusive-mentoring",
    "title": "Inclusive mentoring and unconscious bias",
    "summary": "Notice the shortcuts your mind takes, and mentor everyone well.",
    "audience": "mentors",
    "minutes": 25,
    "sections": [
        {
            "title": "Shortcuts we all take",
            "body_markdown": """Unconscious biases are mental shortcuts: quick judgements based on
patterns we have absorbed. Everyone has them. They matter in mentoring because a mentor
opens doors — and we tend to open them for people who remind us of ourselves.

Common ones:

- **Affinity bias**: warming to people with our background, school, accent or hobbies.
- **Confirmation bias**: noticing evidence that fits our first impression.
- **Halo and horns**: one strong trait colouring everything else.
- **Attribution**: crediting our own successes to skill and others' to luck.""",
        },
        {
            "title": "What inclusive mentors do",
            "body_markdown": """- Ask about your mentee's goals instead of assuming them. Not every
  parent wants fewer hours; not every engineer wants to become a manager.
- Learn how things look from their position. The same "be more visible" advice lands
  differently for someone who is the only person like them in the room.
- **Sponsor**, not only advise: mention their work in rooms they are not in, recommend them
  for stretch projects, introduce them to people.
- Check the advice you give: would you say the same to someone of a different gender, age or
  background?""",
        },
        {
            "title": "When you get it wrong",
            "body_markdown": """You will make a mistake at some point — a wrong assumption, a clumsy
word. Acknowledge it briefly, apologise without a speech, and do better. Making your mentee
comfort you turns the relationship upside down.

If your mentee describes bias they experience, listen first; believe their account of their
experience; ask what support they want before acting on their behalf.""",
        },
    ],
    "quiz": {
        "pass_mark": 75,
        "questions": [
            _q(
                "Affinity bias is…",
                ["Favouring people who are similar to us"],
                [
                    "Judging everything by one strong trait",
                    "Looking only for evidence that confirms a belief",
                    "A preference for working alone",
                ],
            ),
            _q(
                "Which actions are sponsorship?",
                [
                    "Recommending your mentee for a stretch project",
                    "Mentioning their work in a meeting they don't attend",
                ],
                ["Telling them to speak up more", "Lending them a book"],
                kind="multiple",
            ),
            _q(
                "You realise you assumed your mentee wanted fewer responsibilities after becoming a parent. What now?",
                ["Acknowledge it briefly, apologise, and ask what they want"],
                [
                    "Say nothing, it will pass",
                    "Explain at length why it was a natural assumption",
                    "Ask the program to rematch them",
                ],
            ),
        ],
    },
}

ROLE_AND_BOUNDARIES: dict[str, Any] = {
    "key": "mentor-role-and-boundaries",
    "title": "The mentor's role and boundaries",
    "summary": "What a mentor is, what a mentor is not, and what stays confidential.",
    "audience": "mentors",
    "minutes": 15,
    "sections": [
        {
            "title": "Mentor, manager, coach, therapist",
            "body_markdown": """A **mentor** shares experience and perspective to help someone
grow; the mentee sets the agenda. A **manager** sets objectives and assesses performance. A
**coach** helps someone find their own answers, often without domain experience. A
**therapist** treats mental-health difficulties.

You are the first of these. You don't evaluate your mentee's performance, you don't
decide their pay or promotion, and you are not qualified — or expected — to provide
therapy.""",
        },
        {
            "title": "Confidentiality and its limits",
            "body_markdown": """What your mentee tells you stays between you, unless they agree
otherwise. Do not pass it to their manager, even with good intentions.

The limits: if someone is at risk of harm, or you hear about harassment, fraud or a legal
breach, you must act through the proper channels (HR, the ethics line). Say so at the start
of the relationship, so it never comes as a surprise.""",
        },
        {
            "title": "Healthy boundaries",
            "body_markdown": """- Agree how and when you are reachable; mentoring is not a 24/7
  helpline.
- Refer on when a topic is beyond you: the Employee Assistance Programme for personal
  crises, HR for employment matters.
- Keep the relationship professional; declining gifts and favours protects you both.
- Ending well is part of the role: close the relationship when its goals are met, with a
  short review of what was achieved.""",
        },
    ],
    "quiz": {
        "pass_mark": 70,
        "questions": [
            _q(
                "Your mentee's manager asks how your mentee is doing in your sessions. You…",
                ["Say that sessions are confidential and suggest they ask the mentee"],
                [
                    "Share a short summary, since you both want the best for them",
                    "Forward your notes",
                    "Tell them only the negative points",
                ],
            ),
            _q(
                "When may you break confidentiality?",
                ["When someone is at risk of harm, or you learn of harassment or fraud"],
                [
                    "Whenever the manager asks",
                    "Never, under any circumstances",
                    "When the mentee misses two meetings",
                ],
            ),
            _q(
                "Your mentee describes a personal crisis that is affecting their sleep. What do you do?",
                ["Listen, and point them to the Employee Assistance Programme"],
                [
                    "Schedule daily sessions to work through it",
                    "Tell their manager to reduce their workload",
                    "Change the subject back to their goals",
                ],
            ),
        ],
    },
}

MENTOR_MODULES = [ACTIVE_LISTENING, CONSTRUCTIVE_FEEDBACK, INCLUSIVE_MENTORING, ROLE_AND_BOUNDARIES]
