"""View decorators for role-based pages (object-level checks live in ``access_*`` selectors)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from socialguard.accounts.roles import Capability

View = TypeVar("View", bound=Callable[..., HttpResponse])


def staff_required(view: View) -> View:
    """Signed-in council staff only; anyone else goes to the sign-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.council_id is None:
            raise PermissionDenied("Your account is not attached to a council.")
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def capability_required(capability: Capability) -> Callable[[View], View]:
    """Staff whose roles grant ``capability``; others get the 403 page explaining why."""

    def decorator(view: View) -> View:
        @staff_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.can(capability):  # type: ignore[union-attr]
                raise PermissionDenied(f"Your role does not include: {capability.label.lower()}.")
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
