"""Forms for the moderation queue, the item page's actions and bulk actions.

Clause choices come from the item's policy pack (a removal must cite one: St Helens §6.13–6.15,
East Lothian §5.2), so the forms that need them take ``clause_choices`` from the view.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from socialguard.accounts.models import User
from socialguard.core.forms import GovUKForm
from socialguard.inbox.models import ItemStatus, ReferralStatus, ReplyTemplate, Team
from socialguard.inbox.templatetags.inbox_extras import CATEGORY_LABELS, DECISION_LABELS
from socialguard.register.models import OfficialAccount


class PlainSelect(forms.Select):
    """A ``<select>`` rendered in Python rather than one template include per ``<option>``.

    The queue page renders a few hundred options (every clause of the policy, every category),
    and Django's per-option templates were most of its rendering time. The markup is the same
    as Django's: attributes from the bound field (GOV.UK classes, ``aria-describedby``), every
    option escaped, the current value selected.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in ((str(k), str(v)) for k, v in self.choices)
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)


OPEN = "open"
ANY = "any"
STATUS_CHOICES = [
    (OPEN, "Needs a moderator"),
    *ItemStatus.choices,
    (ANY, "Any status"),
]
# Age buckets, in hours: items received at most / at least this long ago.
AGE_CHOICES = [
    ("", "Any age"),
    ("lt1h", "Received in the last hour"),
    ("lt24h", "Received in the last 24 hours"),
    ("gt24h", "Waiting more than 24 hours"),
    ("gt72h", "Waiting more than 3 days"),
]
AGE_HOURS: dict[str, tuple[int | None, int | None]] = {
    # bucket → (newer than N hours, older than N hours)
    "lt1h": (1, None),
    "lt24h": (24, None),
    "gt24h": (None, 24),
    "gt72h": (None, 72),
}
ASSIGNED_ME, ASSIGNED_NOBODY = "me", "nobody"
ASSIGNED_CHOICES = [("", "Anyone or nobody"), (ASSIGNED_ME, "Me"), (ASSIGNED_NOBODY, "Nobody yet")]
CATEGORY_CHOICES = [("", "Any category"), *CATEGORY_LABELS.items()]
DECISION_CHOICES = [("", "Any decision"), *DECISION_LABELS.items()]

CLAUSE_PLACEHOLDER = ("", "Choose the clause")
CLAUSE_ERRORS = {
    "required": "Choose the policy clause that applies",
    "invalid_choice": "Choose a clause of this council's policy",
}
# Clause options are long ("§6.13 Social Media for Business Use: …"): keep selects in their column.
WIDE = {"class": "govuk-!-width-full"}


class QueueFilterForm(GovUKForm):
    """The queue's filters: a GET form, so a filtered queue is a link you can share or bookmark."""

    submit_label = "Filter"

    status = forms.ChoiceField(
        label="Status", choices=STATUS_CHOICES, required=False, widget=PlainSelect
    )
    account = forms.TypedChoiceField(
        label="Account", coerce=int, required=False, empty_value=None, widget=PlainSelect
    )
    category = forms.ChoiceField(
        label="Finding", choices=CATEGORY_CHOICES, required=False, widget=PlainSelect
    )
    decision = forms.ChoiceField(
        label="Engine decision", choices=DECISION_CHOICES, required=False, widget=PlainSelect
    )
    age = forms.ChoiceField(label="Age", choices=AGE_CHOICES, required=False, widget=PlainSelect)
    assigned = forms.ChoiceField(
        label="Assigned to", choices=ASSIGNED_CHOICES, required=False, widget=PlainSelect
    )

    def __init__(self, *args: Any, accounts: list[OfficialAccount], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared just above
        field.choices = [("", "Any account"), *((a.pk, str(a)) for a in accounts)]

    def clean_status(self) -> str:
        return str(self.cleaned_data.get("status") or OPEN)


class NoteForm(GovUKForm):
    submit_label = "Add note"

    text = forms.CharField(
        label="Note for other moderators",
        max_length=4000,
        error_messages={"required": "Write the note"},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only staff see notes. Do not repeat personal data you do not need.",
    )


class ApproveForm(GovUKForm):
    submit_label = "Approve"

    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000, widget=forms.TextInput()
    )


class _ClauseForm(GovUKForm):
    """An action that applies a policy clause: the clause, and the reason in one's own words."""

    clause = forms.ChoiceField(
        label="Policy clause",
        choices=[CLAUSE_PLACEHOLDER],
        widget=PlainSelect(attrs=WIDE),
        error_messages=CLAUSE_ERRORS,
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason, in your own words"},
    )

    def __init__(self, *args: Any, clause_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["clause"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared just above
        field.choices = [CLAUSE_PLACEHOLDER, *clause_choices]


class HideForm(_ClauseForm):
    submit_label = "Hide"


class RemoveForm(_ClauseForm):
    submit_label = "Remove"

    clause = forms.ChoiceField(
        label="Policy clause",
        choices=[CLAUSE_PLACEHOLDER],
        help_text="A removal must cite the clause it enforces",
        widget=PlainSelect(attrs=WIDE),
        error_messages=CLAUSE_ERRORS,
    )


class EscalateForm(GovUKForm):
    submit_label = "Escalate"

    reason = forms.CharField(
        label="Why this is urgent",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why this is urgent"},
    )


class ReferForm(GovUKForm):
    submit_label = "Refer"

    team = forms.ChoiceField(
        label="Refer to",
        choices=Team.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the team to refer it to"},
    )
    note = forms.CharField(
        label="Note for the team (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReplyForm(GovUKForm):
    """A public reply, usually from a template that moves the conversation to direct channels."""

    submit_label = "Record reply"

    # Chosen with the "Start from a template" control above the form (it works without
    # JavaScript by reloading the page with the template's text); recorded with the reply.
    template = forms.TypedChoiceField(
        label="Template", coerce=int, required=False, empty_value=None, widget=forms.HiddenInput()
    )
    text = forms.CharField(
        label="Reply text",
        max_length=2000,
        error_messages={"required": "Write the reply"},
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Edit it as needed. It must not repeat personal data from the comment.",
    )

    def __init__(self, *args: Any, templates: list[ReplyTemplate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.templates = {t.pk: t for t in templates}
        field = self.fields["template"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared just above
        field.choices = [("", "None: my own words"), *((t.pk, t.name) for t in templates)]

    def chosen_template(self) -> ReplyTemplate | None:
        pk = self.cleaned_data.get("template")
        return self.templates.get(pk) if pk is not None else None


class AssignForm(GovUKForm):
    submit_label = "Assign"

    assignee = forms.TypedChoiceField(
        label="Assign to",
        coerce=int,
        widget=PlainSelect,
        error_messages={
            "required": "Choose who to assign it to",
            "invalid_choice": "Assign it to a moderator of this council",
        },
    )

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared just above
        field.choices = [("", "Choose a moderator"), *((p.pk, _name(p)) for p in people)]

    def chosen(self) -> User:
        return self.people[self.cleaned_data["assignee"]]


def _name(user: User) -> str:
    return user.get_full_name() or user.email


# Values are services.BULK_ACTIONS names; "assign" gives the items to the person acting.
BULK_APPROVE, BULK_HIDE, BULK_REMOVE, BULK_ASSIGN_ME = "approve", "hide", "remove", "assign"
BULK_CHOICES = [
    (BULK_APPROVE, "Approve"),
    (BULK_HIDE, "Hide, citing a clause"),
    (BULK_REMOVE, "Remove, citing a clause"),
    (BULK_ASSIGN_ME, "Assign to me"),
]


class BulkActionForm(GovUKForm):
    """The same action on every ticked item of the queue page."""

    submit_label = "Apply to selected comments"

    items = forms.TypedMultipleChoiceField(
        label="Comments", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    action = forms.ChoiceField(
        label="Action",
        choices=BULK_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to do with the selected comments"},
    )
    clause = forms.ChoiceField(
        label="Policy clause",
        required=False,
        choices=[CLAUSE_PLACEHOLDER],
        help_text="Needed to hide or remove",
        widget=PlainSelect(attrs=WIDE),
        error_messages=CLAUSE_ERRORS,
    )
    reason = forms.CharField(
        label="Reason", required=False, max_length=2000, help_text="Needed to hide or remove"
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput())

    def __init__(
        self,
        *args: Any,
        item_ids: list[int],
        clause_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        items = self.fields["items"]
        clause = self.fields["clause"]
        assert isinstance(items, forms.ChoiceField)  # noqa: S101 - declared just above
        assert isinstance(clause, forms.ChoiceField)  # noqa: S101 - declared just above
        items.choices = [(pk, str(pk)) for pk in item_ids]
        items.error_messages["required"] = "Select at least one comment"
        items.error_messages["invalid_choice"] = (
            "A selected comment is no longer in your queue: reload the page"
        )
        clause.choices = [CLAUSE_PLACEHOLDER, *clause_choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") in (BULK_HIDE, BULK_REMOVE):
            if not data.get("clause"):
                self.add_error("clause", "Choose the policy clause that applies")
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Give the reason, in your own words")
        return data


class ReferralUpdateForm(GovUKForm):
    """A team moves a referral on; closing it needs a written outcome (nothing auto-closes)."""

    submit_label = "Update referral"

    status = forms.ChoiceField(label="Status", choices=ReferralStatus.choices, widget=PlainSelect)
    outcome = forms.CharField(
        label="Outcome",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What was done. Needed to close the referral.",
    )
