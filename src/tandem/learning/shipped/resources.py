# ruff: noqa: E501 — prose reads better unbroken
"""The 30 resources Tandem ships in its library (original text; books by title and author)."""

from __future__ import annotations

from typing import Any


def _r(  # noqa: PLR0917 — a compact table of shipped rows
    key: str,
    title: str,
    kind: str,
    body: str,
    tags: list[str],
    skills: list[str],
    weeks: list[int] | None = None,
    author: str = "",
    url: str = "",
) -> dict[str, Any]:
    return {
        "key": key,
        "title": title,
        "kind": kind,
        "body_markdown": body.strip(),
        "tags": tags,
        "skills": skills,
        "weeks": weeks or [],
        "author": author,
        "url": url,
    }


GUIDES = [
    _r(
        "first-meeting-guide",
        "Your first mentoring meeting",
        "guide",
        """
The first meeting sets the tone. Aim to leave it with three things: a sense of each other, an idea of what the mentee wants, and a date for the next meeting.

1. **Introductions (15 min).** Careers in brief, and one thing outside work.
2. **Hopes (20 min).** What would make this worthwhile in six months?
3. **Ways of working (15 min).** How often, where, how to reschedule, what stays confidential.
4. **Next step (10 min).** One small action each, and the next date in both calendars.
""",
        ["getting started", "agreement"],
        ["Mentoring Others", "Building Trust"],
        [1],
    ),
    _r(
        "mentoring-agreement-guide",
        "Writing a mentoring agreement that helps",
        "guide",
        """
An agreement is not a contract; it is a shared memory of what you decided. Keep it to one page: goals in a sentence each, cadence and format, confidentiality and its limits, how either of you can end the relationship without awkwardness, and a review date. Revisit it at the midpoint.
""",
        ["agreement", "getting started"],
        ["Mentoring Others", "Accountability"],
        [1, 2],
    ),
    _r(
        "smart-goals-guide",
        "From wish to SMART goal",
        "guide",
        """
Take a wish ("get better at stakeholder management") and ask: *what would I see if it were true?* Turn the answer into something specific and measurable with a date: "Run the quarterly planning session with the three regional leads and get a signed-off plan by 30 June." Then agree two or three milestones.
""",
        ["goals"],
        ["Career Planning", "Prioritisation"],
        [2, 3],
    ),
    _r(
        "feedback-sbi-guide",
        "Feedback with situation, behaviour, impact",
        "guide",
        """
Describe the **situation** (when and where), the **behaviour** (what was said or done, as a camera would record it) and the **impact** (what it caused). Then ask how it looked from their side. Keep judgements of character out: they start arguments, not change.
""",
        ["feedback"],
        ["Giving Feedback", "Difficult Conversations"],
        [4, 5],
    ),
    _r(
        "stretch-assignments-guide",
        "Finding a stretch assignment",
        "guide",
        """
Growth comes mostly from doing. A good stretch assignment is visible, a bit beyond current skills, time-boxed, and has a sponsor who wants it to succeed. Mentors can help mentees spot one, shape the pitch to their manager, and debrief what was learnt.
""",
        ["career", "growth"],
        ["Career Planning", "Internal Mobility", "Learning Agility"],
        [6, 7, 8],
    ),
    _r(
        "closing-well-guide",
        "Ending a mentoring relationship well",
        "guide",
        """
Plan the last meeting. Look back at the goals: what was achieved, what changed, what is next. Each say what you learnt from the other. Decide whether and how you will stay in touch. A clean ending makes the next mentoring relationship easier to start.
""",
        ["closure"],
        ["Mentoring Others", "Self-Awareness"],
        [10, 11, 12],
    ),
    _r(
        "remote-mentoring-guide",
        "Mentoring across time zones and screens",
        "guide",
        """
Pick a slot inside both working days and keep it fixed. Cameras on when you can; a shared document for the agenda and actions. Check in on energy: late evening calls for one of you will not last. Short voice notes between meetings keep momentum.
""",
        ["remote", "getting started"],
        ["Remote Team Leadership", "Cross-Cultural Communication"],
        [],
    ),
]

CHECKLISTS = [
    _r(
        "before-each-meeting",
        "Before each meeting (mentee)",
        "checklist",
        """
- [ ] What did I do since last time? What happened?
- [ ] One or two topics, written as questions
- [ ] Anything to share in advance (a draft, a plan)
- [ ] What kind of help do I want: opinion, thinking partner, introduction, review?
""",
        ["preparation"],
        ["Time Management", "Self-Awareness"],
        [],
    ),
    _r(
        "mentor-prep-checklist",
        "Before each meeting (mentor)",
        "checklist",
        """
- [ ] Re-read the last notes and the agreed actions
- [ ] One question to open with ("What's been on your mind since we met?")
- [ ] Any introduction or resource promised last time
- [ ] Fifteen quiet minutes blocked before the call
""",
        ["preparation"],
        ["Mentoring Others", "Active Listening"],
        [],
    ),
    _r(
        "midpoint-review-checklist",
        "Midpoint review",
        "checklist",
        """
- [ ] Are the goals still the right goals?
- [ ] What has been most useful so far? Least?
- [ ] Is the cadence working for both of us?
- [ ] What should we do differently in the second half?
""",
        ["review", "goals"],
        ["Accountability", "Receiving Feedback"],
        [6],
    ),
    _r(
        "promotion-case-checklist",
        "Preparing a promotion case",
        "checklist",
        """
- [ ] The criteria of the next level, in your organisation's words
- [ ] Three pieces of evidence per criterion, with outcomes and numbers
- [ ] Who will speak for you, and do they know what to say?
- [ ] Gaps you will close next, with dates
""",
        ["career", "promotion"],
        ["Navigating Promotions", "Personal Branding"],
        [8, 9],
    ),
    _r(
        "difficult-conversation-checklist",
        "Before a difficult conversation",
        "checklist",
        """
- [ ] What do I want for me, for them, for the relationship?
- [ ] The facts I have, kept apart from the story I tell myself about them
- [ ] My opening sentence, written down
- [ ] A question that invites their view
""",
        ["conversations"],
        ["Difficult Conversations", "Conflict Resolution", "Emotional Intelligence"],
        [4, 5],
    ),
]

STARTERS = [
    _r(
        "starter-first-meeting",
        "Questions for getting to know each other",
        "starter",
        """
- What part of your work gives you energy? What drains it?
- Which decision in your career are you proudest of?
- Who has shaped how you work, and how?
""",
        ["getting started"],
        ["Building Trust", "Interpersonal Communication"],
        [1],
    ),
    _r(
        "starter-goals",
        "Questions for finding goals",
        "starter",
        """
- If we met in a year and things had gone brilliantly, what would you tell me?
- What would you like to be known for?
- What is one skill that would make everything else easier?
""",
        ["goals"],
        ["Career Planning", "Vision Setting"],
        [1, 2],
    ),
    _r(
        "starter-setbacks",
        "Questions after a setback",
        "starter",
        """
- What happened, in order?
- What was in your control, and what wasn't?
- What would you do the same again? What differently?
""",
        ["resilience"],
        ["Resilience", "Growth Mindset"],
        [],
    ),
    _r(
        "starter-career",
        "Questions about the next career step",
        "starter",
        """
- Which roles around you look interesting, and why?
- Who does the job you might want? Have you asked them about it?
- What would you need to be true to move in the next year?
""",
        ["career"],
        ["Career Planning", "Networking", "Internal Mobility"],
        [7, 8],
    ),
    _r(
        "starter-leadership",
        "Questions about leading people",
        "starter",
        """
- Think of the best manager you had: what did they do that others didn't?
- Where do you hold on to work you could delegate?
- How does your team know what good looks like?
""",
        ["leadership"],
        ["Leading Teams", "Delegation", "First-Time Management"],
        [5, 6],
    ),
    _r(
        "starter-reverse",
        "Questions for reverse mentoring",
        "starter",
        """
- What do people at your level see that leaders often miss?
- Which tool or habit of yours should I try this month?
- What would you change about how decisions reach your team?
""",
        ["reverse mentoring"],
        ["Inclusive Leadership", "Adaptability"],
        [],
    ),
]

BOOKS = [
    _r(
        "book-coaching-habit",
        "The Coaching Habit",
        "book",
        "Seven short questions that keep a manager or mentor curious a little longer and rushing to advice a little less. A quick, practical read for mentors.",
        ["coaching", "questions"],
        ["Coaching", "Active Listening"],
        [2, 3],
        author="Michael Bungay Stanier",
    ),
    _r(
        "book-radical-candor",
        "Radical Candor",
        "book",
        "Caring personally while challenging directly: a frame for giving feedback that is neither brutal nor vague.",
        ["feedback", "leadership"],
        ["Giving Feedback", "Leading Teams"],
        [4, 5],
        author="Kim Scott",
    ),
    _r(
        "book-thanks-for-the-feedback",
        "Thanks for the Feedback",
        "book",
        "Why receiving feedback is hard, and how to get value from it even when it is badly delivered. Good for mentees.",
        ["feedback"],
        ["Receiving Feedback", "Self-Awareness"],
        [4, 5],
        author="Douglas Stone and Sheila Heen",
    ),
    _r(
        "book-crucial-conversations",
        "Crucial Conversations",
        "book",
        "Tools for conversations where stakes are high, opinions differ and emotions run strong.",
        ["conversations"],
        ["Difficult Conversations", "Conflict Resolution"],
        [5],
        author="Kerry Patterson, Joseph Grenny, Ron McMillan and Al Switzler",
    ),
    _r(
        "book-mentors-guide",
        "The Mentor's Guide",
        "book",
        "A structured approach to mentoring relationships — preparing, negotiating, enabling growth and coming to closure — with worksheets.",
        ["mentoring", "getting started"],
        ["Mentoring Others"],
        [1],
        author="Lois J. Zachary",
    ),
    _r(
        "book-mindset",
        "Mindset: The New Psychology of Success",
        "book",
        "How believing abilities can grow changes how people take on challenges and setbacks.",
        ["growth", "resilience"],
        ["Growth Mindset", "Resilience"],
        [],
        author="Carol S. Dweck",
    ),
    _r(
        "book-first-90-days",
        "The First 90 Days",
        "book",
        "A playbook for moving into a new role: learning fast, securing early wins, building alliances.",
        ["career", "transitions"],
        ["First-Time Management", "Stakeholder Management"],
        [],
        author="Michael D. Watkins",
    ),
]

VIDEOS = [
    _r(
        "video-listen-better",
        "5 ways to listen better",
        "video",
        "A short talk on conscious listening, with exercises you can try before your next meeting.",
        ["listening"],
        ["Active Listening"],
        [2],
        author="Julian Treasure (TED)",
        url="https://www.ted.com/talks/julian_treasure_5_ways_to_listen_better",
    ),
    _r(
        "video-teaming",
        "How to turn a group of strangers into a team",
        "video",
        "Psychological safety and 'teaming' in fast-moving groups.",
        ["teams", "safety"],
        ["Psychological Safety", "Team Building"],
        [],
        author="Amy Edmondson (TED)",
        url="https://www.ted.com/talks/amy_edmondson_how_to_turn_a_group_of_strangers_into_a_team",
    ),
    _r(
        "video-vulnerability",
        "The power of vulnerability",
        "video",
        "Why connection needs courage — useful before conversations about setbacks.",
        ["trust"],
        ["Building Trust", "Emotional Intelligence"],
        [],
        author="Brené Brown (TED)",
        url="https://www.ted.com/talks/brene_brown_the_power_of_vulnerability",
    ),
]

TEMPLATES = [
    _r(
        "template-meeting-notes",
        "Meeting notes template",
        "template",
        """
**Date:** · **Topics:**

| topic | what we discussed | action | who | by when |
| --- | --- | --- | --- | --- |
|  |  |  |  |  |

**Next meeting:**
""",
        ["notes", "preparation"],
        ["Accountability"],
        [],
    ),
    _r(
        "template-development-plan",
        "Personal development plan",
        "template",
        """
| goal | why it matters | milestones | support needed | review date |
| --- | --- | --- | --- | --- |
|  |  |  |  |  |

Review it with your mentor every four to six weeks.
""",
        ["goals", "career"],
        ["Career Planning", "Self-Awareness"],
        [2, 3],
    ),
]

RESOURCES: list[dict[str, Any]] = [*GUIDES, *CHECKLISTS, *STARTERS, *BOOKS, *VIDEOS, *TEMPLATES]
