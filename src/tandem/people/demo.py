"""Demo step: a believable organisation — departments, a manager tree, offices across time
zones, levels, languages, profiles with skills and goals — and the demo logins of API.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from tandem.accounts.models import User

from .models import Person, Profile, ProfileSkill, Skill
from .selectors import resolve_skill_names

OFFICES = [  # (location, time zone, local language or "")
    ("London", "Europe/London", ""),
    ("New York", "America/New_York", ""),
    ("San Francisco", "America/Los_Angeles", ""),
    ("Berlin", "Europe/Berlin", "German"),
    ("Bangalore", "Asia/Kolkata", "Hindi"),
    ("Singapore", "Asia/Singapore", "Mandarin"),
    ("Tokyo", "Asia/Tokyo", "Japanese"),
    ("São Paulo", "America/Sao_Paulo", "Portuguese"),
    ("Toronto", "America/Toronto", "French"),
    ("Madrid", "Europe/Madrid", "Spanish"),
]

DEPARTMENTS: dict[str, dict[str, Any]] = {
    "Engineering": {
        "weight": 6,
        "roles": ["Software Engineer", "Engineering Manager"],
        "skills": [
            "Python",
            "System design",
            "Cloud architecture",
            "Code review",
            "Technical leadership",
            "DevOps",
        ],
    },
    "Product": {
        "weight": 2,
        "roles": ["Product Manager", "Group Product Manager"],
        "skills": [
            "Product strategy",
            "Roadmapping",
            "User research",
            "Stakeholder management",
            "Prioritisation",
        ],
    },
    "Design": {
        "weight": 1.5,
        "roles": ["Product Designer", "Design Manager"],
        "skills": ["UX design", "User research", "Prototyping", "Accessibility"],
    },
    "Data": {
        "weight": 2,
        "roles": ["Data Analyst", "Data Science Manager"],
        "skills": ["SQL", "Data analysis", "Machine learning", "Data visualisation", "Statistics"],
    },
    "Sales": {
        "weight": 3,
        "roles": ["Account Executive", "Sales Manager"],
        "skills": [
            "Negotiation",
            "Account management",
            "Public speaking",
            "Sales pipeline management",
            "Storytelling",
        ],
    },
    "Marketing": {
        "weight": 2,
        "roles": ["Marketing Manager", "Head of Marketing"],
        "skills": ["Brand strategy", "Content marketing", "Storytelling", "Marketing analytics"],
    },
    "Customer Success": {
        "weight": 2.5,
        "roles": ["Customer Success Manager", "Support Lead"],
        "skills": [
            "Customer empathy",
            "Conflict resolution",
            "Account management",
            "Active listening",
        ],
    },
    "Finance": {
        "weight": 1.5,
        "roles": ["Financial Analyst", "Finance Manager"],
        "skills": ["Financial modelling", "Budgeting", "Forecasting", "Excel"],
    },
    "People": {
        "weight": 1.2,
        "roles": ["People Partner", "L&D Manager"],
        "skills": [
            "Coaching",
            "Talent development",
            "Employee relations",
            "Diversity and inclusion",
        ],
    },
    "Legal": {
        "weight": 0.6,
        "roles": ["Legal Counsel", "General Counsel"],
        "skills": ["Contract negotiation", "Compliance", "Risk management"],
    },
    "Operations": {
        "weight": 1.5,
        "roles": ["Operations Analyst", "Operations Manager"],
        "skills": ["Process improvement", "Project management", "Change management"],
    },
}
LEADERSHIP_SKILLS = [
    "Leadership",
    "Giving feedback",
    "Delegation",
    "Coaching",
    "Strategic thinking",
    "Managing managers",
    "Executive presence",
]
CAREER_GOAL_TEMPLATES = [
    "I want to grow into a {next_role} role within two years and get better at {skill}.",
    "Become confident in {skill} and {skill2} so I can lead bigger projects.",
    "I'd like to move towards {dept2} and understand how {skill} works in practice.",
    "Build my network outside {dept}, improve my {skill}, and prepare for promotion.",
    "Learn to lead a team: {skill}, {skill2}, and handling difficult conversations.",
]
BIO_TEMPLATES = [
    "{years} years in {dept}, currently a {title}. I enjoy {skill} and helping others "
    "get started with {skill2}.",
    "{title} based in {location}. Before this I worked in {prev}. Happy to talk about "
    "{skill}, careers, and balancing work and life.",
]
INTERESTS = [
    "running",
    "cycling",
    "chess",
    "photography",
    "cooking",
    "hiking",
    "music",
    "board games",
    "reading",
    "gardening",
    "yoga",
    "football",
    "travel",
    "painting",
    "volunteering",
    "climbing",
    "languages",
    "podcasts",
]
EMPLOYEE_DOMAIN = "example.com"
LEVEL_TITLES = {12: "Chief Executive Officer", 10: "VP", 9: "Director", 8: "Senior Manager"}


@dataclass(frozen=True)
class DemoLogin:
    key: str
    email: str
    department: str
    level: int
    title: str


DEMO_LOGINS = [
    DemoLogin("admin", "admin@demo.tandem.test", "People", 9, "Director of People & Learning"),
    DemoLogin("manager", "manager@demo.tandem.test", "People", 6, "Mentoring Program Manager"),
    DemoLogin("mentor", "mentor@demo.tandem.test", "Engineering", 8, "Engineering Manager"),
    DemoLogin("mentee", "mentee@demo.tandem.test", "Data", 3, "Data Analyst"),
    DemoLogin("employee", "employee@demo.tandem.test", "Sales", 3, "Account Executive"),
]


def build(ctx: Any) -> None:
    skills = _skill_catalogue()
    people = _create_people(ctx)
    _assign_logins(ctx, people)
    _create_profiles(ctx, people, skills)
    ctx.people = people
    ctx.say(f"  people: {len(people)} in {len(DEPARTMENTS)} departments, {len(OFFICES)} offices")


def _skill_catalogue() -> dict[str, Skill]:
    names = sorted({s for d in DEPARTMENTS.values() for s in d["skills"]} | set(LEADERSHIP_SKILLS))
    found, unknown = resolve_skill_names(names)
    for name in unknown:
        found[name] = Skill.objects.create(name=name, category="Demo")
    return found


def _new_person(ctx: Any, n: int, dept: str, level: int, title: str) -> Person:
    location, tz, language = OFFICES[ctx.rng.randrange(len(OFFICES))]
    first, last = ctx.faker.first_name(), ctx.faker.last_name()
    years = ctx.rng.choices([0, 1, 2, 3, 5, 8], weights=[2, 3, 3, 3, 2, 1])[0]
    hired = ctx.today - dt.timedelta(days=years * 365 + ctx.rng.randrange(1, 360))
    languages = ["English"] + ([language] if language and ctx.rng.random() < 0.7 else [])
    if ctx.rng.random() < 0.15:
        languages.append(ctx.rng.choice(["Spanish", "French", "German", "Mandarin", "Arabic"]))
    return Person(
        employee_id=f"E{10000 + n}",
        email=f"{first}.{last}.{n}@{EMPLOYEE_DOMAIN}".lower(),
        full_name=f"{first} {last}",
        title=title,
        department=dept,
        location=location,
        time_zone=tz,
        hire_date=hired,
        employment_start=hired,
        job_level=level,
        languages=list(dict.fromkeys(languages)),
    )


def _create_people(ctx: Any) -> list[Person]:
    """A CEO, a VP per department, then managers and their teams down to the target size."""
    rng, people, n = ctx.rng, [], 0

    def add(dept: str, level: int, title: str, manager: Person | None) -> Person:
        nonlocal n
        n += 1
        person = _new_person(ctx, n, dept, level, title)
        person.manager = manager
        people.append(person)
        return person

    ceo = add("Executive", 12, LEVEL_TITLES[12], None)
    total_weight = sum(d["weight"] for d in DEPARTMENTS.values())
    for dept, spec in DEPARTMENTS.items():
        vp = add(dept, 10, f"VP {dept}", ceo)
        headcount = max(4, round((ctx.size - 1 - len(DEPARTMENTS)) * spec["weight"] / total_weight))
        managers = [
            add(dept, rng.choice([7, 8, 9]), spec["roles"][1], vp)
            for _ in range(max(1, headcount // 7))
        ]
        for _ in range(headcount - len(managers)):
            level = rng.choices([1, 2, 3, 4, 5, 6], weights=[1, 3, 4, 4, 3, 2])[0]
            senior = "Senior " if level >= 5 else ""
            add(dept, level, f"{senior}{spec['roles'][0]}", rng.choice(managers))
    _recently_hire(ctx, people)
    return _save_tree(people)


def _recently_hire(ctx: Any, people: list[Person]) -> None:
    """About 8% of individual contributors joined in the last 90 days (onboarding programs)."""
    for person in people:
        if (person.job_level or 0) <= 3 and ctx.rng.random() < 0.12:
            person.hire_date = ctx.today - dt.timedelta(days=ctx.rng.randrange(5, 90))
            person.employment_start = person.hire_date


def _save_tree(people: list[Person]) -> list[Person]:
    managers = {id(p): p.manager for p in people}
    for person in people:
        person.manager = None
    saved = Person.objects.bulk_create(people)
    for person in saved:
        person.manager = managers[id(person)]
    Person.objects.bulk_update(saved, ["manager"], batch_size=500)
    return saved


def _assign_logins(ctx: Any, people: list[Person]) -> None:
    """Turn a fitting person into each demo login; the mentor is outside the mentee's chain."""
    password = settings.TANDEM_DEMO_PASSWORD
    used: set[int] = set()
    for login in DEMO_LOGINS:
        person = next(
            p
            for p in people
            if p.pk not in used
            and p.department == login.department
            and (p.job_level or 0) in {login.level, login.level - 1, login.level + 1}
            and p.manager_id is not None
        )
        used.add(person.pk)
        person.email, person.title, person.job_level = login.email, login.title, login.level
        person.user = User.objects.create_user(
            login.email,
            password,
            first_name=person.full_name.split()[0],
            is_org_admin=login.key == "admin",
        )
        person.save()
        ctx.logins[login.key] = person
    ceo = next(p for p in people if p.manager_id is None)
    ceo.email = "leader@demo.tandem.test"
    ceo.user = User.objects.create_user(ceo.email, password, is_leader=True)
    ceo.save()
    ctx.logins["leader"] = ceo


def _create_profiles(ctx: Any, people: list[Person], skills: dict[str, Skill]) -> None:
    rng = ctx.rng
    profiles, rows = [], []
    for person in people:
        if person.pk not in {p.pk for p in ctx.logins.values()} and rng.random() < 0.12:
            continue  # some people never fill in a profile
        profile = Profile(
            person=person,
            **_profile_texts(ctx, person),
            interests=rng.sample(INTERESTS, rng.randint(1, 4)),
            meeting_format=rng.choice(["virtual", "in_person", "either", "either"]),
            availability_hours_per_month=rng.choice([1, 2, 2, 3, 4]),
        )
        profiles.append(profile)
    Profile.objects.bulk_create(profiles)
    for profile in profiles:
        rows.extend(_profile_skills(ctx, profile, skills))
    ProfileSkill.objects.bulk_create(rows, batch_size=1000)


def _own_skills(person: Person) -> list[str]:
    spec = DEPARTMENTS.get(person.department)
    own = list(spec["skills"]) if spec else []
    return list(dict.fromkeys(own + (LEADERSHIP_SKILLS if (person.job_level or 0) >= 6 else [])))


def _profile_texts(ctx: Any, person: Person) -> dict[str, str]:
    rng, own = ctx.rng, _own_skills(person) or LEADERSHIP_SKILLS
    skill, skill2 = rng.sample(own + LEADERSHIP_SKILLS, 2)
    values = {
        "skill": skill.lower(),
        "skill2": skill2.lower(),
        "dept": person.department,
        "dept2": rng.choice(list(DEPARTMENTS)),
        "title": person.title,
        "location": person.location,
        "years": max(1, (person.job_level or 1) + rng.randint(0, 4)),
        "prev": ctx.faker.company(),
        "next_role": "team lead" if (person.job_level or 0) < 5 else "director",
    }
    return {
        "bio": rng.choice(BIO_TEMPLATES).format(**values),
        "career_goals": rng.choice(CAREER_GOAL_TEMPLATES).format(**values),
    }


def _profile_skills(ctx: Any, profile: Profile, skills: dict[str, Skill]) -> list[ProfileSkill]:
    rng, person = ctx.rng, profile.person
    own = _own_skills(person)
    level = person.job_level or 1
    expertise = _distinct(rng.sample(own, min(len(own), 2 + level // 3)) if own else [], skills)
    rows = [
        ProfileSkill(
            profile=profile,
            skill=skills[name],
            kind="expertise",
            level=max(1, min(5, level // 2 + rng.randint(0, 2))),
        )
        for name in expertise
    ]
    taken = {skills[name].pk for name in expertise}
    pool = sorted({*own, *LEADERSHIP_SKILLS, *rng.choice(list(DEPARTMENTS.values()))["skills"]})
    wanted = _distinct(rng.sample(pool, min(len(pool), rng.randint(2, 4))), skills)
    rows += [
        ProfileSkill(profile=profile, skill=skills[name], kind="development")
        for name in wanted
        if skills[name].pk not in taken
    ]
    return rows


def _distinct(names: list[str], skills: dict[str, Skill]) -> list[str]:
    """Names whose taxonomy skill is not listed yet (two names may alias the same skill)."""
    seen: set[int] = set()
    distinct = []
    for name in names:
        if skills[name].pk not in seen:
            seen.add(skills[name].pk)
            distinct.append(name)
    return distinct
