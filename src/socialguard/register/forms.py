from __future__ import annotations

import re
from typing import Any

from django import forms

from socialguard.accounts.models import User
from socialguard.core.forms import GovUKForm, GovUKModelForm
from socialguard.councils.models import Council
from socialguard.register.models import (
    CASE_CONTENT_FIELDS,
    AccountStatus,
    BusinessCase,
    MemberRole,
    Outcome,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


class StaffEmailsField(forms.CharField):
    """Email addresses of the council's own staff, one per line or separated by commas."""

    def __init__(self, *, council: Council, **kwargs: Any) -> None:
        self.council = council
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[User]:
        text = super().clean(value)
        emails = [e.lower() for e in re.split(r"[\s,;]+", text or "") if e]
        found = {u.email: u for u in User.objects.filter(council=self.council, email__in=emails)}
        unknown = [e for e in emails if e not in found]
        if unknown:
            raise forms.ValidationError(
                f"Not a member of {self.council.name}'s staff: {', '.join(unknown)}"
            )
        return [found[e] for e in dict.fromkeys(emails)]


def emails_of(people: Any) -> str:
    return "\n".join(p.email for p in people)


class BusinessCaseForm(GovUKModelForm):
    submit_label = "Save draft"

    class Meta:
        model = BusinessCase
        fields = CASE_CONTENT_FIELDS
        labels = {
            "proposed_handle": "Proposed name or handle on the platform",
            "audience_and_message": "What you wish to communicate and your target audience",
            "aims_and_platform_choice": "Your aims, and why this platform is right for them",
            "supporting_channels": "Other channels you will use to support it",
            "update_frequency": "How often you will update it",
            "cover_arrangements": "Who will post when you are unavailable (sickness, leave)",
            "record_keeping": "How you will keep records of what you post (if appropriate)",
            "leaver_handover": "Your commitment if you leave: say so on the account, or hand over",
            "review_commitment": "How you will review it and report to your manager and comms",
        }
        help_texts = {
            "service": "The service area that will own the account",
            "update_frequency": "For example, twice a day on weekdays",
            "review_commitment": "East Lothian asks for data every six months",
        }

    administrators = forms.CharField(required=False)  # replaced in __init__

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["administrators"] = StaffEmailsField(
            council=council,
            required=False,
            label="Named administrators",
            help_text="Council email addresses, one per line. Accounts need at least two.",
        )
        if self.instance.pk and not self.is_bound:
            self.initial["administrators"] = emails_of(self.instance.proposed_administrators.all())
        for name in ("title", "service", "proposed_handle", "update_frequency"):
            self.fields[name].widget.attrs.setdefault("class", "govuk-!-width-two-thirds")

    def content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CASE_CONTENT_FIELDS}


class DecisionForm(GovUKForm):
    submit_label = "Record decision"

    outcome = forms.ChoiceField(
        label="Your decision", choices=Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label="Reasons",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you request changes or reject the case",
    )


class AccountCreatedForm(GovUKForm):
    submit_label = "Record account as created"

    handle = forms.CharField(label="Handle or page name", max_length=100)
    url = forms.URLField(label="Web address of the account", assume_scheme="https")
    purpose = forms.CharField(label="Purpose", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["administrators"] = StaffEmailsField(
            council=council,
            label="Administrators",
            help_text="Council email addresses, one per line. At least two, for cover.",
        )


class AddMemberForm(GovUKForm):
    submit_label = "Add person"

    email = forms.EmailField(label="Council email address")
    role = forms.ChoiceField(label="Role", choices=MemberRole.choices, widget=forms.RadioSelect)


class ReasonForm(GovUKForm):
    submit_label = "Remove"

    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))


class AccountStatusForm(GovUKForm):
    submit_label = "Change status"

    status = forms.ChoiceField(
        label="New status",
        choices=[(s.value, s.label) for s in AccountStatus if s != AccountStatus.PROPOSED],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(GovUKForm):
    submit_label = "Record review"

    still_needed = forms.ChoiceField(
        label="Is the account still needed?", choices=YES_NO, widget=forms.RadioSelect
    )
    administrators_current = forms.ChoiceField(
        label="Are the named administrators still right?", choices=YES_NO, widget=forms.RadioSelect
    )
    activity = forms.CharField(
        label="Activity since the last review",
        help_text="Posts, followers, engagement: the data you report to your manager and comms",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    incidents = forms.CharField(
        label="Incidents", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(GovUKForm):
    submit_label = "Check"

    q = forms.CharField(
        label="Is this account really ours?",
        max_length=300,
        help_text="Paste the account's web address or its handle, such as @StHelensCouncil",
    )
