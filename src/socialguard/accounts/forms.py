from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from socialguard.core.forms import GovUKFormMixin


class SignInForm(GovUKFormMixin, AuthenticationForm):
    submit_label = "Sign in"

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": (
            "Enter a correct email address and password. Passwords are case-sensitive."
        ),
        "inactive": "This account has been deactivated. Ask your line manager to restore it.",
    }
