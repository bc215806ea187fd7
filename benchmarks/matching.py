"""Benchmark of the matching engine against baselines, measured side by side in one run.

    python benchmarks/matching.py [--sizes S,M,L,stable,stable-L,peers,throughput]
                                  [--seed 0] [--with-slow-baselines] [--engine-only]

Every case runs in a fresh subprocess, so "peak MB" is that process's peak resident
memory (VmHWM), which — unlike tracemalloc — counts numpy and C++ (OR-Tools) buffers.

Data looks like a real program: clustered embedding-like profiles (score = cosine mapped
into [0, 1]) plus a popularity term that makes ~2% of mentors "stars" everyone wants, and
total capacity equal to the number of mentees, so pruned mentees really compete for seats.

Beside each synthetic S, M and L row, a "real profiles" row solves the same size from
realistic participant records (``benchmarks/profiles.py``: skills from a 200-skill
taxonomy, levels, 14 departments, 10 time zones, languages, interests, goal texts,
management chains, requests, avoid lists) through ``build_features`` + ``FeatureScores``
(nine criteria, hard rules) + ``solve_optimal``; its seconds include building the features
and the scores. ``throughput`` measures score blocks per second at M.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

# This file is named like the `matching` package (the stable-matching baseline): take its
# own directory off the path, and put the repository's src/ on it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent / "src"))

from tandem.matching import (  # noqa: E402 - after the sys.path fix above
    MatchingProblem,
    pair_peers,
    solve_optimal,
    solve_stable,
)
from tandem.matching.features import build_features  # noqa: E402

AT = datetime(2026, 6, 1, tzinfo=UTC)  # time-zone offsets taken at a fixed instant

CASES = {
    # name: (mentees, mentors, capacity)
    "S": (2_000, 500, 4),
    "M": (20_000, 5_000, 4),
    "L": (100_000, 20_000, 5),
    "stable": (2_000, 500, 4),
    "stable-L": (100_000, 20_000, 5),
    "peers": (2_000, 2_000, 1),
}
DENSE_LIMIT_BYTES = 4 << 30  # baselines needing more than this are skipped


class EmbeddingScores:
    """``score = 0.349 * cos(x_i, y_j) + 0.35 + 0.299 * popularity_j`` in (0, 1).

    One float32 matrix product per block (the affine map is folded into an extra
    embedding column), so computing scores costs about what a real embedding model's
    similarity would.
    """

    def __init__(self, n: int, m: int, seed: int, dim: int = 16, topics: int = 24) -> None:
        rng = np.random.default_rng(seed)
        centers = rng.normal(size=(topics, dim))

        def people(k: int) -> np.ndarray:
            points = centers[rng.integers(0, topics, k)] + 0.9 * rng.normal(size=(k, dim))
            return points / np.linalg.norm(points, axis=1, keepdims=True)

        x, y = people(n), people(m)
        popularity = 0.3 * rng.beta(1, 8, m)
        stars = rng.random(m) < 0.02
        popularity[stars] = rng.uniform(0.5, 1.0, int(stars.sum()))
        self.x = np.hstack([0.349 * x, np.ones((n, 1))]).astype(np.float32)
        self.y = np.hstack([y, (0.35 + 0.299 * popularity)[:, None]]).astype(np.float32)
        self.shape = (n, m)

    def block(self, start: int, stop: int) -> np.ndarray:
        return self.x[start:stop] @ self.y.T


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dense(source: EmbeddingScores) -> np.ndarray:
    n = source.shape[0]
    rows = max(1, (1 << 21) // source.shape[1])
    return np.vstack([source.block(s, min(n, s + rows)) for s in range(0, n, rows)]).astype(
        np.float64
    )


def _row(case: str, method: str, seconds: float, **extra: Any) -> dict[str, Any]:
    return {"case": case, "method": method, "seconds": seconds, "peak_mb": _peak_mb(), **extra}


def run_optimal(case: str, seed: int) -> dict[str, Any]:
    n, m, cap = CASES[case]
    source = EmbeddingScores(n, m, seed)
    started = time.perf_counter()
    result = solve_optimal(MatchingProblem(source, np.full(m, cap)))
    return _row(
        case,
        "tandem solve_optimal (synthetic source)",
        time.perf_counter() - started,
        total=result.total_score,
        matched=result.matched,
        certified=result.certified_optimal,
        rounds=result.rounds,
        pairs=result.n_candidate_pairs,
    )


def _profiles_module() -> Any:
    # benchmarks/ is off sys.path (see above), so load the profile generator by file name.
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_profiles", _HERE / "profiles.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_real(case: str, seed: int) -> dict[str, Any]:
    """Realistic profiles: build_features + FeatureScores + solve_optimal, all timed."""
    from tandem.matching.scoring import FeatureScores

    n, m, cap = CASES[case]
    mentees, mentors, requested, avoided = _profiles_module().real_profiles(n, m, seed)
    started = time.perf_counter()
    features = build_features(mentees, mentors, requested, avoided, at=AT)
    built = time.perf_counter()
    scores = FeatureScores(features)
    scores.factored  # noqa: B018 - build the factored form inside the "scores" phase
    prepared = time.perf_counter()
    result = solve_optimal(MatchingProblem(scores, np.full(m, cap)))
    done = time.perf_counter()
    return _row(
        case,
        "tandem solve_optimal (real profiles)",
        done - started,
        source="real",
        total=result.total_score,
        matched=result.matched,
        certified=result.certified_optimal,
        rounds=result.rounds,
        pairs=result.n_candidate_pairs,
        phases={"features": built - started, "scores": prepared - built, "solve": done - prepared},
    )


def run_throughput(case: str, seed: int) -> dict[str, Any]:
    """Block throughput: factored real-profile scores, the reference definition, synthetic."""
    from tandem.matching.scoring import FeatureScores

    n, m, _ = CASES[case]
    scores = FeatureScores(_profiles_module().real_features(n, m, seed))
    synthetic = EmbeddingScores(n, m, seed)
    rows = max(1, (1 << 21) // m)  # the engine's block size at the default budget

    def rate(block: Any, n_rows: int) -> float:
        block(0, rows)  # warm up (allocations, the factored form)
        started = time.perf_counter()
        for start in range(0, n_rows, rows):
            block(start, min(n_rows, start + rows))
        return n_rows * m / (time.perf_counter() - started) / 1e6

    return {
        "case": case,
        "factored": rate(scores.block, n),
        "reference": rate(scores.reference_block, min(n, 4 * rows)),
        "synthetic": rate(synthetic.block, n),
        "peak_mb": _peak_mb(),
    }


def run_topk(case: str, seed: int) -> dict[str, Any]:
    n, m, cap = CASES[case]
    source = EmbeddingScores(n, m, seed)
    started = time.perf_counter()
    result = solve_optimal(
        MatchingProblem(source, np.full(m, cap)),
        max_rounds=1,
        candidates_per_mentee=24,
        candidates_per_mentor=0,
    )
    return _row(
        case,
        "top-24 pruning alone (one sparse solve)",
        time.perf_counter() - started,
        total=result.total_score,
        matched=result.matched,
        certified=False,
    )


def run_scipy(case: str, seed: int) -> dict[str, Any]:
    from scipy.optimize import linear_sum_assignment

    n, m, cap = CASES[case]
    needed = n * m * cap * 8
    if needed > DENSE_LIMIT_BYTES or n > 5_000:
        return {
            "case": case,
            "method": "scipy LSA, slot-expanded dense",
            "skipped": f"needs {needed / 2**30:.1f} GB and O(n^3) time",
        }
    source = EmbeddingScores(n, m, seed)
    started = time.perf_counter()
    dense = _dense(source)
    expanded = dense[:, np.repeat(np.arange(m), cap)]
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    return _row(
        case,
        "scipy LSA, slot-expanded dense",
        time.perf_counter() - started,
        total=float(expanded[rows, cols].sum()),
        matched=len(rows),
        certified=True,
    )


def run_greedy(case: str, seed: int) -> dict[str, Any]:
    n, m, cap = CASES[case]
    needed = n * m * 24
    if needed > DENSE_LIMIT_BYTES:
        return {
            "case": case,
            "method": "greedy (best pair first)",
            "skipped": f"needs {needed / 2**30:.1f} GB",
        }
    source = EmbeddingScores(n, m, seed)
    started = time.perf_counter()
    dense = _dense(source)
    order = np.argsort(-dense, axis=None)
    seats = np.full(m, cap)
    assignment = np.full(n, -1)
    total = 0.0
    rows, cols = np.divmod(order, m)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if assignment[i] < 0 and seats[j] > 0:
            assignment[i] = j
            seats[j] -= 1
            total += float(dense[i, j])
    return _row(
        case,
        "greedy (best pair first)",
        time.perf_counter() - started,
        total=total,
        matched=int((assignment >= 0).sum()),
        certified=False,
    )


def run_stable(case: str, seed: int) -> dict[str, Any]:
    n, m, cap = CASES[case]
    source = EmbeddingScores(n, m, seed)
    scores = _dense(source) if case == "stable" else source
    started = time.perf_counter()
    result = solve_stable(MatchingProblem(scores, np.full(m, cap)))
    length = "full lists" if case == "stable" else "top-50 lists"
    return _row(
        case,
        f"tandem solve_stable ({length})",
        time.perf_counter() - started,
        total=result.total_score,
        matched=result.matched,
        certified=result.certified_optimal,
        proposals=result.rounds,
    )


def run_matching_package(case: str, seed: int) -> dict[str, Any]:
    import warnings

    from matching.games import HospitalResident

    n, m, cap = CASES[case]
    dense = _dense(EmbeddingScores(n, m, seed))
    sys.setrecursionlimit(200_000)  # the package deep-copies its linked player objects
    started = time.perf_counter()
    residents = {i: np.lexsort((np.arange(m), -dense[i])).tolist() for i in range(n)}
    hospitals = {j: np.lexsort((np.arange(n), -dense[:, j])).tolist() for j in range(m)}
    game = HospitalResident.create_from_dictionaries(
        residents, hospitals, dict.fromkeys(range(m), cap)
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = game.solve(optimal="resident")
    total = sum(float(dense[r.name, h.name]) for h, rs in solution.items() for r in rs)
    matched = sum(len(rs) for rs in solution.values())
    return _row(
        case,
        "`matching` package HospitalResident",
        time.perf_counter() - started,
        total=total,
        matched=matched,
        certified=True,
    )


def _peer_graph(seed: int) -> Any:
    from scipy import sparse

    n, _, _ = CASES["peers"]
    source = EmbeddingScores(n, n, seed)
    x = source.x[:, :-1] / 0.349
    scores = np.clip((x @ x.T + 1) / 2, 0, 1).astype(np.float64)
    np.fill_diagonal(scores, -np.inf)
    top = np.argpartition(scores, n - 20, axis=1)[:, n - 20 :]
    rows = np.repeat(np.arange(n), 20)
    graph = sparse.coo_matrix((scores[rows, top.ravel()], (rows, top.ravel())), shape=(n, n))
    return graph.tocsr().maximum(graph.tocsr().T)


def run_peers(case: str, seed: int) -> dict[str, Any]:
    graph = _peer_graph(seed)
    started = time.perf_counter()
    result = pair_peers(graph)
    return _row(
        case,
        "tandem pair_peers (top-20 graph)",
        time.perf_counter() - started,
        total=result.total_score,
        matched=result.matched,
        certified=result.certified_optimal,
        pairs=result.n_candidate_pairs,
    )


def run_networkx(case: str, seed: int) -> dict[str, Any]:
    import networkx as nx

    graph = _peer_graph(seed).tocoo()
    started = time.perf_counter()
    g = nx.Graph()
    g.add_weighted_edges_from(
        (int(i), int(j), round(float(w) * 1_000_000))
        for i, j, w in zip(graph.row, graph.col, graph.data, strict=True)
        if i < j
    )
    matching = nx.max_weight_matching(g, maxcardinality=True)
    dense = graph.tocsr()
    total = sum(float(dense[i, j]) for i, j in matching)
    return _row(
        case,
        "networkx max_weight_matching",
        time.perf_counter() - started,
        total=total,
        matched=2 * len(matching),
        certified=True,
    )


RUNNERS = {
    "optimal": run_optimal,
    "real": run_real,
    "throughput": run_throughput,
    "topk": run_topk,
    "scipy": run_scipy,
    "greedy": run_greedy,
    "stable": run_stable,
    "matching-package": run_matching_package,
    "peers": run_peers,
    "networkx": run_networkx,
}


def _plan(sizes: list[str], slow: bool, baselines: bool = True) -> list[tuple[str, str]]:
    plan: list[tuple[str, str]] = []
    for case in sizes:
        if case in ("S", "M", "L"):
            plan += [(case, "optimal"), (case, "real")]
            if baselines:
                plan += [(case, "scipy"), (case, "greedy"), (case, "topk")]
        elif case == "throughput":
            plan.append(("M", "throughput"))
        elif case in ("stable", "stable-L"):
            plan.append((case, "stable"))
            if case == "stable":
                plan.append((case, "matching-package" if slow else "skip-matching-package"))
        elif case == "peers":
            plan += [(case, "peers"), (case, "networkx" if slow else "skip-networkx")]
    return plan


def _run_in_subprocess(case: str, runner: str, seed: int) -> dict[str, Any]:
    if runner.startswith("skip-"):
        return {"case": case, "method": runner[5:], "skipped": "slow: pass --with-slow-baselines"}
    command = [sys.executable, __file__, "--run", runner, "--case", case, "--seed", str(seed)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"case": case, "method": runner, "skipped": f"failed: {done.stderr[-300:]}"}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _print_table(rows: list[dict[str, Any]]) -> None:
    # The reference for "% of opt" is the engine's certified optimum (for "stable": the
    # engine's stable matching, which the `matching` package must reproduce exactly).
    # Real-profile rows are a different problem: their own certified optimum is the 100 %.
    optimum = {
        (r["case"], r.get("source", "synthetic")): r["total"]
        for r in rows
        if r.get("certified") and "total" in r and r["method"].startswith("tandem")
    }
    speeds = [r for r in rows if "factored" in r]
    rows = [r for r in rows if "factored" not in r]
    header = (
        f"| {'case':8} | {'size':22} | {'method':42} | {'seconds':>8} | {'peak MB':>8} | "
        f"{'matched':>8} | {'total score':>14} | {'% of opt':>8} | certified |"
    )
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    for r in rows:
        n, m, cap = CASES[r["case"]]
        size = f"{n:,} x {m:,} cap {cap}" if r["case"] != "peers" else f"{n:,} people, deg 20"
        if "skipped" in r:
            print(f"| {r['case']:8} | {size:22} | {r['method']:42} | skipped: {r['skipped']} |")
            continue
        key = (r["case"], r.get("source", "synthetic"))
        share = 100 * r["total"] / optimum[key] if key in optimum else float("nan")
        print(
            f"| {r['case']:8} | {size:22} | {r['method']:42} | {r['seconds']:8.2f} | "
            f"{r['peak_mb']:8.0f} | {r['matched']:8,} | {r['total']:14.4f} | {share:7.3f}% | "
            f"{'yes' if r.get('certified') else 'no':9} |"
        )
    for r in rows:
        if "phases" in r:
            phases = ", ".join(f"{k} {v:.2f} s" for k, v in r["phases"].items())
            print(f"\n{r['case']} real profiles, phases: {phases}", end="")
    print()
    for r in speeds:
        n, m, _ = CASES[r["case"]]
        print(f"\n| block throughput at {n:,} x {m:,} | M pairs/s |\n| --- | --: |")
        print(f"| FeatureScores.block (factored, float32) | {r['factored']:.0f} |")
        print(f"| FeatureScores.reference_block (criterion by criterion) | {r['reference']:.1f} |")
        print(f"| synthetic embedding source | {r['synthetic']:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M,L,stable,stable-L,peers,throughput")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--with-slow-baselines", action="store_true")
    parser.add_argument(
        "--engine-only",
        action="store_true",
        help="S/M/L: only the engine's synthetic and real-profile rows (no scipy, greedy, top-k)",
    )
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        print(json.dumps(RUNNERS[args.run](args.case, args.seed)))
        return
    rows = []
    plan = _plan(args.sizes.split(","), args.with_slow_baselines, not args.engine_only)
    for case, runner in plan:
        rows.append(_run_in_subprocess(case, runner, args.seed))
        print(f"  done {case} {runner}", file=sys.stderr, flush=True)
    _print_table(rows)


if __name__ == "__main__":
    main()
