"""GOV.UK forms for the policy page and the policy owner's pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from socialguard.core.forms import GovUKForm


class AcknowledgeForm(GovUKForm):
    submit_label = "Confirm"

    # The version the person read: if another is activated meanwhile, the service refuses.
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="I have read this version of the policy and understand what it asks of me",
        error_messages={"required": "Confirm you have read the policy"},
    )


class ActivateForm(GovUKForm):
    submit_label = "Activate"

    pack_id = forms.ChoiceField(
        label="Policy pack",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the policy to activate"},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pack_id"].choices = choices  # type: ignore[attr-defined]


class AnnualReviewForm(GovUKForm):
    submit_label = "Record the review"

    notes = forms.CharField(
        label="What the review found",
        help_text="Changes in legislation, incidents, feedback; whether a new version is needed.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what the review found"},
    )
    next_due = forms.DateField(
        label="Next review due",
        help_text="For example, 27/3/2027",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter when the next review is due",
            "invalid": "Enter a real date",
        },
    )

    def clean_next_due(self) -> date:
        value: date = self.cleaned_data["next_due"]
        if value <= timezone.localdate():
            raise forms.ValidationError("The next review must be after today")
        return value
