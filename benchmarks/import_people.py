"""Benchmark the directory import on a realistic HR export with a manager tree.

Generates N people (seeded) as an HR system would export them, in shuffled order so that
many managers appear after their reports, against a fresh temporary SQLite database, and
times: a dry run, the first import, a re-import of the same file (all unchanged) and an
import where 5% of the people changed. With ``--xlsx`` it also imports a smaller XLSX.

    .venv/bin/python benchmarks/import_people.py               # 100,000 rows
    .venv/bin/python benchmarks/import_people.py --rows 20000 --xlsx --xlsx-rows 10000
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

HEADER = [
    "Employee Number",
    "First Name",
    "Last Name",
    "Work Email",
    "Job Title",
    "Department",
    "Manager Employee ID",
    "Location",
    "Time Zone",
    "Hire Date",
    "Grade",
    "Languages",
    "Employment Status",
    "Termination Date",
    "Cost Center",
]
DEPARTMENTS = [
    "Engineering",
    "Sales",
    "Marketing",
    "Finance",
    "People",
    "Operations",
    "Customer Success",
    "Product",
    "Legal",
    "Data",
]
SITES = [
    ("London", "Europe/London", "English"),
    ("New York", "America/New_York", "English"),
    ("Berlin", "Europe/Berlin", "German"),
    ("Bangalore", "Asia/Kolkata", "Hindi"),
    ("Singapore", "Asia/Singapore", "Mandarin"),
    ("São Paulo", "America/Sao_Paulo", "Portuguese"),
    ("Sydney", "Australia/Sydney", "English"),
    ("Toronto", "America/Toronto", "French"),
    ("Madrid", "Europe/Madrid", "Spanish"),
]
ROLES = ["Associate", "Specialist", "Analyst", "Senior Specialist", "Lead", "Manager"]


def _setup_django(data_dir: Path) -> None:
    os.environ["TANDEM_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tandem.config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def generate_people(count: int, *, seed: int, prefix: str = "E") -> list[list[str]]:
    """A manager tree (span of control 3–9) in shuffled order, as an HR export's rows."""
    from faker import Faker

    rng = random.Random(seed)
    fake = Faker(["en_GB", "en_US", "de_DE", "es_ES", "pt_BR"])
    fake.seed_instance(seed)
    firsts = [fake.first_name() for _ in range(600)]
    lasts = [fake.last_name() for _ in range(900)]
    managers: list[tuple[int, int]] = []  # (index, depth) of the people still hiring
    rows: list[list[str]] = []
    depth_of: dict[int, int] = {}
    for index in range(count):
        if index == 0:
            manager, depth = None, 0
        else:
            slot = rng.randrange(min(len(managers), 50))
            manager, depth = managers[slot][0], managers[slot][1] + 1
            if rng.random() < 0.16 and len(managers) > 1:
                managers.pop(slot)
        depth_of[index] = depth
        if (depth < 7 and rng.random() < 0.2) or index == 0:
            managers.append((index, depth))
        rows.append(_person_row(index, manager, depth, rng, firsts, lasts, prefix))
    rng.shuffle(rows)
    return rows


def _person_row(
    index: int,
    manager: int | None,
    depth: int,
    rng: random.Random,
    firsts: list[str],
    lasts: list[str],
    prefix: str,
) -> list[str]:
    first, last = rng.choice(firsts), rng.choice(lasts)
    site, zone, language = rng.choice(SITES)
    languages = "English" if language == "English" else f"English; {language}"
    status = rng.choices(["Active", "On Leave", "Terminated"], [94, 4, 2])[0]
    hired = f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return [
        f"{prefix}{index:07d}",
        first,
        last,
        _ascii(f"{first}.{last}.{prefix}{index}@example.com".lower().replace(" ", "")),
        "Chief Executive" if index == 0 else f"{rng.choice(ROLES)}",
        rng.choice(DEPARTMENTS),
        "" if manager is None else f"{prefix}{manager:07d}",
        site,
        zone,
        hired,
        f"L{max(1, 12 - depth - rng.randint(0, 2))}",
        languages,
        status,
        "2025-12-31" if status == "Terminated" else "",
        f"CC-{rng.randint(100, 999)}",
    ]


def _ascii(value: str) -> str:
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()


def write_csv(path: Path, rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    content = buffer.getvalue().encode("utf-8")
    path.write_bytes(content)
    return content


def write_xlsx(path: Path, rows: list[list[str]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Employees")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path.read_bytes()


def _timed(
    phase: str, rows: int, run: Callable[[], Any], table: list[tuple[int, str, float, float]]
) -> Any:
    started, cpu_started = time.perf_counter(), time.process_time()
    report = run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if report.errors:
        for error in report.errors[:20]:
            print(f"  row {error.row} {error.field}: {error.message}")
        raise SystemExit(f"{phase}: {len(report.errors)} errors")
    table.append((rows, phase, seconds, cpu))
    counts = f"created={report.created} updated={report.updated} unchanged={report.unchanged}"
    print(f"  {phase:<28} {seconds:7.2f} s  (cpu {cpu:.2f} s)  {counts}", flush=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--xlsx", action="store_true", help="also import an XLSX file")
    parser.add_argument("--xlsx-rows", type=int, default=10_000)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="tandem-import-bench-") as tmp:
        folder = Path(tmp)
        _setup_django(folder / "data")
        from tandem.people.importer import import_people

        print(f"generating {args.rows:,} people …", flush=True)
        people = generate_people(args.rows, seed=args.seed)
        content = write_csv(folder / "people.csv", people)
        print(f"  people.csv: {len(content) / 1e6:.1f} MB", flush=True)
        table: list[tuple[int, str, float, float]] = []

        def run(data: bytes, name: str = "people.csv", dry: bool = False) -> Callable[[], Any]:
            return lambda: import_people(filename=name, content=data, dry_run=dry, actor=None)

        _timed("csv dry run (empty db)", args.rows, run(content, dry=True), table)
        _timed("csv first import", args.rows, run(content), table)
        _timed("csv re-import (unchanged)", args.rows, run(content), table)
        rng = random.Random(args.seed + 1)
        for row in rng.sample(people, len(people) // 20):
            row[4] = f"{row[4]} II"
        changed = write_csv(folder / "people-changed.csv", people)
        _timed("csv import, 5% changed", args.rows, run(changed), table)
        if args.xlsx:
            extra = generate_people(args.xlsx_rows, seed=args.seed + 2, prefix="X")
            workbook = write_xlsx(folder / "people.xlsx", extra)
            print(f"  people.xlsx: {len(workbook) / 1e6:.1f} MB", flush=True)
            _timed("xlsx dry run", args.xlsx_rows, run(workbook, "people.xlsx", True), table)
            _timed("xlsx first import", args.xlsx_rows, run(workbook, "people.xlsx"), table)

        print()
        print(f"cpu: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
        print("seconds = wall clock; cpu = CPU time of this process (SQLite runs in it too)")
        print(f"| {'rows':>8} | {'phase':<28} | {'seconds':>8} | {'cpu s':>7} ", end="")
        print(f"| {'rows/second':>11} |")
        print(f"| {'-' * 8}:| {'-' * 28} | {'-' * 8}:| {'-' * 7}:| {'-' * 11}:|")
        for rows, phase, seconds, cpu in table:
            print(
                f"| {rows:>8,} | {phase:<28} | {seconds:>8.2f} | {cpu:>7.2f} "
                f"| {rows / seconds:>11,.0f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
