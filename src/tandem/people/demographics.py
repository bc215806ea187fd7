"""Self-declared demographics: the person's own, optional, consented answers.

Only the person reads or changes their row (not admins, not managers, not the admin's export
of them); everyone else sees them only in aggregates under the small-group rule
(``tandem.core.smallgroups``). Every field is optional and offers "Prefer not to say";
deleting wipes the row. Changes are audited without their values.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from tandem.core import clock
from tandem.core.audit import record_audit
from tandem.core.errors import DomainError

from .models import Person, PersonDemographics

PREFER_NOT = "prefer_not_to_say"
NOT_DECLARED = "Not declared"

CHOICES: dict[str, dict[str, str]] = {
    "gender": {
        "woman": "Woman",
        "man": "Man",
        "non_binary": "Non-binary",
        "another": "Another gender identity",
        PREFER_NOT: "Prefer not to say",
    },
    "ethnicity": {
        "asian": "Asian",
        "black": "Black",
        "hispanic_latino": "Hispanic or Latino",
        "middle_eastern_north_african": "Middle Eastern or North African",
        "white": "White",
        "mixed": "Mixed or multiple",
        "another": "Another ethnic group",
        PREFER_NOT: "Prefer not to say",
    },
    "age_band": {
        "under_25": "Under 25",
        "25_34": "25–34",
        "35_44": "35–44",
        "45_54": "45–54",
        "55_plus": "55 and over",
        PREFER_NOT: "Prefer not to say",
    },
    "disability": {
        "yes": "Yes",
        "no": "No",
        PREFER_NOT: "Prefer not to say",
    },
}
FIELDS = tuple(CHOICES)
FIELD_LABELS = {
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "age_band": "Age band",
    "disability": "Disability or long-term condition",
}


def label_of(field: str, value: str | None) -> str:
    """The label of a stored answer; unanswered (or no row) is "Not declared"."""
    if not value:
        return NOT_DECLARED
    return CHOICES[field].get(value, value)


def _own_person(actor: Any, person_id: int | None) -> Person:
    """The actor's own directory entry; anyone else's is refused, admins included."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in to see your self-declared demographics.")
    own = Person.objects.filter(user_id=actor.pk).first()
    if person_id is not None and (own is None or own.pk != person_id):
        if not Person.objects.filter(pk=person_id).exists():
            raise Http404("No such person.")
        raise PermissionDenied(
            "Only the person can see or change their self-declared demographics."
        )
    if own is None:
        raise Http404("Your login is not linked to anyone in the directory.")
    return own


def access_own_demographics(
    *, actor: Any, person_id: int | None = None
) -> tuple[Person, PersonDemographics | None]:
    person = _own_person(actor, person_id)
    return person, PersonDemographics.objects.filter(person=person).first()


def as_dict(row: PersonDemographics | None) -> dict[str, Any]:
    return {
        **{f: (getattr(row, f) if row else "") for f in FIELDS},
        "consented_at": row.consented_at if row else None,
        "updated_at": row.updated_at if row else None,
    }


def _validate(answers: dict[str, str]) -> dict[str, str]:
    clean: dict[str, str] = {}
    for field in FIELDS:
        value = (answers.get(field) or "").strip()
        if value and value not in CHOICES[field]:
            allowed = ", ".join(CHOICES[field])
            raise DomainError(f"{field}: choose one of {allowed}, or leave it empty.", field=field)
        clean[field] = value
    unknown = set(answers) - set(FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise DomainError(f"{name}: not a self-declared demographic field.", field=name)
    return clean


@transaction.atomic
def save_demographics(
    *, actor: Any, person_id: int | None, answers: dict[str, str], consent: bool
) -> PersonDemographics:
    """Record the person's own answers (all optional); consent is required to store any."""
    person = _own_person(actor, person_id)
    if not consent:
        raise DomainError(
            "consent: tick the consent box to record your answers (or delete them instead).",
            field="consent",
        )
    clean = _validate(answers)
    row, created = PersonDemographics.objects.select_for_update().get_or_create(
        person=person, defaults={**clean, "consented_at": clock.now()}
    )
    if not created:
        for field, value in clean.items():
            setattr(row, field, value)
        row.consented_at = row.consented_at or clock.now()
        row.save()
    # Audited without values: only that the person changed their own answers.
    record_audit(actor=actor, action="person.demographics.update", target=person)
    return row


@transaction.atomic
def delete_demographics(*, actor: Any, person_id: int | None) -> bool:
    """Wipe the person's row (their consent goes with it). True if there was one."""
    person = _own_person(actor, person_id)
    deleted, _ = PersonDemographics.objects.filter(person=person).delete()
    if deleted:
        record_audit(actor=actor, action="person.demographics.delete", target=person)
    return bool(deleted)
