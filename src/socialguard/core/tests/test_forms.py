"""GovUKForm renders GOV.UK markup: labels, hints, errors linked from the summary."""

from __future__ import annotations

from django import forms
from django.template import Context, Template

from socialguard.core.forms import GovUKForm


class ExampleForm(GovUKForm):
    name = forms.CharField(label="Full name", help_text="As on your payslip")
    team = forms.ChoiceField(
        label="Team", choices=[("a", "Libraries"), ("b", "Parks")], widget=forms.RadioSelect
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    agree = forms.BooleanField(label="I agree")


def _render(form: GovUKForm) -> str:
    template = Template('{% include "govuk/error_summary.html" %}{{ form }}')
    return template.render(Context({"form": form}))


def test_an_unbound_form_has_labels_hints_and_no_errors() -> None:
    html = _render(ExampleForm())
    assert '<label class="govuk-label" for="id_name">Full name</label>' in html
    assert 'id="id_name-hint" class="govuk-hint">As on your payslip' in html
    assert 'aria-describedby="id_name-hint"' in html
    assert 'class="govuk-input"' in html
    assert 'class="govuk-textarea"' in html
    assert "govuk-radios__input" in html
    assert "govuk-error-summary" not in html


def test_errors_are_summarised_and_linked_to_their_fields() -> None:
    html = _render(ExampleForm(data={}))
    assert "govuk-error-summary" in html
    assert 'href="#id_name"' in html
    assert 'href="#id_team_0"' in html  # radios link to their first option
    assert "govuk-form-group--error" in html
    assert "govuk-input--error" in html
    assert 'id="id_name-error" class="govuk-error-message"' in html
    assert 'aria-describedby="id_name-hint id_name-error"' in html


def test_submitted_values_are_kept_when_there_are_errors() -> None:
    html = _render(ExampleForm(data={"name": "Maya Dunn", "notes": "keep me"}))
    assert 'value="Maya Dunn"' in html
    assert "keep me" in html


class WidthForm(GovUKForm):
    hours = forms.IntegerField(
        label="Hours", widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"})
    )


def test_a_widget_width_class_is_kept_with_and_without_errors() -> None:
    assert 'class="govuk-input--width-3 govuk-input"' in _render(WidthForm())
    html = _render(WidthForm(data={}))
    assert 'class="govuk-input--width-3 govuk-input govuk-input--error"' in html
