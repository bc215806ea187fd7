"""How the audit log names and links relationships: the members and the program, linking
to the relationship's row in the program view (what members write stays private)."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse

from .models import Relationship


def describe_relationships(ids: list[str]) -> Mapping[str, tuple[str, str]]:
    pks = [int(i) for i in ids if i.isdigit()]
    rows = (
        Relationship.objects.filter(pk__in=pks)
        .select_related("program")
        .prefetch_related("members__participant__person")
    )
    out = {}
    for r in rows:
        names = " & ".join(m.participant.person.full_name for m in r.members.all())
        url = reverse("relationships:program", args=[r.program_id]) + f"#relationship-{r.pk}"
        out[str(r.pk)] = (f"{names or 'Relationship'} ({r.program.name})", url)
    return out
