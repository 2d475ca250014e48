"""GOV.UK Design System forms from plain Django forms.

Every form in SocialGuard subclasses ``GovUKForm`` (or mixes in ``GovUKFormMixin``). Rendering
``{{ form }}`` gives the error summary (linked to each field) and each field as a GOV.UK form
group: label, hint, error message and the input with the right classes. Templates live in
``core/templates/govuk/``, so markup follows govuk-frontend's own components.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

# Widget class → (GOV.UK component template, CSS class for the input, CSS class when in error).
_WIDGETS: list[tuple[type[forms.Widget], str, str, str]] = [
    (forms.RadioSelect, "radios", "govuk-radios__input", ""),
    (forms.CheckboxSelectMultiple, "checkboxes", "govuk-checkboxes__input", ""),
    (forms.CheckboxInput, "checkbox", "govuk-checkboxes__input", ""),
    (forms.Textarea, "input", "govuk-textarea", "govuk-textarea--error"),
    (forms.Select, "input", "govuk-select", "govuk-select--error"),
    (forms.FileInput, "input", "govuk-file-upload", "govuk-file-upload--error"),
    (forms.widgets.Input, "input", "govuk-input", "govuk-input--error"),
]


def _component(widget: forms.Widget) -> tuple[str, str, str]:
    for widget_class, component, css, error_css in _WIDGETS:
        if isinstance(widget, widget_class):
            return component, css, error_css
    return "input", "", ""


class GovUKBoundField(forms.BoundField):
    """A bound field that knows which GOV.UK component renders it."""

    template_name = "govuk/field.html"

    @property
    def component(self) -> str:
        return _component(self.field.widget)[0]

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> Any:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        _, css, error_css = _component(widget)
        # The widget's own classes (e.g. ``govuk-input--width-3``) too: the attrs built here are
        # merged over ``widget.attrs`` when the widget renders, so "class" would replace them.
        classes = [str(widget.attrs.get("class", "")), str(attrs.get("class", "")), css]
        described_by = []
        if self.help_text:
            described_by.append(self.hint_id)
        if self.errors:
            classes.append(error_css)
            described_by.append(self.error_id)
        attrs["class"] = " ".join(c for c in classes if c)
        if described_by and self.component == "input":
            attrs["aria-describedby"] = " ".join(described_by)
        return attrs


class GovUKFormMixin:
    """Renders a Django form as GOV.UK markup; set ``submit_label`` for the button text."""

    template_name = "govuk/form.html"
    submit_label: ClassVar[str] = "Continue"
    # Hidden-until-error summary title, per the GOV.UK error summary pattern.
    error_summary_title: ClassVar[str] = "There is a problem"
    bound_field_class: type[forms.BoundField] | None = GovUKBoundField


class GovUKForm(GovUKFormMixin, forms.Form):
    pass


class GovUKModelForm(GovUKFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


def add_service_errors(form: forms.BaseForm, error: Exception) -> None:
    """Show a service's ValidationError on the form: on its fields where they match, else on top."""
    from django.core.exceptions import ValidationError

    if not isinstance(error, ValidationError):
        form.add_error(None, str(error))
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)
