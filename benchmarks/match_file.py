"""Time ``tandem match-file`` end to end on generated CSV files.

Usage::

    python benchmarks/match_file.py                 # 500 x 100 and 5,000 x 1,000
    python benchmarks/match_file.py --sizes 5000x1000 --solver stable

Writes seeded mentee and mentor CSVs into a temporary folder, runs the command in-process
(reading, scoring, solving, explaining, writing) and prints one table row per size:
mentees, mentors, wall and CPU seconds, matched mentees and their mean score. The first
row also pays one-off imports (scikit-learn, OR-Tools). The target is 5,000 x 1,000
within 15 s.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import random
import tempfile
import time
from pathlib import Path

from tandem.cli.match_file import main

SKILLS = (
    "SQL", "Python", "negotiation", "public speaking", "people management", "budgeting",
    "product strategy", "UX research", "data visualisation", "machine learning", "sales",
    "marketing analytics", "cloud architecture", "Kubernetes", "security", "coaching",
    "stakeholder management", "project management", "accounting", "hiring", "design",
    "writing", "storytelling", "Excel", "forecasting", "supply chain", "legal", "compliance",
)  # fmt: skip
ZONES = (
    "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "America/New_York",
    "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata",
    "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney",
)  # fmt: skip
DEPARTMENTS = ("Finance", "Engineering", "Sales", "Marketing", "Product", "HR", "Legal", "Ops")
LANGUAGES = ("Spanish", "French", "German", "Hindi", "Japanese", "Portuguese")
INTERESTS = ("hiking", "chess", "running", "cooking", "music", "painting", "football", "books")
FORMATS = ("virtual", "in person", "either", "either")
ROLES = ("data lead", "engineering manager", "product director", "sales lead", "CFO")


class _Names:
    """Faker names when installed (seeded), else simple generated ones."""

    def __init__(self, seed: int) -> None:
        try:
            from faker import Faker

            self.faker: object | None = Faker()
            Faker.seed(seed)
        except ImportError:  # pragma: no cover - Faker is a project dependency
            self.faker = None

    def name(self, k: int) -> str:
        if self.faker is not None:
            return str(self.faker.name())  # type: ignore[attr-defined]
        return f"Person {k}"


def _person(rng: random.Random, names: _Names, k: int, prefix: str) -> dict[str, str]:
    name = names.name(k)
    email = f"{prefix}{k}.{name.split()[-1].lower()}@example.com"
    return {
        "Email": email,
        "Name": name,
        "Department": rng.choice(DEPARTMENTS),
        "Time zone": rng.choice(ZONES),
        "Languages": "; ".join({"English", *rng.sample(LANGUAGES, rng.randint(0, 1))}),
        "Meeting format": rng.choice(FORMATS),
        "Interests": "; ".join(rng.sample(INTERESTS, rng.randint(0, 3))),
    }


def write_files(folder: Path, n_mentees: int, n_mentors: int, seed: int = 42) -> tuple[Path, Path]:
    """Write seeded ``mentees.csv`` and ``mentors.csv``; return their paths."""
    rng, names = random.Random(seed), _Names(seed)
    mentors = []
    for k in range(n_mentors):
        row = _person(rng, names, k, "m")
        skills = rng.sample(SKILLS, rng.randint(3, 6))
        row["Expertise"] = "; ".join(f"{s}:{rng.randint(1, 5)}" for s in skills)
        row["Bio"] = f"{rng.choice(ROLES)} who enjoys {skills[0]} and {skills[1]}"
        row["Level"] = str(rng.randint(3, 8))
        has_manager = k > 0 and rng.random() < 0.7
        row["Manager email"] = mentors[rng.randrange(k)]["Email"] if has_manager else ""
        row["Capacity"] = str(rng.randint(2, 8))
        mentors.append(row)
    mentees = []
    for k in range(n_mentees):
        row = _person(rng, names, k, "e")
        skills = rng.sample(SKILLS, rng.randint(1, 4))
        row["Skills to develop"] = "; ".join(skills)
        row["Career goals"] = f"become a {rng.choice(ROLES)}; get better at {skills[0]}"
        row["Level"] = str(rng.randint(1, 5))
        row["Manager email"] = rng.choice(mentors)["Email"] if rng.random() < 0.5 else ""
        row["Requested mentor"] = rng.choice(mentors)["Email"] if rng.random() < 0.05 else ""
        mentees.append(row)
    paths = folder / "mentees.csv", folder / "mentors.csv"
    for path, rows in zip(paths, (mentees, mentors), strict=True):
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return paths


def run_once(n_mentees: int, n_mentors: int, solver: str) -> tuple[float, float, int, float]:
    """Wall seconds, CPU seconds, matched mentees and mean score (0-100) of one run."""
    with tempfile.TemporaryDirectory() as folder:
        mentees, mentors = write_files(Path(folder), n_mentees, n_mentors)
        out = Path(folder) / "matches.csv"
        argv = [str(mentees), str(mentors), "-o", str(out), "--solver", solver, "--no-progress"]
        started, cpu = time.perf_counter(), time.process_time()
        with contextlib.redirect_stderr(io.StringIO()):
            code = main(argv)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        if code != 0:
            raise SystemExit(f"match-file exited with {code}")
        with out.open(encoding="utf-8") as file:
            scores = [float(r["score"]) for r in csv.DictReader(file) if r["score"]]
    return seconds, cpu, len(scores), sum(scores) / max(len(scores), 1)


def main_benchmark() -> None:
    """Parse the sizes and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500x100,5000x1000", help="MENTEESxMENTORS,...")
    parser.add_argument("--solver", choices=("optimal", "stable"), default="optimal")
    args = parser.parse_args()
    columns = ("mentees", "mentors", "solver", "seconds", "cpu s", "matched", "mean score")
    print(" ".join(f"{c:>10}" for c in columns))
    for size in args.sizes.split(","):
        n_mentees, n_mentors = (int(x) for x in size.lower().split("x"))
        seconds, cpu, matched, mean = run_once(n_mentees, n_mentors, args.solver)
        cells = (n_mentees, n_mentors, args.solver, f"{seconds:.2f}", f"{cpu:.2f}", matched)
        cells += (f"{mean:.1f}",)
        print(" ".join(f"{c:>10}" for c in cells))


if __name__ == "__main__":
    main_benchmark()
