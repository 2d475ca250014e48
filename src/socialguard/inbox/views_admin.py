"""Inbox administration pages for moderators: routing rules (with a dry-run preview), file
import and the inbox settings. Thin views: forms check input, ``services`` write,
``routing.dry_run`` previews.

URL names (in ``inbox/urls.py``): ``inbox:rules``, ``inbox:rule_edit`` (``rule_id`` 0 makes a
new rule), ``inbox:import``, ``inbox:settings``. All need MODERATE_INBOX, and all work on the
signed-in user's own council; another council's rule is a 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.core.access import deny, require
from socialguard.core.decorators import capability_required
from socialguard.core.forms import GovUKForm, add_service_errors
from socialguard.councils.models import Council
from socialguard.inbox import importing, routing, services
from socialguard.inbox.models import (
    CATEGORY_ORDER,
    InboxSettings,
    RoutingAction,
    RoutingRule,
    Team,
)
from socialguard.register.models import OfficialAccount

MODERATE = Capability.MODERATE_INBOX
# The upload page screens in the request; bigger files go through the command line.
UPLOAD_MAX_ROWS = 5_000
UPLOAD_MAX_BYTES = 10 * 1024 * 1024


def _me(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the decorators let only staff in
    return user


def _council(user: User) -> Council:
    council_id = require(user, MODERATE)
    return Council.objects.get(pk=council_id)


def category_label(category: str) -> str:
    return category.replace("_", " ").capitalize()


# --- forms ---------------------------------------------------------------------------------------


class RuleForm(GovUKForm):
    """One routing rule. Choices (accounts, clauses) are the council's own."""

    submit_label = "Save rule"

    name = forms.CharField(max_length=200, help_text="Say what it does, in plain words")
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Why (optional)"
    )
    tier = forms.IntegerField(
        min_value=1,
        max_value=99,
        help_text="Tiers are tried from 1 upwards; the first tier with a matching rule decides",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    position = forms.IntegerField(
        min_value=0,
        max_value=999,
        initial=1,
        label="Order within the tier",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    action = forms.ChoiceField(choices=RoutingAction.choices, widget=forms.RadioSelect)
    referral_team = forms.ChoiceField(
        required=False,
        label="Team to refer to",
        help_text="Only for “Create a referral”",
        choices=[("", "Not a referral"), *Team.choices],
    )
    categories = forms.MultipleChoiceField(
        required=False,
        choices=[(c, category_label(c)) for c in CATEGORY_ORDER],
        widget=forms.CheckboxSelectMultiple,
        label="When any of these is found",
        help_text="Tick none to match every comment (then use the conditions below)",
    )
    min_confidence = forms.FloatField(
        min_value=0,
        max_value=1,
        initial=0,
        label="Minimum confidence (0 to 1)",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "step": "0.05"}),
    )
    min_severity = forms.ChoiceField(
        required=False,
        label="Minimum severity",
        choices=[("", "Any"), ("low", "Low"), ("medium", "Medium"), ("high", "High")],
    )
    accounts = forms.ModelMultipleChoiceField(
        required=False,
        queryset=OfficialAccount.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Only on these accounts",
        help_text="Tick none for every account",
    )
    author_prior_hidden_at_least = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=999,
        label="Only when the author has at least this many hidden or removed comments",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    clause = forms.ChoiceField(required=False, label="Policy clause it applies")
    active = forms.BooleanField(required=False, initial=True, label="Use this rule")

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        accounts = self.fields["accounts"]
        assert isinstance(accounts, forms.ModelMultipleChoiceField)  # noqa: S101 - declared above
        accounts.queryset = OfficialAccount.objects.filter(council=council).exclude(status="closed")
        pack = services.engine_for(council.policy_pack).pack
        clause = self.fields["clause"]
        assert isinstance(clause, forms.ChoiceField)  # noqa: S101 - declared above
        clause.choices = [("", "None")] + [
            (cid, f"{cid} {c.heading}") for cid, c in pack.clauses.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == RoutingAction.REFER and not data.get("referral_team"):
            self.add_error("referral_team", "Choose the team to refer to")
        return data

    def values(self) -> dict[str, Any]:
        """The rule's fields for ``services.save_routing_rule``."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "tier": data["tier"],
            "position": data["position"],
            "action": data["action"],
            "referral_team": data["referral_team"] if data["action"] == "refer" else "",
            "categories": list(data["categories"]),
            "min_confidence": data["min_confidence"] or 0.0,
            "min_severity": data["min_severity"],
            "author_prior_hidden_at_least": data["author_prior_hidden_at_least"],
            "clause": data["clause"],
            "active": data["active"],
        }

    def spec(self, rule_id: int | None) -> routing.RuleSpec:
        """The rule as routing would see it, saved or not (for the preview)."""
        values = self.values()
        return routing.RuleSpec(
            id=rule_id,
            tier=values["tier"],
            position=values["position"],
            name=values["name"],
            action=values["action"],
            categories=frozenset(values["categories"]),
            min_confidence=values["min_confidence"],
            min_severity=values["min_severity"],
            account_ids=frozenset(a.pk for a in self.cleaned_data["accounts"]),
            author_prior_hidden_at_least=values["author_prior_hidden_at_least"],
            referral_team=values["referral_team"],
            clause=values["clause"],
            active=values["active"],
        )


def _initial(rule: RoutingRule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "description": rule.description,
        "tier": rule.tier,
        "position": rule.position,
        "action": rule.action,
        "referral_team": rule.referral_team,
        "categories": list(rule.categories),
        "min_confidence": rule.min_confidence,
        "min_severity": rule.min_severity,
        "accounts": list(rule.accounts.all()),
        "author_prior_hidden_at_least": rule.author_prior_hidden_at_least,
        "clause": rule.clause,
        "active": rule.active,
    }


class ImportForm(GovUKForm):
    submit_label = "Check and import"

    file = forms.FileField(
        label="Upload a file",
        help_text=(
            f"CSV (with a header row) or JSON Lines, UTF-8, up to {UPLOAD_MAX_ROWS:,} rows. "
            "Columns: platform, account_handle, platform_item_id, author_handle, text, and "
            "optionally author_name, posted_at, url, parent_platform_item_id."
        ),
    )
    strict = forms.BooleanField(
        required=False,
        label="Only import if every row is valid",
        help_text="Otherwise the valid rows are imported and the others listed below",
    )
    history = forms.BooleanField(
        required=False,
        label="These are past comments: do not email the teams their referrals",
        help_text="Referrals are still made and listed; safeguarding referrals are always emailed",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError("The file must be smaller than 10 MB")
        try:
            importing.detect_format(upload.name or "")
        except importing.FileProblem as problem:
            raise forms.ValidationError(str(problem).rstrip(".")) from problem
        return upload


def _hour(hour: int) -> str:
    return f"{hour:02d}:00"


def _hours_errors(what: str, most: int) -> dict[str, str]:
    return {
        "required": f"Enter the {what.lower()} in hours",
        "invalid": f"{what} must be a whole number of hours, like 8",
        "min_value": f"{what} must be at least 1 hour",
        "max_value": f"{what} must be {most} hours or fewer",
    }


def _team_email(team: str, label: str, help_text: str) -> forms.EmailField:
    """An optional team mailbox that referrals are emailed to."""
    return forms.EmailField(
        required=False,
        max_length=254,
        error_messages={
            "invalid": (
                f"Enter the {team} email address in the correct format, like name@example.gov.uk"
            )
        },
        label=label,
        help_text=help_text,
    )


class SettingsForm(GovUKForm):
    """The council's inbox settings (``services.SETTINGS_FIELDS``), grouped on the page."""

    submit_label = "Save settings"

    response_target_hours = forms.IntegerField(
        min_value=1,
        max_value=200,
        error_messages=_hours_errors("Response target", 200),
        label="Response target, in working hours",
        help_text="How soon a moderator should first act on a comment (working hours only)",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    urgent_target_hours = forms.IntegerField(
        min_value=1,
        max_value=72,
        error_messages=_hours_errors("Urgent response target", 72),
        label="Urgent response target, in hours",
        help_text=(
            "For escalated comments such as safeguarding concerns: counted round the clock, "
            "evenings, weekends and bank holidays included"
        ),
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    working_day_start = forms.TypedChoiceField(
        coerce=int,
        choices=[(h, _hour(h)) for h in range(24)],
        label="Working day starts at",
    )
    working_day_end = forms.TypedChoiceField(
        coerce=int,
        choices=[(h, _hour(h)) for h in range(1, 25)],
        label="Working day ends at",
    )
    contact_centre_email = _team_email(
        "Contact Centre",
        "Contact Centre email address",
        "Service requests and complaints are referred here",
    )
    press_office_email = _team_email(
        "Press Office", "Press Office email address", "Press enquiries are referred here"
    )
    safeguarding_email = _team_email(
        "Safeguarding lead",
        "Safeguarding lead email address",
        "Safeguarding concerns are emailed here at once, marked urgent",
    )
    reference_prefix = forms.CharField(
        max_length=6,
        label="Referral reference prefix",
        help_text="1 to 6 letters or numbers that start each referral reference, like SH in "
        "SH-CC-2026-00017",
        validators=[
            RegexValidator(r"^[A-Za-z0-9]{1,6}$", "Use only letters and numbers, up to 6 of them")
        ],
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-5", "spellcheck": "false", "autocomplete": "off"}
        ),
    )

    GROUPS = (
        ("Response targets", ("response_target_hours", "urgent_target_hours")),
        ("Working day", ("working_day_start", "working_day_end")),
        (
            "Where referrals are emailed",
            ("contact_centre_email", "press_office_email", "safeguarding_email"),
        ),
        ("Referral references", ("reference_prefix",)),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("contact_centre_email", "press_office_email", "safeguarding_email"):
            self.fields[name].widget.attrs.update(
                {"class": "govuk-!-width-two-thirds", "spellcheck": "false", "autocomplete": "off"}
            )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("working_day_start"), data.get("working_day_end")
        if start is not None and end is not None and start >= end:
            self.add_error("working_day_end", "The working day must end after it starts")
        return data


def _settings_initial(conf: InboxSettings) -> dict[str, Any]:
    return {name: getattr(conf, name) for name in services.SETTINGS_FIELDS}


# --- rules ---------------------------------------------------------------------------------------


def access_rule(user: User, rule_id: int) -> RoutingRule:
    council_id = require(user, MODERATE)
    rule = RoutingRule.objects.filter(pk=rule_id, council_id=council_id).first()
    if rule is None:
        deny()
    return rule


@capability_required(MODERATE)
def rules(request: HttpRequest) -> HttpResponse:
    """The council's routing rules by tier, and how they are applied."""
    council = _council(_me(request))
    specs = routing.rules_for(council)
    accounts = {a.pk: str(a) for a in OfficialAccount.objects.filter(council=council)}
    tiers: dict[int, list[dict[str, Any]]] = {}
    for spec in specs:
        tiers.setdefault(spec.tier, []).append(
            {
                "spec": spec,
                "categories": [category_label(c) for c in sorted(spec.categories)],
                "accounts": [accounts.get(a, "?") for a in sorted(spec.account_ids)],
                "action": RoutingAction(spec.action).label,
                "team": Team(spec.referral_team).label if spec.referral_team else "",
            }
        )
    return render(
        request,
        "inbox/rules.html",
        {"council": council, "tiers": sorted(tiers.items())},
    )


@capability_required(MODERATE)
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    """Edit (or, with ``rule_id`` 0, add) a rule. "Preview" shows the dry run without saving."""
    me = _me(request)
    council = _council(me)
    rule = access_rule(me, rule_id) if rule_id else None
    report = None
    if request.method == "POST":
        form = RuleForm(request.POST, council=council)
        if form.is_valid():
            if "preview" in request.POST:
                proposed = routing.with_change(
                    routing.rules_for(council), form.spec(rule.pk if rule else None)
                )
                report = routing.dry_run(council, proposed)
            else:
                try:
                    saved = services.save_routing_rule(
                        actor=me,
                        council=council,
                        rule=rule,
                        accounts=list(form.cleaned_data["accounts"]),
                        **form.values(),
                    )
                except ValidationError as problem:
                    add_service_errors(form, problem)
                else:
                    messages.success(request, f"Rule saved: {saved.name}.")
                    return redirect("inbox:rules")
    elif rule is not None:
        form = RuleForm(initial=_initial(rule), council=council)
    else:
        next_tier = max((s.tier for s in routing.rules_for(council)), default=1)
        form = RuleForm(initial={"tier": next_tier, "position": 1, "active": True}, council=council)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(
        request,
        "inbox/rules_edit.html",
        {"form": form, "rule": rule, "report": report, "council": council},
        status=status,
    )


# --- import --------------------------------------------------------------------------------------


@capability_required(MODERATE)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Upload a CSV or JSON Lines file: every row checked, valid rows imported, the rest listed."""
    me = _me(request)
    council = _council(me)
    report = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = importing.import_file(
                council,
                importing.text_stream(upload.file),
                importing.detect_format(upload.name),
                source=f"upload:{upload.name} by {me.email}",
                strict=form.cleaned_data["strict"],
                max_rows=UPLOAD_MAX_ROWS,
                email_referrals=not form.cleaned_data["history"],
            )
            if report.file_problem:
                form.add_error("file", report.file_problem.rstrip("."))
                report = None
    else:
        form = ImportForm()
    status = 400 if request.method == "POST" and form.errors else 200
    return render(
        request,
        "inbox/import.html",
        {"form": form, "report": report, "council": council},
        status=status,
    )


# --- settings ------------------------------------------------------------------------------------


@capability_required(MODERATE)
def inbox_settings(request: HttpRequest) -> HttpResponse:
    """The council's response targets, working day, team addresses and reference prefix."""
    me = _me(request)
    council = _council(me)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.save_inbox_settings(actor=me, council=council, **form.cleaned_data)
            except ValidationError as problem:
                add_service_errors(form, problem)
            else:
                messages.success(request, "Inbox settings saved.")
                return redirect("inbox:settings")
    else:
        form = SettingsForm(initial=_settings_initial(services.inbox_settings_for(council)))
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "inbox/settings.html", {"form": form, "council": council}, status=status)
