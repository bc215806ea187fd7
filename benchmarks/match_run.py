"""End-to-end time of a match run: from "start run" to "proposals saved".

A seeded cohort (default 2,000 mentees and 500 mentors with capacity 1-6, profiles with
skills, career goals, interests, a manager tree) is loaded into a fresh database; then one
run is started and executed the way the worker does it, and the phases are timed:
translate (ORM rows → features → scores), solve (the engine), explain (reasons and unmatched
sentences), save (bulk_create of proposals + fairness), and total. The one-off import of the
text-similarity library (scikit-learn, paid once per worker process) is timed apart.

Databases: SQLite in a temporary TANDEM_DATA_DIR, and PostgreSQL at
postgres://postgres@127.0.0.1:5432/<a fresh temporary database, dropped afterwards> when a
server answers (skipped with a message otherwise). Each database runs in a child process so
Django settings are read fresh.

    .venv/bin/python benchmarks/match_run.py
    .venv/bin/python benchmarks/match_run.py --mentees 500 --mentors 120 --databases sqlite
    .venv/bin/python benchmarks/match_run.py --mentees 20000 --mentors 5000 --pg-database mine
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PHASES = ("translate", "solve", "explain", "save", "total")
DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "People", "Operations", "Data"]
ZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Asia/Kolkata"]
LOCATIONS = ["London", "Paris", "New York", "Tokyo", "Bangalore"]
INTERESTS = ["running", "chess", "cooking", "music", "hiking", "photography", "reading", "yoga"]
GOALS = [
    "become a people manager and lead a team",
    "move into product management",
    "improve public speaking and stakeholder communication",
    "learn data analysis with SQL and Python",
    "grow into a staff engineer role",
    "negotiate better with customers and partners",
]


# --- child process: one database -----------------------------------------------------------


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _seed(mentees: int, mentors: int, seed: int) -> Any:
    from tandem.accounts.models import User
    from tandem.people.models import Person, Profile, ProfileSkill, Skill
    from tandem.programs.models import Participant, Program

    rng = random.Random(seed)
    skills = list(Skill.objects.all()[:120]) or [
        Skill.objects.create(name=f"Skill {i}") for i in range(60)
    ]
    total = mentees + mentors + 50
    people = Person.objects.bulk_create(
        [
            Person(
                employee_id=f"B{i:06d}",
                email=f"b{i}@bench.example.org",
                full_name=f"Person {i}",
                title="Specialist",
                department=rng.choice(DEPARTMENTS),
                location=rng.choice(LOCATIONS),
                time_zone=rng.choice(ZONES),
                job_level=rng.randint(2, 6),
                languages=["English", *rng.sample(["French", "Spanish", "Japanese", "Hindi"], 1)],
            )
            for i in range(total)
        ],
        batch_size=1000,
    )
    for i, person in enumerate(people[50:], start=50):  # a manager tree over the first 50
        person.manager_id = people[rng.randrange(0, min(i, 50))].pk
    Person.objects.bulk_update(people[50:], ["manager"], batch_size=1000)
    profiles = Profile.objects.bulk_create(
        [
            Profile(
                person=p,
                bio=f"I work on {rng.choice(GOALS)}.",
                career_goals=f"I want to {rng.choice(GOALS)}.",
                interests=rng.sample(INTERESTS, 3),
                meeting_format=rng.choice(["virtual", "in_person", "either", "either"]),
            )
            for p in people
        ],
        batch_size=1000,
    )
    rows = []
    for profile in profiles:
        for skill in rng.sample(skills, 4):
            rows.append(
                ProfileSkill(
                    profile=profile, skill=skill, kind="expertise", level=rng.randint(1, 5)
                )
            )
        for skill in rng.sample(skills, 3):
            rows.append(ProfileSkill(profile=profile, skill=skill, kind="development"))
    ProfileSkill.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    manager_user = User.objects.create_user(email="bench-admin@example.org", password="x")
    manager_user.is_org_admin = True
    manager_user.save()
    program = Program.objects.create(
        name="Benchmark program",
        status=Program.Status.MATCHING,
        matching_weights={
            "skills": 3,
            "goals_text": 2,
            "seniority": 1,
            "department": 1,
            "time_zone": 1,
            "language": 1,
            "format": 0.5,
            "interests": 0.5,
        },
        constraints={"preferred_level_gap": [1, 3], "department": "different", "min_score": 0.2},
    )
    people_for_program = people[50:]
    senior = sorted(people_for_program, key=lambda p: -(p.job_level or 0))
    mentor_people, mentee_people = senior[:mentors], senior[mentors : mentors + mentees]
    Participant.objects.bulk_create(
        [
            Participant(
                program=program,
                person=p,
                role="mentor",
                status="approved",
                capacity=rng.randint(1, 6),
            )
            for p in mentor_people
        ]
        + [
            Participant(program=program, person=p, role="mentee", status="approved")
            for p in mentee_people
        ],
        batch_size=1000,
    )
    return program, manager_user


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM), seeding included."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(args: argparse.Namespace) -> None:
    _setup_django()
    from django.db import connection

    from tandem.matchmaking import execution, services

    program, actor = _seed(args.mentees, args.mentors, args.seed)
    # A worker imports the text-similarity library once, at its first run; time it apart.
    warm = time.perf_counter()
    import sklearn.feature_extraction.text  # noqa: F401

    warm = time.perf_counter() - warm
    started = time.perf_counter()
    run = services.start_match_run(program=program, actor=actor, enqueue=False)
    run = execution.execute_match_run(run.pk)
    total = time.perf_counter() - started
    if run.status != "completed":
        raise SystemExit(f"run failed: {run.error}")
    phases = dict(run.stats["phases"])
    phases["total"] = total
    phases["import"] = warm
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "mentees": args.mentees,
                "mentors": args.mentors,
                "phases": phases,
                "matched": run.stats["matched"],
                "proposals": run.proposals.count(),
                "certified": run.stats["certified_optimal"],
                "peak_mb": _peak_mb(),
            }
        )
    )


# --- parent: databases, table --------------------------------------------------------------


def _run_child(env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        "--mentees",
        str(args.mentees),
        "--mentors",
        str(args.mentors),
        "--seed",
        str(args.seed),
    ]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        raise SystemExit(f"benchmark child failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _sqlite(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "TANDEM_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING"}
        env.pop("DATABASE_URL", None)
        return _run_child(env, args)


def _postgres(args: argparse.Namespace) -> dict[str, Any] | None:
    try:
        import psycopg
    except ImportError:
        print("PostgreSQL skipped: psycopg is not installed.")
        return None
    name = args.pg_database or f"tandem_bench_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL skipped: no server at 127.0.0.1:5432 ({str(exc).strip()[:80]}).")
        return None
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            with tempfile.TemporaryDirectory() as data_dir:
                env = {
                    **os.environ,
                    "TANDEM_DATA_DIR": data_dir,
                    "LOG_LEVEL": "WARNING",
                    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
                }
                return _run_child(env, args)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _table(results: list[dict[str, Any]]) -> None:
    print(f"{'database':<12}{'mentees':>9}{'mentors':>9}  {'phase':<10}{'seconds':>9}")
    for r in results:
        for phase in PHASES:
            print(
                f"{r['database']:<12}{r['mentees']:>9}{r['mentors']:>9}  "
                f"{phase:<10}{r['phases'][phase]:>9.2f}"
            )
        print(
            f"  ({r['proposals']} proposals saved, {r['matched']} matched, "
            f"certified optimal: {r['certified']}; one-off library import before the run: "
            f"{r['phases']['import']:.2f}s; peak memory of the process, seeding included: "
            f"{r['peak_mb']:.0f} MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--pg-database",
        help="PostgreSQL database to create, use and drop (default: a fresh temporary name)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    wanted = args.databases.split(",")
    results = []
    if "sqlite" in wanted:
        results.append(_sqlite(args))
    if "postgres" in wanted:
        pg = _postgres(args)
        if pg is not None:
            results.append(pg)
    _table(results)


if __name__ == "__main__":
    main()
