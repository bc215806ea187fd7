"""Demo step: self-declared demographics for about two people in three, with consent.

Deterministic (its own generator seeded from the demo's seed, so it changes nothing the
other steps draw) and idempotent (a person who already has a row keeps it). The shares are
plausible for a mid-sized company, with a few small groups (non-binary, "another" ethnic
group…) so ``/insights/reach/`` shows groups above the small-group threshold and some
hidden. The demo logins declare nothing: their own form starts empty. Mentees of the
"Women in leadership" program mostly declare themselves women.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from tandem.programs.models import Participant

from .demographics import PREFER_NOT
from .models import Person, PersonDemographics

DECLARE_SHARE = 0.65
SKIP_FIELD = 0.08  # a declaring person leaves a given question empty
SHARES: dict[str, dict[str, float]] = {
    "gender": {"woman": 46, "man": 47, "non_binary": 2, "another": 1, PREFER_NOT: 4},
    "ethnicity": {
        "white": 52,
        "asian": 17,
        "black": 10,
        "hispanic_latino": 9,
        "mixed": 5,
        "middle_eastern_north_african": 3,
        "another": 1,
        PREFER_NOT: 3,
    },
    "age_band": {"under_25": 9, "25_34": 34, "35_44": 29, "45_54": 18, "55_plus": 7, PREFER_NOT: 3},
    "disability": {"no": 84, "yes": 9, PREFER_NOT: 7},
}


def _pick(rng: random.Random, field: str) -> str:
    shares = SHARES[field]
    values = list(shares)
    return rng.choices(values, weights=[shares[v] for v in values])[0]


def _answers(rng: random.Random, women_leaders: bool) -> dict[str, str]:
    answers = {field: ("" if rng.random() < SKIP_FIELD else _pick(rng, field)) for field in SHARES}
    if women_leaders and rng.random() < 0.9:
        answers["gender"] = "woman"
    return answers


def build(ctx: Any) -> None:
    rng = random.Random(f"demographics-{ctx.seed}")
    logins = {p.pk for p in ctx.logins.values() if p is not None}
    program = ctx.programs.get("matching")
    women = set(
        Participant.objects.filter(program=program, role="mentee").values_list(
            "person_id", flat=True
        )
        if program is not None
        else []
    )
    known = set(PersonDemographics.objects.values_list("person_id", flat=True))
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    answers = {pk: (_answers(rng, pk in women), rng.randint(1, 300)) for pk in people}
    candidates = [pk for pk in people if pk not in logins]
    declaring = rng.sample(candidates, min(len(candidates), round(DECLARE_SHARE * len(people))))
    rows = []
    for pk in sorted(set(declaring) - known):
        given, days = answers[pk]
        when = dt.datetime.combine(ctx.today - dt.timedelta(days=days), dt.time(9), dt.UTC)
        rows.append(PersonDemographics(person_id=pk, consented_at=when, **given))
    PersonDemographics.objects.bulk_create(rows, batch_size=500)
    ctx.say(f"  self-declared demographics: {len(rows)} people (with consent)")
