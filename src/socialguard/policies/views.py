"""The policy page (everyone) and the policy owner's versions, activation and annual review."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.accounts.roles import Capability
from socialguard.core.decorators import capability_required
from socialguard.core.forms import add_service_errors
from socialguard.policies import selectors, services
from socialguard.policies.dates import add_months
from socialguard.policies.forms import AcknowledgeForm, ActivateForm, AnnualReviewForm
from socialguard.policies.models import PolicyVersion


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, or None for a GET: an empty POST must still bind (and fail) a form."""
    return request.POST if request.method == "POST" else None


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - narrowing for the type checker only
    return user


@capability_required(Capability.ACKNOWLEDGE_POLICY)
def policy(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = AcknowledgeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        version = PolicyVersion.objects.filter(
            pk=form.cleaned_data["version"], council=user.council
        ).first()
        if version is None:
            form.add_error(None, "That version of the policy does not exist.")
        else:
            try:
                services.acknowledge_policy(actor=user, version=version)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Thank you: you acknowledged version {version.version}.")
                return redirect("policies:policy")
    page = selectors.policy_page_for(user)
    if page.version is not None and not form.is_bound:
        form = AcknowledgeForm(initial={"version": page.version.pk})
    return render(
        request,
        "policies/policy.html",
        {"page": page, "form": form, "manages": user.can(Capability.MANAGE_POLICY)},
        status=400 if form.errors else 200,
    )


@capability_required(Capability.MANAGE_POLICY)
def manage(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    versions = list(selectors.list_policy_versions_for(user))
    current = next((v for v in versions if v.is_current), None)
    packs = selectors.available_packs_for(user)
    activate_form = ActivateForm(choices=_pack_choices(packs))
    return render(
        request,
        "policies/manage.html",
        {
            "versions": versions,
            "current": current,
            "rate": selectors.acknowledgement_rate(current) if current else None,
            "review": selectors.review_state(current) if current else None,
            "reviews": selectors.reviews_of(current) if current else [],
            "activate_form": activate_form,
            "packs": packs,
        },
    )


def _pack_choices(packs: list[selectors.AvailablePack]) -> list[tuple[str, str]]:
    return [(p.pack_id, f"{p.title}, version {p.version} ({p.pack_id})") for p in packs]


@capability_required(Capability.MANAGE_POLICY)
def activate(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ActivateForm(
        _posted(request), choices=_pack_choices(selectors.available_packs_for(user))
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.activate_policy_version(
                actor=user,
                council=user.council,  # type: ignore[arg-type]
                pack_id=form.cleaned_data["pack_id"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{version} is the current policy.")
            return redirect("policies:manage")
    return render(
        request, "policies/activate.html", {"form": form}, status=400 if form.errors else 200
    )


@capability_required(Capability.MANAGE_POLICY)
def review(request: HttpRequest, version_id: int) -> HttpResponse:
    user = _user(request)
    version = selectors.access_policy_version(user, version_id)
    today = timezone.localdate()
    suggested = add_months(today, version.review_period_months or 12)
    form = AnnualReviewForm(_posted(request), initial={"next_due": suggested})
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_annual_review(
                actor=user,
                version=version,
                notes=form.cleaned_data["notes"],
                next_due=form.cleaned_data["next_due"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The review is recorded.")
            return redirect("policies:manage")
    return render(
        request,
        "policies/review.html",
        {"version": version, "form": form, "state": selectors.review_state(version)},
        status=400 if form.errors else 200,
    )
