from __future__ import annotations

from django import forms

from socialguard.audit.models import Verb
from socialguard.audit.selectors import EventFilters
from socialguard.core.forms import GovUKForm


class EventFilterForm(GovUKForm):
    submit_label = "Apply filters"

    actor = forms.CharField(label="Who", required=False, help_text="Part of an email address")
    verb = forms.ChoiceField(
        label="What they did", required=False, choices=[("", "Anything"), *Verb.choices]
    )
    target = forms.CharField(
        label="Record",
        required=False,
        help_text="Part of its name, or type and id such as accounts.user:42",
    )
    date_from = forms.DateField(
        label="From",
        required=False,
        help_text="For example, 27/3/2026",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data

    def filters(self) -> EventFilters:
        data = self.cleaned_data
        return EventFilters(
            actor=data["actor"],
            verb=data["verb"],
            target=data["target"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
