"""``web/_form.html`` renders any Django form accessibly."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string


class ExampleForm(forms.Form):
    name = forms.CharField(help_text="Your full name.")
    bio = forms.CharField(required=False, widget=forms.Textarea)
    agree = forms.BooleanField(label="I agree")
    colour = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Something is off with the whole form.")


def render(form: forms.Form) -> str:
    return render_to_string("web/_form.html", {"form": form})


def test_each_field_has_a_label_tied_to_its_input():
    html = render(ExampleForm())
    assert '<label for="id_name">Name</label>' in html
    assert 'id="id_name"' in html
    assert '<label for="id_agree">I agree</label>' in html
    assert "<legend>Colour</legend>" in html


def test_optional_fields_say_so_and_help_text_is_linked_with_aria_describedby():
    html = render(ExampleForm())
    assert 'Bio <span class="optional">(optional)</span>' in html
    assert '<p class="help" id="id_name_helptext">Your full name.</p>' in html
    assert 'aria-describedby="id_name_helptext"' in html


def test_errors_are_shown_next_to_their_field_and_mark_it_invalid():
    form = ExampleForm(data={"name": "", "colour": "g"})
    form.is_valid()
    html = render(form)
    assert 'class="field field-text has-error required"' in html
    assert 'aria-invalid="true"' in html
    assert '<ul class="errorlist" id="id_name_error">' in html
    assert "This field is required." in html


def test_non_field_errors_are_shown_above_the_fields_as_an_alert():
    form = ExampleForm(data={"name": "Ada", "agree": "on", "colour": "r"})
    form.is_valid()
    html = render(form)
    assert 'class="form-errors" role="alert"' in html
    assert "Something is off with the whole form." in html
    assert html.index("Something is off") < html.index('id="id_name"')


def test_hidden_fields_are_rendered_without_a_label():
    html = render(ExampleForm())
    assert 'type="hidden" name="token"' in html
    assert "Token" not in html
