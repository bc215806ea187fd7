"""OR-Library linear assignment instances reproduced to their published optima."""

from pathlib import Path

import numpy as np
import pytest

from tandem.matching import MatchingProblem, solve_optimal

ORLIB = Path("/work/shared/benchmarks/orlib")
PUBLISHED = {"assign100": 305, "assign500": 991, "assign600": 1176, "assign700": 1362}


def _load(name: str) -> np.ndarray:
    path = ORLIB / f"{name}.txt"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    numbers = np.array(path.read_text().split(), dtype=np.int64)
    n = int(numbers[0])
    return numbers[1 : 1 + n * n].reshape(n, n)


def _min_cost_via_engine(costs: np.ndarray) -> tuple[int, bool]:
    # The README's transform: maximise score = (max - C) / (max - min), capacities 1.
    scores = (costs.max() - costs) / (costs.max() - costs.min())
    result = solve_optimal(MatchingProblem(scores, np.ones(len(costs), dtype=np.int64)))
    assert result.matched == len(costs)
    rows = np.arange(len(costs))
    return int(costs[rows, result.assignment].sum()), result.certified_optimal


def test_assign100_reproduces_the_published_optimum():
    cost, certified = _min_cost_via_engine(_load("assign100"))
    assert cost == PUBLISHED["assign100"]
    assert certified


@pytest.mark.slow
@pytest.mark.parametrize("name", ["assign500", "assign600", "assign700"])
def test_larger_orlib_instances_reproduce_their_published_optima(name):
    cost, certified = _min_cost_via_engine(_load(name))
    assert cost == PUBLISHED[name]
    assert certified
