"""Errors raised by the matching engine."""

from __future__ import annotations

__all__ = ["InvalidProblem"]


class InvalidProblem(ValueError):  # noqa: N818 - the name is part of the public contract
    """A matching problem (or a solver argument) is malformed.

    The message names the offending argument, its shape or value, and what was expected,
    e.g. ``"capacities has shape (3,) but scores has 4 mentors"``.
    """
