"""Labels say what the form needs: no required field is called optional, one spelling of
"enrolment", ISO dates in date inputs, no stray separators in member lists."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Iterator
from types import SimpleNamespace

from django import forms
from django.forms.utils import pretty_name
from django.template import Context, Template
from django.template.loader import render_to_string

import tandem
from tandem.core.forms import IsoDateInput, is_optional
from tandem.relationships.forms import AgreementForm, GoalForm, StatusForm


def _all_form_classes() -> Iterator[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(tandem.__path__, "tandem."):
        if info.name.endswith(".forms") or ".forms_" in info.name:
            importlib.import_module(info.name)
    seen: set[type] = set()
    stack: list[type] = [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                stack.append(sub)
                if sub.__module__.startswith("tandem."):
                    yield sub


def _labels() -> Iterator[tuple[str, str, forms.Field]]:
    for cls in _all_form_classes():
        for name, field in getattr(cls, "base_fields", {}).items():
            yield (
                f"{cls.__module__}.{cls.__name__}.{name}",
                str(field.label or pretty_name(name)),
                field,
            )


def test_no_label_writes_optional_itself_because_the_renderer_adds_it():
    offenders = [where for where, label, _ in _labels() if "optional" in label.lower()]
    assert offenders == []


def test_every_label_spells_enrolment_the_british_way():
    offenders = [where for where, label, _ in _labels() if "enrollment" in label.lower()]
    assert offenders == []


def test_a_required_field_is_never_labelled_optional():
    goal = render_to_string("web/_form.html", {"form": GoalForm()})
    assert "Specific — the goal</label>" in goal
    assert "(optional)" not in goal
    for where, _, field in _labels():
        if field.required:
            assert not is_optional(field), where


def test_an_optional_label_says_optional_once():
    html = render_to_string("web/_form.html", {"form": AgreementForm()})
    assert html.count("(optional)") == 1
    assert 'Your own points <span class="optional">(optional)</span>' in html


def test_a_reason_required_only_when_ending_early_is_not_called_optional():
    relationship = SimpleNamespace(status="active")
    html = render_to_string("web/_form.html", {"form": StatusForm(relationship=relationship)})
    assert "Reason</label>" in html
    assert "(optional)" not in html
    assert "Required when ending early." in html


def test_truly_optional_fields_still_say_so():
    class Example(forms.Form):
        nickname = forms.CharField(required=False)

    assert 'Nickname <span class="optional">(optional)</span>' in render_to_string(
        "web/_form.html", {"form": Example()}
    )


def test_date_inputs_show_their_default_in_iso_whatever_the_locale():
    class Example(forms.Form):
        on = forms.DateField(widget=IsoDateInput())

    html = Example(initial={"on": dt.date(2026, 12, 2)})["on"].as_widget()
    assert 'type="date"' in html
    assert 'value="2026-12-02"' in html


def test_every_date_field_of_every_form_uses_an_iso_date_input():
    offenders = [
        where
        for where, _, field in _labels()
        if isinstance(field, forms.DateField)
        and "date" in (field.widget.input_type, field.widget.attrs.get("type"))
        and not isinstance(field.widget, IsoDateInput)
    ]
    assert offenders == []


def test_a_list_of_the_other_members_has_no_trailing_comma():
    me, other = SimpleNamespace(pk=1), SimpleNamespace(pk=2)

    def member(user, name):
        return SimpleNamespace(
            participant=SimpleNamespace(person=SimpleNamespace(user_id=user.pk, full_name=name))
        )

    members = [member(other, "Jake Jones"), member(me, "Me")]
    html = Template(
        "{% load tandem %}{% for m in members|others_than:me %}{{ m.participant.person.full_name }}"
        "{% if not forloop.last %}, {% endif %}{% endfor %}."
    ).render(Context({"members": members, "me": me}))
    assert html == "Jake Jones."
