from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from socialguard.accounts.roles import Capability
from socialguard.audit.forms import EventFilterForm
from socialguard.audit.selectors import EventFilters, access_event, list_events_for
from socialguard.core.decorators import capability_required

PAGE_SIZE = 50


@capability_required(Capability.VIEW_AUDIT_LOG)
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound and form.is_valid() else EventFilters()
    events = list_events_for(request.user, filters)  # type: ignore[arg-type]
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(query)},
    )


@capability_required(Capability.VIEW_AUDIT_LOG)
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access_event(request.user, event_id)  # type: ignore[arg-type]
    return render(request, "audit/event_detail.html", {"event": event})
