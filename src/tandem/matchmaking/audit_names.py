"""How the audit log names and links match runs."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse

from .models import MatchRun


def describe_runs(ids: list[str]) -> Mapping[str, tuple[str, str]]:
    pks = [int(i) for i in ids if i.isdigit()]
    rows = MatchRun.objects.filter(pk__in=pks).values_list("pk", "program__name")
    return {
        str(pk): (f"Match run #{pk} of {program}", reverse("matchmaking:run", args=[pk]))
        for pk, program in rows
    }
