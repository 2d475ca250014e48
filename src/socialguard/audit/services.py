"""The only way audit events are written, and the check that none has been tampered with."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from socialguard.accounts.models import User
from socialguard.audit.models import AuditChain, AuditEvent, Verb
from socialguard.councils.models import Council

GENESIS_HASH = "0" * 64
SYSTEM_LABEL = "system"


def chain_key(council_id: int | None) -> str:
    return f"council:{council_id}" if council_id is not None else "global"


def event_digest(
    *,
    chain: str,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    verb: str,
    target_type: str,
    target_id: str,
    target_label: str,
    payload: Any,
    prev_hash: str,
) -> str:
    """SHA-256 over a canonical JSON encoding of everything the event says, and its predecessor."""
    body = json.dumps(
        {
            "chain": chain,
            "seq": seq,
            "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "actor_label": actor_label,
            "verb": verb,
            "target_type": target_type,
            "target_id": target_id,
            "target_label": target_label,
            "payload": payload,
            "prev_hash": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _describe_target(target: models.Model | None) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    meta = target._meta
    return f"{meta.app_label}.{meta.model_name}", str(target.pk), str(target)[:300]


def _lock_chain(key: str) -> AuditChain:
    try:
        with transaction.atomic():
            chain, _ = AuditChain.objects.select_for_update().get_or_create(key=key)
    except IntegrityError:  # another writer created the chain between our read and insert
        chain = AuditChain.objects.select_for_update().get(key=key)
    return chain


def record(
    *,
    actor: User | None,
    verb: Verb,
    target: models.Model | None = None,
    council: Council | None = None,
    payload: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event to its council's chain, inside the caller's transaction.

    ``council`` defaults to the actor's. Call this from the service that makes the change, in the
    same transaction, so the change and its record commit or roll back together. ``payload`` is
    any JSON-serialisable detail: for an update, ``{"old": {...}, "new": {...}}``.
    """
    if council is None and actor is not None:
        council = actor.council
    # Round-trip the payload so the stored JSON is exactly what was hashed.
    clean_payload = json.loads(json.dumps(payload or {}, cls=DjangoJSONEncoder))
    target_type, target_id, target_label = _describe_target(target)
    label = actor_label or (actor.email if actor is not None else SYSTEM_LABEL)
    key = chain_key(council.pk if council is not None else None)
    with transaction.atomic():
        chain = _lock_chain(key)
        seq = chain.length + 1
        occurred_at = timezone.now()
        digest = event_digest(
            chain=key,
            seq=seq,
            occurred_at=occurred_at,
            actor_id=actor.pk if actor is not None else None,
            actor_label=label,
            verb=str(verb),
            target_type=target_type,
            target_id=target_id,
            target_label=target_label,
            payload=clean_payload,
            prev_hash=chain.head_hash,
        )
        event = AuditEvent.objects.create(
            council=council,
            chain=key,
            seq=seq,
            occurred_at=occurred_at,
            actor=actor,
            actor_label=label,
            verb=verb,
            target_type=target_type,
            target_id=target_id,
            target_label=target_label,
            payload=clean_payload,
            prev_hash=chain.head_hash,
            hash=digest,
        )
        AuditChain.objects.filter(pk=chain.pk).update(length=seq, head_hash=digest)
    return event


def record_view(*, actor: User, target: models.Model, reason: str = "") -> AuditEvent:
    """Record that ``actor`` read a sensitive record (casework, investigations, evidence)."""
    return record(
        actor=actor, verb=Verb.VIEWED, target=target, payload={"reason": reason} if reason else {}
    )


# --- verification --------------------------------------------------------------------------------


@dataclass
class ChainProblem:
    chain: str
    event_id: int | None
    reason: str


@dataclass
class VerifyReport:
    events_checked: int = 0
    chains_checked: int = 0
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _events_in_order(key: str) -> Iterator[AuditEvent]:
    return AuditEvent.objects.filter(chain=key).order_by("seq").iterator(chunk_size=2000)


def _verify_chain(key: str, head: AuditChain | None) -> tuple[int, ChainProblem | None]:
    """Walk one chain from its start; return the number checked and the first problem found."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in _events_in_order(key):
        checked += 1
        if event.seq != expected_seq:
            return checked, ChainProblem(
                key,
                event.pk,
                f"expected event {expected_seq} of the chain, found {event.seq}: "
                "an event was deleted or the chain reordered",
            )
        if event.chain != chain_key(event.council_id):
            return checked, ChainProblem(key, event.pk, "the event's council was changed")
        if event.prev_hash != expected_prev:
            return checked, ChainProblem(
                key, event.pk, "the link to the previous event is broken (deleted or reordered)"
            )
        recomputed = event_digest(
            chain=event.chain,
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            verb=event.verb,
            target_type=event.target_type,
            target_id=event.target_id,
            target_label=event.target_label,
            payload=event.payload,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            return checked, ChainProblem(key, event.pk, "the event was edited after it was written")
        expected_prev, expected_seq = event.hash, expected_seq + 1
    if head is None:
        if checked == 0:
            return 0, None
        return checked, ChainProblem(key, None, "the chain has events but no recorded head")
    if head.length != checked or head.head_hash != expected_prev:
        return checked, ChainProblem(
            key,
            None,
            f"the chain should hold {head.length} events and holds {checked}: "
            "events at the end were deleted",
        )
    return checked, None


def verify_chains(*, council: Council | None = None) -> VerifyReport:
    """Recompute every chain (or one council's) and report the first broken event of each."""
    report = VerifyReport()
    heads = {c.key: c for c in AuditChain.objects.all()}
    keys = set(heads) | set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    if council is not None:
        keys = {chain_key(council.pk)}
    for key in sorted(keys):
        checked, problem = _verify_chain(key, heads.get(key))
        report.events_checked += checked
        report.chains_checked += 1
        if problem is not None:
            report.problems.append(problem)
    return report
