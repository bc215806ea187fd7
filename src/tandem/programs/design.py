"""Program design rules: matching criteria and defaults per type, date order, status workflow.

Plain functions and constants; services call them, so do the forms and the API.
The criterion names are those of the matching engine (docs/matching.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable
from typing import Any

from tandem.core.errors import ConflictError, DomainError
from tandem.matching.scoring import CRITERIA

MAX_WEIGHT = 100.0

_BASE_WEIGHTS: dict[str, float] = {
    "skills": 3,
    "goals_text": 2,
    "seniority": 1,
    "department": 0.5,
    "time_zone": 1,
    "language": 1,
    "format": 0.5,
    "interests": 0.5,
    "requested": 2,
}
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "one_on_one": dict(_BASE_WEIGHTS),
    "group": {**_BASE_WEIGHTS, "seniority": 0.5, "requested": 1, "interests": 1},
    "peer": {**_BASE_WEIGHTS, "seniority": 1.5, "skills": 2, "interests": 1.5, "requested": 1},
    "reverse": {**_BASE_WEIGHTS, "seniority": 2, "skills": 3.5, "department": 0.5},
    "flash": {**_BASE_WEIGHTS, "skills": 4, "goals_text": 1, "seniority": 0, "time_zone": 2},
    "executive": {**_BASE_WEIGHTS, "seniority": 2, "goals_text": 3, "department": 1},
    "cross_functional": {**_BASE_WEIGHTS, "department": 3, "skills": 2.5},
    "skills_based": {**_BASE_WEIGHTS, "skills": 5, "goals_text": 1.5, "seniority": 0.5},
}
DEFAULT_CONSTRAINTS: dict[str, dict[str, Any]] = {
    "one_on_one": {"preferred_level_gap": [1, 3], "department": "different", "min_score": 0.2},
    "group": {"preferred_level_gap": [1, 4], "department": "different", "min_score": 0.2},
    "peer": {"preferred_level_gap": [-1, 1], "department": "different", "min_score": 0.2},
    # Reverse mentoring inverts the seniority rule: the mentor is the junior one.
    "reverse": {
        "preferred_level_gap": [-4, -1],
        "max_level_gap": 0,
        "department": "different",
        "min_score": 0.2,
    },
    "flash": {"preferred_level_gap": [0, 4], "department": "different", "min_score": 0.1},
    "executive": {
        "preferred_level_gap": [2, 5],
        "min_level_gap": 1,
        "department": "different",
        "min_score": 0.25,
    },
    # Cross-functional programs prefer a mentor from another department.
    "cross_functional": {
        "preferred_level_gap": [0, 3],
        "department": "different",
        "min_score": 0.2,
    },
    "skills_based": {"preferred_level_gap": [0, 4], "department": "different", "min_score": 0.2},
}
CONSTRAINT_KEYS = (
    "min_level_gap",
    "max_level_gap",
    "preferred_level_gap",
    "department",
    "min_score",
)

UNKNOWN_CRITERION = "Unknown matching criterion “{name}”. Use: " + ", ".join(CRITERIA) + "."
BAD_WEIGHT = "The weight of “{name}” must be a number from 0 to 100, not {value}."
ALL_ZERO = "At least one matching weight must be above 0."
UNKNOWN_CONSTRAINT = (
    "Unknown matching constraint “{name}”. Use: " + ", ".join(CONSTRAINT_KEYS) + "."
)
BAD_GAP = "“{name}” must be a whole number of levels from −20 to 20."
BAD_RANGE = "“preferred_level_gap” must be two whole numbers [low, high] with low ≤ high."
BAD_GAP_ORDER = "“min_level_gap” must not be above “max_level_gap”."
BAD_DEPARTMENT = "“department” must be “same” or “different”."
BAD_MIN_SCORE = "“min_score” must be a number from 0 to 1."

DATE_FIELDS = ("enrollment_opens", "enrollment_closes", "matching_date", "starts_on", "ends_on")
DATE_LABELS = {
    "enrollment_opens": "Enrolment opens",
    "enrollment_closes": "enrolment closes",
    "matching_date": "the matching date",
    "starts_on": "the start date",
    "ends_on": "the end date",
}
DATES_OUT_OF_ORDER = "{earlier} ({earlier_date}) must be on or before {later} ({later_date})."

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("enrolling",),
    "enrolling": ("matching", "closed"),
    "matching": ("enrolling", "active", "closed"),
    "active": ("closed",),
    "closed": (),
}
ILLEGAL_TRANSITION = "A program cannot go from {current} to {target}{allowed}."
OPENING_NEEDS_DATES = "Set the enrolment window (opens and closes) before opening enrolment."

NOT_ENROLLING = "{program} is not open for enrolment (it is {status})."
WINDOW_NOT_OPEN = "Enrolment in {program} opens on {opens}{closes}."
WINDOW_CLOSED = "Enrolment in {program} closed on {closes}."


def window_error(program: Any, today: dt.date) -> str | None:
    """Why self-service enrolment is shut today, or None when it is open."""
    if program.status != "enrolling":
        return NOT_ENROLLING.format(program=program.name, status=program.status)
    opens, closes = program.enrollment_opens, program.enrollment_closes
    if opens and today < opens:
        until = f" and closes on {closes.isoformat()}" if closes else ""
        return WINDOW_NOT_OPEN.format(program=program.name, opens=opens.isoformat(), closes=until)
    if closes and today > closes:
        return WINDOW_CLOSED.format(program=program.name, closes=closes.isoformat())
    return None


def default_weights(program_type: str) -> dict[str, float]:
    return dict(DEFAULT_WEIGHTS.get(program_type, _BASE_WEIGHTS))


def default_constraints(program_type: str) -> dict[str, Any]:
    return {
        k: (list(v) if isinstance(v, list) else v)
        for k, v in DEFAULT_CONSTRAINTS.get(program_type, DEFAULT_CONSTRAINTS["one_on_one"]).items()
    }


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def clean_weights(weights: Any) -> dict[str, float]:
    """Validate ``{criterion: weight}``: known criteria, numbers 0–100, not all zero."""
    if not isinstance(weights, dict):
        raise DomainError(
            "Matching weights must be an object {criterion: weight}.", field="matching_weights"
        )
    cleaned: dict[str, float] = {}
    for name, value in weights.items():
        if name not in CRITERIA:
            raise DomainError(UNKNOWN_CRITERION.format(name=name), field="matching_weights")
        if not _is_number(value) or not math.isfinite(value) or not 0 <= value <= MAX_WEIGHT:
            raise DomainError(BAD_WEIGHT.format(name=name, value=value), field="matching_weights")
        cleaned[name] = float(value)
    if not any(v > 0 for v in cleaned.values()):
        raise DomainError(ALL_ZERO, field="matching_weights")
    return cleaned


def _gap(name: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not -20 <= value <= 20:
        raise DomainError(BAD_GAP.format(name=name), field="constraints")
    return value


def clean_constraints(constraints: Any) -> dict[str, Any]:
    """Validate the matching constraints; unknown keys are refused by name."""
    if not isinstance(constraints, dict):
        raise DomainError("Constraints must be an object.", field="constraints")
    cleaned: dict[str, Any] = {}
    for name, value in constraints.items():
        if name not in CONSTRAINT_KEYS:
            raise DomainError(UNKNOWN_CONSTRAINT.format(name=name), field="constraints")
        if value is None:
            continue
        if name in ("min_level_gap", "max_level_gap"):
            cleaned[name] = _gap(name, value)
        elif name == "preferred_level_gap":
            if not isinstance(value, list | tuple) or len(value) != 2:
                raise DomainError(BAD_RANGE, field="constraints")
            low, high = (_gap(name, v) for v in value)
            if low > high:
                raise DomainError(BAD_RANGE, field="constraints")
            cleaned[name] = [low, high]
        elif name == "department":
            if value not in ("same", "different"):
                raise DomainError(BAD_DEPARTMENT, field="constraints")
            cleaned[name] = value
        else:
            if not _is_number(value) or not 0 <= value <= 1:
                raise DomainError(BAD_MIN_SCORE, field="constraints")
            cleaned[name] = float(value)
    min_gap, max_gap = cleaned.get("min_level_gap"), cleaned.get("max_level_gap")
    if min_gap is not None and max_gap is not None and min_gap > max_gap:
        raise DomainError(BAD_GAP_ORDER, field="constraints")
    return cleaned


def check_date_order(dates: dict[str, dt.date | None]) -> None:
    """opens ≤ closes ≤ matching date ≤ starts ≤ ends, over the dates that are set."""
    present = [(name, dates.get(name)) for name in DATE_FIELDS if dates.get(name) is not None]
    for (earlier, earlier_date), (later, later_date) in itertools.pairwise(present):
        assert earlier_date is not None and later_date is not None
        if earlier_date > later_date:
            message = DATES_OUT_OF_ORDER.format(
                earlier=DATE_LABELS[earlier][0].upper() + DATE_LABELS[earlier][1:],
                earlier_date=earlier_date.isoformat(),
                later=DATE_LABELS[later],
                later_date=later_date.isoformat(),
            )
            raise DomainError(message, field=later)


def check_transition(current: str, target: str) -> None:
    if target in TRANSITIONS.get(current, ()):
        return
    allowed = TRANSITIONS.get(current, ())
    hint = f" (from {current} it can go to: {', '.join(allowed)})" if allowed else ""
    raise ConflictError(
        ILLEGAL_TRANSITION.format(current=current, target=target, allowed=hint), field="status"
    )


def roles_for_type(program_type: str) -> tuple[str, ...]:
    """Peer programs enrol peers; every other type enrols mentors and mentees."""
    return ("peer",) if program_type == "peer" else ("mentee", "mentor")


# --- required training ---------------------------------------------------------------------

TRAINING_ROLES = ("mentor", "mentee")
BAD_REQUIRED_TRAINING = (
    '“required_training” must look like {"mentor": [module ids], "mentee": [module ids]}.'
)
# The learning app appends a check that the ids name modules (it raises DomainError); the
# programs app knows nothing of modules.
training_checks: list[Callable[[dict[str, list[int]]], None]] = []


def clean_required_training(value: Any) -> dict[str, list[int]]:
    """``{mentor: [ids], mentee: [ids]}`` with known roles, whole ids, no repeats."""
    if not isinstance(value, dict) or set(value) - set(TRAINING_ROLES):
        raise DomainError(BAD_REQUIRED_TRAINING, field="required_training")
    cleaned: dict[str, list[int]] = {}
    for role in TRAINING_ROLES:
        ids = value.get(role, [])
        if not isinstance(ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in ids
        ):
            raise DomainError(BAD_REQUIRED_TRAINING, field="required_training")
        cleaned[role] = list(dict.fromkeys(ids))
    for check in training_checks:
        check(cleaned)
    return cleaned
