"""Print a schemathesis JSON report (``st run --report json``) as a table: the cases per
phase and the failures by type. Used by benchmarks/fuzz.sh.

    .venv/bin/python benchmarks/fuzz_report.py report.json [seconds]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    report = json.loads(Path(argv[0]).read_text())
    seconds = argv[1] if len(argv) > 1 else "?"
    cases = report.get("test_cases") or {}
    operations = report.get("operations") or {}
    if not cases or not operations:
        print("schemathesis did not run (see its output above)")
        return 1
    print()
    print("| measure | value |")
    print("| --- | --- |")
    print(f"| operations tested | {operations['tested']} of {operations['total']} |")
    print(f"| cases generated | {cases['generated']:,} |")
    print(f"| cases with failures | {cases['with_failures']:,} |")
    print(f"| unique failures | {cases['unique_failures']:,} |")
    print(f"| errors | {len(report['errors'])} |")
    print(f"| seconds | {seconds} |")
    phases = ", ".join(f"{name}: {p['status']}" for name, p in report["phases"].items())
    print(f"| phases | {phases} |")
    print()
    print("| failure type | code | count | operations |")
    print("| --- | --- | --- | --- |")
    for failure in report["failures"]:
        where = ", ".join(failure["operations"][:4])
        more = len(failure["operations"]) - 4
        where += f" (+{more})" if more > 0 else ""
        print(f"| {failure['title']} | {failure['code']} | {failure['count']} | {where} |")
    if not report["failures"]:
        print("| (none) | | 0 | |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
