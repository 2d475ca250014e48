"""Councils are the tenants: every protected record belongs to exactly one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class Jurisdiction(models.TextChoices):
    """Which law applies: RIPA 2000 and English bank holidays, or RIP(S)A 2000 and Scottish ones."""

    ENGLAND_WALES = "england_wales", "England and Wales"
    SCOTLAND = "scotland", "Scotland"


def validate_email_domains(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(d, str) and d for d in value):
        raise ValidationError("Enter a list of email domains, such as ['sthelens.gov.uk'].")
    for domain in value:
        if "@" in domain or " " in domain or "." not in domain:
            raise ValidationError(f"{domain!r} is not an email domain.")


class Council(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    jurisdiction = models.CharField(max_length=20, choices=Jurisdiction.choices)
    email_domains = models.JSONField(
        default=list,
        validators=[validate_email_domains],
        help_text="Domains of the council's staff email addresses, e.g. sthelens.gov.uk.",
    )
    policy_pack = models.CharField(
        max_length=100,
        help_text="Id of the active policy pack in policy_packs/, e.g. st-helens-2018.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
