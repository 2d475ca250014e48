"""GOV.UK forms for agreements, training, the restricted posts register and leavers.

Forms only validate input; the rules (who may, which version, capacity) are enforced in
``services.py`` and reported back onto the form.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.core.forms import GovUKForm

DATE_HINT = "For example, 27/3/2026"


def _date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": f"Enter the {label.lower()}", "invalid": "Enter a real date"},
        **kwargs,
    )


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Staff shown by name and email, so two people with one name can be told apart."""

    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        return f"{user.get_full_name() or user.email} ({user.email})"


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        user: User = obj
        return f"{user.get_full_name() or user.email} ({user.email})"


# --- agreements ----------------------------------------------------------------------------------


class SignAgreementForm(GovUKForm):
    submit_label = "Sign the agreement"

    # The version the person read: if a newer one is published meanwhile, signing is refused.
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="I have read this agreement and will abide by it at all times",
        error_messages={"required": "Confirm you have read the agreement and will abide by it"},
    )


class CountersignForm(GovUKForm):
    submit_label = "Countersign"

    confirm = forms.BooleanField(
        label="I have discussed this agreement with them and will make sure it is abided by",
        error_messages={"required": "Confirm you will make sure the agreement is abided by"},
    )


class PublishAgreementForm(GovUKForm):
    submit_label = "Publish this version"

    title = forms.CharField(
        label="Title",
        max_length=200,
        initial="Social Media User Agreement",
        error_messages={"required": "Enter the agreement's title"},
    )
    body = forms.CharField(
        label="Agreement text",
        help_text="Everyone who runs an official account must sign this version again.",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter the text staff will sign"},
    )


# --- training ------------------------------------------------------------------------------------


class CourseForm(GovUKForm):
    submit_label = "Save course"

    name = forms.CharField(
        label="Course name",
        max_length=200,
        error_messages={"required": "Enter the course name"},
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    validity_months = forms.IntegerField(
        label="Valid for (months)",
        min_value=1,
        max_value=120,
        help_text="After this many months staff must attend again.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many months a completion is valid for",
            "invalid": "Enter a whole number of months",
            "min_value": "Enter a number of months from 1 to 120",
            "max_value": "Enter a number of months from 1 to 120",
        },
    )
    awareness_session = forms.BooleanField(
        label="This is an awareness session staff attend before they get access",
        required=False,
    )

    def __init__(self, *args: Any, access_course: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if access_course:
            self.fields["name"].help_text = (
                f"Your policy requires “{access_course}” before access to official accounts: "
                "use exactly that name for it."
            )


class SessionForm(GovUKForm):
    submit_label = "Schedule session"

    day = _date_field("Date", help_text=DATE_HINT)
    start = forms.TimeField(
        label="Start time",
        help_text="For example, 14:30",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "Enter the start time", "invalid": "Enter a real time"},
    )
    location = forms.CharField(
        label="Location",
        max_length=200,
        error_messages={"required": "Enter where the session is held"},
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=500,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many people can attend",
            "invalid": "Enter a whole number",
            "min_value": "Enter 1 or more places",
            "max_value": "Enter 500 places or fewer",
        },
    )

    def starts_at(self) -> datetime:
        day: date = self.cleaned_data["day"]
        start: time = self.cleaned_data["start"]
        return timezone.make_aware(datetime.combine(day, start))


class AttendanceForm(GovUKForm):
    submit_label = "Record attendance"

    attendees = StaffMultipleChoiceField(
        label="Who attended",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select everyone who attended"},
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = staff  # type: ignore[attr-defined]


class TrainingRecordForm(GovUKForm):
    submit_label = "Record completion"

    user = StaffChoiceField(
        label="Who completed it",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose who completed the course"},
    )
    completed_on = _date_field("Completion date", help_text=DATE_HINT)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff  # type: ignore[attr-defined]

    def clean_completed_on(self) -> date:
        value: date = self.cleaned_data["completed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("The completion date must be today or earlier")
        return value


# --- politically restricted posts ----------------------------------------------------------------


class RestrictedPostForm(GovUKForm):
    submit_label = "Add to the register"

    user = StaffChoiceField(
        label="Post holder",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Choose who holds the post"},
    )
    post_title = forms.CharField(
        label="Post title",
        max_length=200,
        error_messages={"required": "Enter the post's title"},
    )
    reason = forms.CharField(
        label="Why the post is politically restricted",
        help_text="For example, the post's grade or duties under the Code of Conduct for "
        "Employees.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the post is politically restricted"},
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff  # type: ignore[attr-defined]


class EndRestrictedPostForm(GovUKForm):
    submit_label = "Remove from the register"

    reason = forms.CharField(
        label="Why the post is no longer restricted",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the post is no longer restricted"},
    )


# --- leavers -------------------------------------------------------------------------------------


class LeaverForm(GovUKForm):
    submit_label = "Record as a leaver"

    left_on = _date_field("Last working day", help_text=DATE_HINT)
    confirm = forms.BooleanField(
        label="They can no longer sign in, and their access to official accounts is suspended",
        error_messages={"required": "Confirm you understand what recording a leaver does"},
    )

    def clean_left_on(self) -> date:
        value: date = self.cleaned_data["left_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("Record a leaver on or after their last working day")
        return value
