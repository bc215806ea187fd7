"""Tandem's matching engine: pure numpy/scipy/OR-Tools, no Django.

See ``docs/matching.md`` for the mathematics and the optimality certificate.
"""

from tandem.matching.errors import InvalidProblem
from tandem.matching.problem import (
    UNMATCHED_REASONS,
    DenseScoreSource,
    MatchingProblem,
    MatchResult,
    ScoreSource,
)
from tandem.matching.solvers import form_circles, pair_peers, solve_optimal, solve_stable

__all__ = [
    "UNMATCHED_REASONS",
    "DenseScoreSource",
    "InvalidProblem",
    "MatchResult",
    "MatchingProblem",
    "ScoreSource",
    "form_circles",
    "pair_peers",
    "solve_optimal",
    "solve_stable",
]
