from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from socialguard.accounts.roles import ROLE_SUMMARIES, Capability, Role
from socialguard.core.decorators import staff_required
from socialguard.core.navigation import CAPABILITY_PAGES

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and `make run`'s readiness check: the app answers and the DB works."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unavailable")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    capabilities = [
        (capability, CAPABILITY_PAGES.get(capability))
        for capability in Capability
        if user.can(capability)  # type: ignore[union-attr]
    ]
    roles = [ROLE_SUMMARIES[role] for role in Role if role in user.roles]  # type: ignore[union-attr]
    return render(request, "core/home.html", {"capabilities": capabilities, "roles": roles})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be the thing that failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
