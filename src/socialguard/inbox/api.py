"""The inbound API: integrations send comments in and read the outcome back.

``POST /api/v1/inbound``, ``GET /api/v1/inbound`` and ``GET /api/v1/inbound/<id>``, with a
per-integration bearer token (``Authorization: Bearer sg_…``; ``socialguard tokens create``).
A token belongs to one council: it can send comments only for that council's official accounts
and read only that council's comments (another council's comment is a 404, as if it did not
exist). CSRF does not apply: django-ninja exempts its views from Django's CSRF middleware and
checks CSRF only for cookie authentication, which this router does not use.

Errors are JSON: ``{"detail": "…", "errors": [{"index", "field", "reason"}]}``. A batch with
any bad item is refused whole (400, every problem listed, nothing written), so an integration
can fix and resend it without working out which half went in.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.security import HttpBearer
from pydantic import ConfigDict, JsonValue

from socialguard.inbox import selectors, services, tokens
from socialguard.inbox.models import (
    CATEGORY_ORDER,
    ApiToken,
    InboundItem,
    ItemStatus,
    Urgency,
)
from socialguard.register.models import Platform


class TokenAuth(HttpBearer):
    """``Authorization: Bearer sg_…``: a live token of one council (401 otherwise)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return tokens.authenticate(token)


router = Router(tags=["Inbound comments"], auth=TokenAuth())

EXAMPLE_ITEM: dict[str, JsonValue] = {
    "platform": "facebook",
    "account_handle": "sthelenscouncil",
    "platform_item_id": "10158912345678901_22334455",
    "author_handle": "jo.bloggs.79",
    "author_name": "Jo Bloggs",
    "text": "Our bin on Elm Road hasn't been emptied for two weeks, can someone sort it?",
    "posted_at": "2026-11-23T08:41:00Z",
    "url": "https://www.facebook.com/StHelensCouncil/posts/10158912345678901",
    "parent_platform_item_id": "10158912345678901",
}


# --- schemas -------------------------------------------------------------------------------------


class InboundItemIn(Schema):
    """One comment or message, as the platform gave it."""

    platform: str = Field(
        description="The platform, as the account register names it",
        json_schema_extra={"enum": list(Platform.values)},
    )
    account_handle: str = Field(
        description="The council's official account it was posted on (any case, @ optional)",
        max_length=100,
    )
    platform_item_id: str = Field(
        description="The platform's id for the comment: the same id sent again is the same "
        "comment (a new text makes a new revision)",
        max_length=200,
    )
    author_handle: str = Field(max_length=200)
    author_name: str | None = Field(default=None, max_length=200)
    text: str = Field(min_length=1, max_length=services.MAX_TEXT_LENGTH)
    posted_at: datetime | None = Field(
        default=None, description="ISO-8601; without an offset, UK local time"
    )
    url: str | None = Field(default=None, max_length=500)
    parent_platform_item_id: str | None = Field(
        default=None, description="The comment or post it replies to", max_length=200
    )

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_ITEM]})


class RowError(Schema):
    index: int | None = Field(description="The item's position in the batch (0 first)")
    field: str
    reason: str


class ErrorOut(Schema):
    detail: str
    errors: list[RowError] = Field(default_factory=list)


class IngestResultOut(Schema):
    id: int
    platform_item_id: str
    created: bool = Field(description="False when this comment was already here")
    revised: bool = Field(description="True when the text changed: a new revision, re-screened")
    decision: str = Field(description="publish, route, hide_pending_review or escalate_urgent")
    categories: list[str]
    status: str


class IngestOut(Schema):
    results: list[IngestResultOut] = Field(description="One per item sent, in the order sent")


class FindingOut(Schema):
    category: str
    subtype: str
    start: int
    end: int
    text: str
    confidence: float
    clauses: list[str] = Field(description="Clauses of the council's policy it engages")
    detector: str
    explanation: str
    severity: str | None = None
    characteristic: str | None = None


class ReferralOut(Schema):
    reference: str = Field(examples=["SH-CC-2026-00017"])
    team: str
    status: str
    urgent: bool
    created_at: datetime
    notified_at: datetime | None
    closed_at: datetime | None


class RevisionOut(Schema):
    number: int
    sha256: str
    received_at: datetime


class ItemOut(Schema):
    id: int
    platform: str
    account_handle: str
    platform_item_id: str
    parent_platform_item_id: str | None
    author_handle: str
    author_name: str
    url: str
    posted_at: datetime | None
    received_at: datetime
    text: str
    text_sha256: str
    revision: int
    status: str = Field(json_schema_extra={"enum": list(ItemStatus.values)})
    urgency: str = Field(json_schema_extra={"enum": ["routine", "priority", "urgent"]})
    decision: str
    categories: list[str]
    findings: list[FindingOut]
    policy_pack: str
    pack_version: str
    pack_hash: str
    screened_at: datetime | None
    sla_due_at: datetime
    referrals: list[ReferralOut]


class ItemDetailOut(ItemOut):
    revisions: list[RevisionOut]


class ItemListOut(Schema):
    count: int = Field(description="Items matching the filters, across every page")
    next: str | None = Field(description="The next page's URL; null on the last page")
    results: list[ItemOut]


class ListFilters(Schema):
    account_handle: str | None = Field(default=None, description="One official account")
    status: str | None = Field(default=None, json_schema_extra={"enum": list(ItemStatus.values)})
    category: str | None = Field(default=None, json_schema_extra={"enum": list(CATEGORY_ORDER)})
    since: datetime | None = Field(default=None, description="Received at or after (ISO-8601)")
    cursor: str | None = Field(default=None, description="From the previous page's next link")
    limit: int = Field(default=50, ge=1, le=selectors.MAX_PAGE)


def _body_schema() -> dict[str, Any]:
    item = InboundItemIn.model_json_schema()
    batch = {
        "type": "object",
        "title": "InboundBatchIn",
        "required": ["items"],
        "properties": {
            "items": {"type": "array", "items": item, "minItems": 1, "maxItems": services.MAX_BATCH}
        },
    }
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"oneOf": [item, batch]},
                "examples": {
                    "one": {"summary": "One comment", "value": EXAMPLE_ITEM},
                    "batch": {"summary": "A batch (up to 500)", "value": {"items": [EXAMPLE_ITEM]}},
                },
            }
        },
    }


# --- shaping -------------------------------------------------------------------------------------

URGENCY_NAMES = {Urgency.ROUTINE: "routine", Urgency.PRIORITY: "priority", Urgency.URGENT: "urgent"}


def _item_out(item: InboundItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "platform": item.platform,
        "account_handle": item.account.handle,
        "platform_item_id": item.platform_item_id,
        "parent_platform_item_id": item.parent_platform_item_id or None,
        "author_handle": item.author_handle,
        "author_name": item.author_name,
        "url": item.url,
        "posted_at": item.posted_at,
        "received_at": item.received_at,
        "text": item.text,
        "text_sha256": item.text_sha256,
        "revision": item.revision,
        "status": item.status,
        "urgency": URGENCY_NAMES.get(Urgency(item.urgency), "routine"),
        "decision": item.decision,
        "categories": list(item.categories or []),
        "findings": list(item.findings or []),
        "policy_pack": item.policy_pack,
        "pack_version": item.pack_version,
        "pack_hash": item.pack_hash,
        "screened_at": item.screened_at,
        "sla_due_at": item.sla_due_at,
        "referrals": [
            {
                "reference": r.reference,
                "team": r.team,
                "status": r.status,
                "urgent": r.urgent,
                "created_at": r.created_at,
                "notified_at": r.notified_at,
                "closed_at": r.closed_at,
            }
            for r in item.referrals.all()
        ],
    }


def _error(detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


# --- endpoints -----------------------------------------------------------------------------------


@router.post(
    "",
    response={200: IngestOut, 201: IngestOut, 400: ErrorOut, 401: ErrorOut, 413: ErrorOut},
    summary="Send comments in",
    description=(
        'One item, or `{"items": [...]}` with up to 500. Each is screened and routed; without a '
        "task broker the response already carries each decision. The same (account, "
        "platform_item_id) sent again is not duplicated: unchanged, nothing happens "
        "(`created: false`); with a new text, a new revision is stored and screened again "
        "(`revised: true`). If any item is invalid nothing is saved and every problem is listed "
        "(400). 201 when at least one comment is new, else 200."
    ),
    openapi_extra={"requestBody": _body_schema()},
)
def post_inbound(request: HttpRequest) -> Status[dict[str, Any]]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    try:
        body = json.loads(request.body)
    except RequestDataTooBig:
        return Status(413, _error("The request body is too large: send fewer items per request."))
    except (ValueError, UnicodeDecodeError) as problem:
        return Status(400, _error(f"The request body is not valid JSON: {problem}"))
    if isinstance(body, dict) and "items" in body:
        items = body["items"]
        if not isinstance(items, list) or not items:
            return Status(
                400,
                _error(
                    "`items` must be a non-empty list.",
                    [{"index": None, "field": "items", "reason": "Must be a non-empty list."}],
                ),
            )
    elif isinstance(body, dict):
        items = [body]
    else:
        return Status(400, _error('Send one item (a JSON object) or {"items": [...]}.'))
    try:
        results = services.ingest(council=token.council, items=items, source=f"api:{token.name}")
    except services.IngestError as problem:
        return Status(400, _error(str(problem), problem.errors))
    out = {"results": [r.__dict__ for r in results]}
    return Status(201 if any(r.created for r in results) else 200, out)


@router.get(
    "",
    response={200: ItemListOut, 400: ErrorOut, 401: ErrorOut},
    summary="List comments",
    description=(
        "The token's council's comments, oldest first, with findings, decision, status and "
        "referrals. Follow `next` for the following page (cursor pagination: stable while new "
        "comments arrive)."
    ),
)
def list_inbound(request: HttpRequest, filters: Query[ListFilters]) -> Status[dict[str, Any]]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if filters.status and filters.status not in ItemStatus.values:
        return Status(400, _error(f"Unknown status {filters.status!r}."))
    if filters.category and filters.category not in CATEGORY_ORDER:
        return Status(400, _error(f"Unknown category {filters.category!r}."))
    try:
        page = selectors.integration_items(
            token.council,
            account_handle=filters.account_handle or "",
            status=filters.status or "",
            category=filters.category or "",
            since=filters.since,
            after=filters.cursor,
            limit=filters.limit,
        )
    except selectors.InvalidCursorError as problem:
        return Status(400, _error(str(problem)))
    next_url = None
    if page.next_cursor is not None:
        params = {k: v for k, v in request.GET.items() if k != "cursor"}
        params["cursor"] = page.next_cursor
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode(params)}")
    return Status(
        200,
        {
            "count": page.count,
            "next": next_url,
            "results": [_item_out(item) for item in page.items],
        },
    )


@router.get(
    "/{int:item_id}",
    response={200: ItemDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One comment",
    description="Findings, decision, status, referrals and every revision's SHA-256.",
)
def get_inbound(request: HttpRequest, item_id: int) -> Status[dict[str, Any]]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    item = selectors.integration_item(token.council, item_id)
    if item is None:
        return Status(404, _error("Not found."))
    out = _item_out(item)
    out["revisions"] = [
        {"number": r.number, "sha256": r.text_sha256, "received_at": r.received_at}
        for r in item.revisions.order_by("number")
    ]
    return Status(200, out)
