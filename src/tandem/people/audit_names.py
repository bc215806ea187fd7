"""How the audit log names and links people."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse

from .models import Person


def describe_people(ids: list[str]) -> Mapping[str, tuple[str, str]]:
    pks = [int(i) for i in ids if i.isdigit()]
    return {
        str(pk): (name, reverse("people:person", args=[pk]))
        for pk, name in Person.objects.filter(pk__in=pks).values_list("pk", "full_name")
    }
