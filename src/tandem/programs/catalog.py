"""The shipped program templates (``programs/data/*.json``): ready-made program designs.

A template holds everything a program needs except dates and managers: purpose, values,
objectives, type, format, eligibility, cadence, curriculum, agreement, conversation
starters, enrolment questions, matching mode, weights and constraints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
DESIGN_KEYS = (
    "name",
    "description",
    "purpose",
    "values",
    "objectives",
    "type",
    "format",
    "eligibility",
    "meeting_cadence_days",
    "curriculum",
    "conversation_starters",
    "agreement_text",
    "matching_mode",
    "matching_weights",
    "constraints",
    "default_mentor_capacity",
    "request_expiry_days",
    "required_training",
    "training_gate",
    "training_min_score",
)


@dataclass(frozen=True)
class ProgramTemplate:
    key: str
    summary: str
    duration_weeks: int
    design: dict[str, Any]
    questions: list[dict[str, Any]]

    @property
    def name(self) -> str:
        return str(self.design["name"])

    @property
    def type(self) -> str:
        return str(self.design["type"])

    @property
    def type_label(self) -> str:
        from .models import Program

        return str(Program.Type(self.type).label)


def _load(path: Path) -> ProgramTemplate:
    data = json.loads(path.read_text(encoding="utf-8"))
    return ProgramTemplate(
        key=data["key"],
        summary=data["summary"],
        duration_weeks=int(data.get("duration_weeks", 12)),
        design={k: data[k] for k in DESIGN_KEYS if k in data},
        questions=list(data.get("questions", [])),
    )


@cache
def _templates() -> dict[str, ProgramTemplate]:
    loaded = [_load(path) for path in sorted(DATA_DIR.glob("*.json"))]
    return {t.key: t for t in sorted(loaded, key=lambda t: t.name)}


def list_templates() -> list[ProgramTemplate]:
    return list(_templates().values())


def get_template(key: str) -> ProgramTemplate | None:
    return _templates().get(key)
