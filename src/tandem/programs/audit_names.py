"""How the audit log names and links programs."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse

from .models import Program


def describe_programs(ids: list[str]) -> Mapping[str, tuple[str, str]]:
    pks = [int(i) for i in ids if i.isdigit()]
    return {
        str(pk): (name, reverse("programs:detail", args=[pk]))
        for pk, name in Program.objects.filter(pk__in=pks).values_list("pk", "name")
    }
