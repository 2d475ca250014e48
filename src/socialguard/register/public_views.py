"""The public register: no sign-in. Anyone can check that an account is genuinely the council's."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from socialguard.councils.governance import governance_for
from socialguard.councils.models import Council
from socialguard.councils.selectors import council_by_slug
from socialguard.register.forms import VerifyForm
from socialguard.register.selectors import public_accounts, verify_account


def _council(slug: str) -> Council:
    council = council_by_slug(slug)
    if council is None:
        raise Http404("No such council")
    return council


@require_GET
def register_page(request: HttpRequest, slug: str) -> HttpResponse:
    council = _council(slug)
    form = VerifyForm(request.GET or None)
    verification = verify_account(council, form.cleaned_data["q"]) if form.is_valid() else None
    return render(
        request,
        "public/register.html",
        {
            "council": council,
            "accounts": public_accounts(council),
            "form": form if form.is_bound else VerifyForm(),
            "verification": verification,
            "feedback": governance_for(council).public.feedback,
        },
    )


@require_GET
@cache_control(public=True, max_age=300)
def accounts_feed(request: HttpRequest, slug: str) -> JsonResponse:
    """Machine-readable register; schema in docs/schemas/public-accounts.schema.json."""
    council = _council(slug)
    accounts = [
        {
            "platform": account.platform,
            "handle": account.display_handle,
            "url": account.url,
            "service": account.service,
            "status": account.status,
            "active_since": account.activated_at.date().isoformat()
            if account.activated_at
            else None,
        }
        for account in public_accounts(council)
    ]
    return JsonResponse(
        {
            "council": {
                "name": council.name,
                "slug": council.slug,
                "register_url": request.build_absolute_uri(f"/public/{council.slug}/"),
            },
            "accounts": accounts,
        },
        json_dumps_params={"ensure_ascii": False},
    )
