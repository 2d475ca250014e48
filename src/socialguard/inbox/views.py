"""Moderation pages: the queue, an item and its actions, bulk actions, the referrals list.

Views are thin: a form validates the input, one selector reads or one service writes (each
service records its own audit event). Every page works without JavaScript; with htmx the queue
filters and the item's actions update the page in place, from the same views (``_partial``
templates when ``request.htmx``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from socialguard.accounts.models import User
from socialguard.accounts.roles import ROLE_CAPABILITIES, Capability
from socialguard.core.access import require
from socialguard.core.decorators import capability_required, staff_required
from socialguard.core.forms import add_service_errors
from socialguard.inbox import selectors, services
from socialguard.inbox.forms import (
    AGE_HOURS,
    ASSIGNED_ME,
    ASSIGNED_NOBODY,
    BULK_APPROVE,
    BULK_ASSIGN_ME,
    BULK_HIDE,
    BULK_REMOVE,
    OPEN,
    ApproveForm,
    AssignForm,
    BulkActionForm,
    EscalateForm,
    HideForm,
    NoteForm,
    QueueFilterForm,
    ReferForm,
    ReferralUpdateForm,
    RemoveForm,
    ReplyForm,
)
from socialguard.inbox.models import OPEN_STATUSES, InboundItem, Team
from socialguard.inbox.templatetags.inbox_extras import (
    ClauseBook,
    ExplainedFinding,
    explain_findings,
)
from socialguard.register.models import OfficialAccount

MODERATE = Capability.MODERATE_INBOX
PAGE_SIZE = 25


def _me(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the decorators let only staff in
    return user


def _is_overdue(item: InboundItem, now: datetime) -> bool:
    return (
        item.status in OPEN_STATUSES
        and item.first_action_at is None
        and item.sla_due_at is not None
        and item.sla_due_at < now
    )


class HtmxRequest(HttpRequest):
    """What django-htmx's middleware adds to every request (for the type checker)."""

    htmx: HtmxDetails


@dataclass(frozen=True)
class ItemView:
    """An item as a page shows it: its findings explained and its deadline judged."""

    item: InboundItem
    findings: list[ExplainedFinding]
    overdue: bool

    @property
    def anchor(self) -> str:
        return f"item-{self.item.pk}"


def _view_of(item: InboundItem, book: ClauseBook, now: datetime) -> ItemView:
    # Findings are explained by the pack that produced them (an unscreened item has none).
    findings = explain_findings(
        item.findings or [], pack_id=item.policy_pack, book=book, anchor_prefix=f"item-{item.pk}"
    )
    return ItemView(item=item, findings=findings, overdue=_is_overdue(item, now))


# --- the queue -----------------------------------------------------------------------------------


def _queue_filters(form: QueueFilterForm, me: User) -> selectors.QueueFilters:
    """The selector's filters from the form; an invalid filter is ignored, not an error page."""
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    newer, older = AGE_HOURS.get(data.get("age") or "", (None, None))
    assigned = data.get("assigned") or ""
    return selectors.QueueFilters(
        account=data.get("account"),
        category=data.get("category") or "",
        decision=data.get("decision") or "",
        status=data.get("status") or OPEN,
        newer_than_hours=newer,
        older_than_hours=older,
        assigned_to=me.pk if assigned == ASSIGNED_ME else None,
        unassigned=assigned == ASSIGNED_NOBODY,
    )


def _queue_context(
    request: HttpRequest,
    query: QueryDict,
    bulk_form: BulkActionForm | None = None,
    selected: frozenset[int] = frozenset(),
) -> dict[str, Any]:
    """The queue page for the filters and cursor in ``query``; ``bulk_form`` and ``selected``
    when a bulk action comes back with errors (so the ticks survive)."""
    me = _me(request)
    council_id = require(me, MODERATE)
    accounts = list(
        OfficialAccount.objects.filter(council_id=council_id).order_by("platform", "handle")
    )
    filter_data = query.copy()
    for key in ("after", "format"):
        filter_data.pop(key, None)
    form = QueueFilterForm(filter_data or None, accounts=accounts)
    filters = _queue_filters(form, me)
    after = query.get("after") or None
    try:
        page = selectors.queue_for(me, filters=filters, after=after, limit=PAGE_SIZE)
    except selectors.InvalidCursorError:
        # A page link that was tampered with or mangled: start again from the top.
        after = None
        page = selectors.queue_for(me, filters=filters, after=None, limit=PAGE_SIZE)
    book = ClauseBook()
    now = timezone.now()
    rows = [_view_of(item, book, now) for item in page.items]
    filter_pairs = [(k, v) for k, v in filter_data.items() if v]
    here = reverse("inbox:queue") + (f"?{query.urlencode()}" if query else "")
    if bulk_form is None:
        bulk_form = BulkActionForm(
            initial={"next": here},
            item_ids=[r.item.pk for r in rows],
            clause_choices=book.choices(me.council.policy_pack),  # type: ignore[union-attr]
        )
    return {
        "form": form,
        "rows": rows,
        "page": page,
        "after": after,
        "filter_query": urlencode(filter_pairs),
        "next_query": urlencode([*filter_pairs, ("after", page.next_cursor)])
        if page.next_cursor
        else "",
        "bulk_form": bulk_form,
        "selected": selected,
        "filtered": bool(filter_pairs),
        "here": here,
    }


@capability_required(MODERATE)
def queue(request: HtmxRequest) -> HttpResponse:
    """Open comments, most urgent first, then the nearest deadline; filters are a GET form."""
    context = _queue_context(request, request.GET)
    # A history restore needs the whole page, even though htmx asks for it.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "inbox/_queue_results.html" if partial else "inbox/queue.html"
    return render(request, template, {**context, "partial": partial})


def _safe_queue_url(value: str) -> str:
    """``value`` if it is this site's queue page (with its filters), else the plain queue."""
    base = reverse("inbox:queue")
    parts = urlsplit(value or "")
    if parts.scheme or parts.netloc or parts.path != base:
        return base
    return base + (f"?{parts.query}" if parts.query else "")


BULK_DONE = {
    BULK_APPROVE: "approved",
    BULK_HIDE: "hidden",
    BULK_REMOVE: "removed",
    BULK_ASSIGN_ME: "assigned to you",
}


@capability_required(MODERATE)
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Apply one action to the ticked items, then return to the same filtered queue page."""
    me = _me(request)
    council_id = require(me, MODERATE)
    back = _safe_queue_url(request.POST.get("next", ""))
    submitted = [int(v) for v in request.POST.getlist("items") if v.isdigit()]
    # Only this council's items are valid choices; anything else is refused by the form.
    items = {i.pk: i for i in InboundItem.objects.filter(council_id=council_id, pk__in=submitted)}
    form = BulkActionForm(
        request.POST,
        item_ids=list(items),
        clause_choices=ClauseBook().choices(me.council.policy_pack),  # type: ignore[union-attr]
    )
    if form.is_valid():
        data = form.cleaned_data
        chosen = [items[pk] for pk in data["items"]]
        try:
            done = services.bulk_action(
                actor=me,
                items=chosen,
                action=data["action"],
                clause=data.get("clause") or "",
                reason=data.get("reason") or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = f"{done} comment{'' if done == 1 else 's'} {BULK_DONE[data['action']]}."
            skipped = len(chosen) - done
            if skipped:
                message += (
                    f" {skipped} left as they were: already in that state, or escalated"
                    " (approve an escalated comment on its own page, with a note)."
                )
            messages.success(request, message)
            return redirect(back)
    context = _queue_context(
        request, QueryDict(urlsplit(back).query), bulk_form=form, selected=frozenset(submitted)
    )
    return render(request, "inbox/queue.html", context, status=400)


# --- one item ------------------------------------------------------------------------------------


def _moderators_of(item: InboundItem) -> list[User]:
    roles = [r for r, caps in ROLE_CAPABILITIES.items() if MODERATE in caps]
    return list(
        User.objects.filter(
            council_id=item.council_id, is_active=True, role_assignments__role__in=roles
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


def _clause_choices(item: InboundItem, book: ClauseBook) -> list[tuple[str, str]]:
    # Moderators cite the council's current policy (what the services check against).
    return book.choices(item.council.policy_pack)


def _forms_for(
    request: HttpRequest, item: InboundItem, book: ClauseBook, data: QueryDict | None = None
) -> dict[str, django_forms.Form]:
    """Every action's form, unbound (or all bound to ``data``, from which the view takes one)."""
    clause_choices = _clause_choices(item, book)
    templates = selectors.reply_templates_for(item)
    chosen = request.GET.get("template", "")
    template = next((t for t in templates if str(t.pk) == chosen), None) or (
        templates[0] if templates else None
    )
    reply_initial = {"template": template.pk, "text": template.body} if template else {}
    people = _moderators_of(item)
    return {
        "approve": ApproveForm(data, auto_id="approve_%s"),
        "hide": HideForm(data, clause_choices=clause_choices, auto_id="hide_%s"),
        "remove": RemoveForm(data, clause_choices=clause_choices, auto_id="remove_%s"),
        "escalate": EscalateForm(data, auto_id="escalate_%s"),
        "refer": ReferForm(data, auto_id="refer_%s"),
        "reply": ReplyForm(data, templates=templates, initial=reply_initial, auto_id="reply_%s"),
        "note": NoteForm(data, auto_id="note_%s"),
        "assign": AssignForm(data, people=people, auto_id="assign_%s"),
    }


def _item_context(
    request: HttpRequest,
    item: InboundItem,
    failed: tuple[str, django_forms.Form] | None = None,
    done: str = "",
) -> dict[str, Any]:
    book = ClauseBook()
    forms = _forms_for(request, item, book)
    if failed is not None:
        forms[failed[0]] = failed[1]
    return {
        "view": _view_of(item, book, timezone.now()),
        "item": item,
        "history": selectors.author_history(item, limit=10),
        "thread": selectors.thread_of(item),
        "referrals": list(item.referrals.all()),
        "events": list(item.events.select_related("actor")),
        "revisions": list(item.revisions.all()),
        "forms": forms,
        "failed": failed[0] if failed else "",
        "form": failed[1] if failed else None,
        "done": done,
    }


@capability_required(MODERATE)
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.access_item(_me(request), item_id)
    return render(request, "inbox/item.html", _item_context(request, item))


def _perform(name: str, me: User, item: InboundItem, form: django_forms.Form) -> str:
    """Call the service for action ``name``; return the success message."""
    data = form.cleaned_data
    if name == "approve":
        services.approve_item(actor=me, item=item, note=data["note"])
        return "Comment approved."
    if name == "hide":
        services.hide_item(actor=me, item=item, clause=data["clause"], reason=data["reason"])
        return f"Comment hidden under §{data['clause']}. The original is kept as evidence."
    if name == "remove":
        services.remove_item(actor=me, item=item, clause=data["clause"], reason=data["reason"])
        return (
            f"Comment marked as removed under §{data['clause']}. The original is kept as evidence."
        )
    if name == "escalate":
        services.escalate_item(actor=me, item=item, reason=data["reason"])
        return "Comment escalated as urgent."
    if name == "refer":
        referral = services.refer_item(
            actor=me, item=item, team=Team(data["team"]), note=data["note"]
        )
        return f"Referred to the {referral.get_team_display()}: reference {referral.reference}."
    if name == "reply":
        assert isinstance(form, ReplyForm)  # noqa: S101 - narrowing for the type checker
        services.reply_to_item(
            actor=me, item=item, text=data["text"], template=form.chosen_template()
        )
        return "Reply recorded."
    if name == "note":
        services.add_note(actor=me, item=item, text=data["text"])
        return "Note added."
    assert isinstance(form, AssignForm)  # noqa: S101 - "assign" is the only name left
    person = form.chosen()
    services.assign_item(actor=me, item=item, assignee=person)
    return "Assigned to you." if person.pk == me.pk else f"Assigned to {person}."


ACTIONS = ("approve", "hide", "remove", "escalate", "refer", "reply", "note", "assign", "assign_me")


@capability_required(MODERATE)
@require_POST
def item_action(request: HtmxRequest, item_id: int, action: str) -> HttpResponse:
    """One moderator action on one item. Without JavaScript: POST, then redirect to the item.
    With htmx: the item's panel comes back, updated, with the outcome or the form's errors."""
    me = _me(request)
    item = selectors.access_item(me, item_id)
    if action not in ACTIONS:
        raise Http404("No such action")
    data = request.POST.copy()
    name = action
    if action == "assign_me":
        name, data["assignee"] = "assign", str(me.pk)
    form = _forms_for(request, item, ClauseBook(), data)[name]
    done = ""
    if form.is_valid():
        try:
            done = _perform(name, me, item, form)
        except ValidationError as error:
            add_service_errors(form, error)
    if done and not request.htmx:
        messages.success(request, done)
        return redirect("inbox:item", item.pk)
    item = selectors.access_item(me, item_id)  # as the service left it
    context = _item_context(request, item, failed=None if done else (name, form), done=done)
    if request.htmx:
        # htmx swaps only successful answers, so a form with errors comes back as 200 to be shown.
        return render(request, "inbox/_item.html", context)
    return render(request, "inbox/item.html", context, status=400)


# --- referrals (Contact Centre, Press Office, moderators) ----------------------------------------


def _referral_page(
    request: HttpRequest,
    team: Team,
    teams: list[Team],
    failed: tuple[int, ReferralUpdateForm] | None = None,
) -> HttpResponse:
    me = _me(request)
    rows = [
        (
            r,
            failed[1]
            if failed and failed[0] == r.pk
            else ReferralUpdateForm(
                initial={"status": r.status, "outcome": r.outcome}, auto_id=f"referral-{r.pk}-%s"
            ),
        )
        for r in selectors.referrals_for(me, team)
    ]
    return render(
        request,
        "inbox/referrals.html",
        {
            "team": team,
            "teams": teams,
            "rows": rows,
            "can_moderate": me.can(MODERATE),
            "form": failed[1] if failed else None,
        },
        status=400 if failed else 200,
    )


@staff_required
def referrals(request: HttpRequest) -> HttpResponse:
    """The referrals of a team the user works in (moderators see every team's), open first."""
    me = _me(request)
    teams = selectors.teams_for(me)
    if not teams:
        raise PermissionDenied(
            "Your role does not include: handle service requests and complaints, "
            "or handle press enquiries."
        )
    chosen = request.GET.get("team", "")
    team = next((t for t in teams if t.value == chosen), teams[0])
    return _referral_page(request, team, teams)


@staff_required
@require_POST
def referral_update(request: HttpRequest, referral_id: int) -> HttpResponse:
    """A team marks a referral in progress or closes it with an outcome."""
    me = _me(request)
    teams = selectors.teams_for(me)
    if not teams:
        raise PermissionDenied("Your role does not include working referrals.")
    referral = selectors.access_referral(me, referral_id)
    form = ReferralUpdateForm(request.POST, auto_id=f"referral-{referral.pk}-%s")
    if form.is_valid():
        try:
            services.update_referral(
                actor=me,
                referral=referral,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Referral {referral.reference} updated.")
            return redirect(f"{reverse('inbox:referrals')}?team={referral.team}")
    return _referral_page(request, Team(referral.team), teams, failed=(referral.pk, form))
