"""Solvers of the matching engine: optimal, stable, peer pairs and group circles."""

from tandem.matching.solvers.circles import form_circles
from tandem.matching.solvers.optimal import solve_optimal
from tandem.matching.solvers.peers import pair_peers
from tandem.matching.solvers.stable import solve_stable

__all__ = ["form_circles", "pair_peers", "solve_optimal", "solve_stable"]
