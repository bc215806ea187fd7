"""``tandem match-file``: match mentees to mentors from two CSV files, without a server.

Usage::

    tandem match-file mentees.csv mentors.csv -o matches.csv
        [--weights skills=3,goals_text=2] [--solver optimal|stable] [--min-score 0.3]
        [--capacity-column capacity] [--department different|same] [--text tfidf|semantic]

Every bad cell is reported with file, row (the header is row 1, as in a spreadsheet) and
column; then the command exits with status 2 and writes nothing. See docs/match-file.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from tandem.cli.people_csv import Side, UsageError, read_both
from tandem.matching.explain import explain_pairs, explain_unmatched
from tandem.matching.features import (
    build_features,
)
from tandem.matching.scoring import (
    DEFAULT_WEIGHTS,
    FeatureScores,
    ScoringConfig,
    criteria_without_data,
    validate_weights,
)
from tandem.matching.text import SemanticBackendError, text_similarity

IntArray = NDArray[np.int64]
OUTPUT_HEADER = (
    "mentee_email",
    "mentee_name",
    "mentor_email",
    "mentor_name",
    "score",
    "status",
    "explanation",
)
BAD_WEIGHTS = "--weights: expected name=number pairs separated by commas, got {item!r}"
BAD_MIN_SCORE = "--min-score must be between 0 and 1 (or a percentage up to 100), got {value}"
ERRORS_FOUND = "{n} problem(s) found; nothing was written:"
SUMMARY = (
    "matched {matched} of {total} mentees, mean score {mean:.1f}/100, in {seconds:.1f} s -> {path}"
)
NO_DATA = "note: no data for {names}; these criteria are left out of the score"
PROGRESS_PAIRS = 2_000_000
BLOCK_ROWS = 1024
DENSE_PAIRS_MAX = 25_000_000  # 200 MB of float64 scores


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tandem match-file",
        description="Match mentees to mentors from two CSV files and explain every pair.",
    )
    parser.add_argument("mentees", type=Path, help="CSV of mentees, one per row")
    parser.add_argument("mentors", type=Path, help="CSV of mentors, one per row")
    parser.add_argument("-o", "--output", type=Path, required=True, help="CSV to write")
    parser.add_argument("--weights", help="e.g. skills=3,goals_text=2 (unlisted criteria: 0)")
    parser.add_argument("--solver", choices=("optimal", "stable"), default="optimal")
    parser.add_argument("--min-score", type=float, default=0.0, help="0-1 (or 0-100)")
    parser.add_argument("--capacity-column", help="header of the mentors' capacity column")
    parser.add_argument("--department", choices=("different", "same"), default="different")
    parser.add_argument("--text", choices=("tfidf", "semantic", "auto"), default="tfidf")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None)
    return parser


def parse_weights(text: str | None) -> dict[str, float] | None:
    """``"skills=3,goals_text=2"`` → ``{"skills": 3.0, "goals_text": 2.0}``.

    Raises
    ------
    UsageError
        For a malformed item, an unknown criterion or weights that are all 0.
    """
    if not text:
        return None
    weights: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.partition("=")
        try:
            weights[name.strip()] = float(value) if sep else float("nan")
        except ValueError:
            raise UsageError(BAD_WEIGHTS.format(item=item)) from None
        if not sep:
            raise UsageError(BAD_WEIGHTS.format(item=item))
    try:
        validate_weights(weights)
    except ValueError as error:
        raise UsageError(f"--weights: {error}") from None
    return weights


def _min_score(value: float) -> float:
    if 1.0 < value <= 100.0:
        return value / 100.0
    if not 0.0 <= value <= 1.0:
        raise UsageError(BAD_MIN_SCORE.format(value=value))
    return value


def _weights(features: Any, given: dict[str, float] | None) -> dict[str, float]:
    """The given weights, or the defaults minus criteria for which the files have no data."""
    if given is not None:
        return given
    empty = criteria_without_data(features)
    if empty:
        print(NO_DATA.format(names=", ".join(sorted(empty))), file=sys.stderr)
    weights = {k: v for k, v in DEFAULT_WEIGHTS.items() if k not in empty}
    return weights or {"requested": 1.0}


def _score_input(scores: FeatureScores, progress: bool) -> Any:
    """A dense matrix (computed with a progress bar) up to DENSE_PAIRS_MAX, else the source.

    Above the limit the solver reads score blocks on demand and never holds every pair.
    """
    from tqdm import tqdm

    n, m = scores.shape
    if n * m > DENSE_PAIRS_MAX:
        return scores
    out = np.empty((n, m))
    with tqdm(total=n, desc="scoring", unit="mentee", disable=not progress, file=sys.stderr) as bar:
        for start in range(0, n, BLOCK_ROWS):
            stop = min(n, start + BLOCK_ROWS)
            out[start:stop] = scores.block(start, stop)
            bar.update(stop - start)
    return out


def _solve(scores: Any, mentors: Side, min_score: float, solver: str) -> Any:
    import tandem.matching as engine

    problem = engine.MatchingProblem(
        scores=scores, capacities=mentors.capacities, min_score=min_score
    )
    if solver == "optimal":
        return engine.solve_optimal(problem)
    return engine.solve_stable(problem)


def _reason_codes(result: Any) -> Any:
    for attr in ("unmatched_reasons", "reasons", "reason_codes"):
        codes = getattr(result, attr, None)
        if codes is not None:
            return codes
    return None


def _output_rows(
    mentees: Side, mentors: Side, scores: FeatureScores, result: Any, min_score: float
) -> list[list[str]]:
    assignment = np.asarray(result.assignment, dtype=np.int64)
    matched = np.flatnonzero(assignment >= 0)
    pairs = {p.mentee: p for p in explain_pairs(scores, matched, assignment[matched])}
    why = explain_unmatched(
        scores, assignment, mentors.capacities, min_score, _reason_codes(result)
    )
    reasons = {u.mentee: u.detail for u in why}
    rows = []
    for i, mentee in enumerate(mentees.rows):
        who = [mentee["email"], mentee.get("name", "")]
        if i in pairs:
            mentor = mentors.rows[int(assignment[i])]
            score = f"{100 * pairs[i].score:.1f}"
            mentor_cells = [mentor["email"], mentor.get("name", ""), score]
            rows.append([*who, *mentor_cells, "matched", pairs[i].summary()])
        else:
            rows.append([*who, "", "", "", "unmatched", reasons[i]])
    return rows


def _write_atomically(path: Path, rows: list[list[str]]) -> None:
    """Write to a temporary file beside ``path``, then rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(OUTPUT_HEADER)
            writer.writerows(rows)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    """Read, validate, score, solve, explain and write; return the exit status."""
    started = time.perf_counter()
    weights, min_score = parse_weights(args.weights), _min_score(args.min_score)
    mentees, mentors, errors = read_both(args.mentees, args.mentors, args.capacity_column)
    if errors:
        print(ERRORS_FOUND.format(n=len(errors)), file=sys.stderr)
        print("\n".join(f"  {e}" for e in errors), file=sys.stderr)
        return 2
    features = build_features(mentees.records, mentors.records, mentees.requested, mentees.avoided)
    config = ScoringConfig(weights=_weights(features, weights), department=args.department)
    scores = FeatureScores(features, config, text_similarity(args.text))
    big = features.shape[0] * features.shape[1] >= PROGRESS_PAIRS
    progress = args.progress if args.progress is not None else big and sys.stderr.isatty()
    result = _solve(_score_input(scores, progress), mentors, min_score, args.solver)
    _write_atomically(args.output, _output_rows(mentees, mentors, scores, result, min_score))
    a = np.asarray(result.assignment, dtype=np.int64)
    pair_scores = scores.pair_scores(np.flatnonzero(a >= 0), a[a >= 0])
    mean = 100 * float(pair_scores.mean()) if len(pair_scores) else 0.0
    seconds = time.perf_counter() - started
    print(
        SUMMARY.format(
            matched=len(pair_scores), total=len(a), mean=mean, seconds=seconds, path=args.output
        ),
        file=sys.stderr,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: ``tandem match-file ...`` calls ``main(sys.argv[2:])``.

    Returns 0 on success, 2 for bad input (every problem is printed; nothing is written).
    """
    args = _parser().parse_args(list(argv) if argv is not None else None)
    try:
        return run(args)
    except (UsageError, SemanticBackendError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
