"""Routing: what happens to a screened comment. Rules are data; this module only evaluates them.

See ``inbox/README.md`` for the rules in prose. In short:

1. A council's active ``RoutingRule`` rows are tried tier by tier (lowest tier number first).
   Within a tier, every rule is checked; the first tier in which ANY rule matches decides, and
   ALL of that tier's matching rules apply (e.g. "hide" and "refer to the Contact Centre").
   Later tiers are not looked at.
2. If no rule matches, the policy pack's decision decides: ``publish`` → published; ``route`` →
   queued; ``hide_pending_review`` → hidden; ``escalate_urgent`` → escalated. Whatever the
   decision, a service request or complaint is referred to the Contact Centre and a press
   enquiry to the Press Office (a hidden comment that also asks for a bin to be emptied still
   reaches the Contact Centre: SH §6.16).
3. The safeguarding floor: when the pack escalates, or a safeguarding concern was found, the
   comment is escalated and referred (urgently) to the safeguarding lead, whatever the rules say.
   Rules can add to that, never take it away.

Urgency follows the status: escalated → urgent, hidden → priority, anything else → routine.

Everything here is pure (no writes): ``evaluate`` is used for live routing and, on the same
facts, by ``dry_run`` to show what a rule change would have done to the last 1,000 comments.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from socialguard.councils.models import Council
from socialguard.inbox.models import (
    InboundItem,
    ItemStatus,
    RoutingAction,
    RoutingRule,
    Team,
    Urgency,
)
from socialguard.screening import Category, Context, Pack

SEVERITY_RANK = {"low": 1, "medium": 2, "high": 3}
SAFEGUARDING = "safeguarding_concern"
ESCALATE_URGENT = "escalate_urgent"
# Categories the Contact Centre and the Press Office take (SH §6.16–6.18; EL §5.7–5.8).
REFERRAL_TEAMS: Mapping[str, Team] = {
    "service_request": Team.CONTACT_CENTRE,
    "complaint": Team.CONTACT_CENTRE,
    "press_enquiry": Team.PRESS_OFFICE,
}
PACK_STATUS: Mapping[str, ItemStatus] = {
    "publish": ItemStatus.PUBLISHED,
    "route": ItemStatus.QUEUED,
    "hide_pending_review": ItemStatus.HIDDEN,
    ESCALATE_URGENT: ItemStatus.ESCALATED,
}
ACTION_STATUS: Mapping[str, ItemStatus] = {
    RoutingAction.PUBLISH: ItemStatus.PUBLISHED,
    RoutingAction.QUEUE: ItemStatus.QUEUED,
    RoutingAction.HIDE: ItemStatus.HIDDEN,
    RoutingAction.ESCALATE: ItemStatus.ESCALATED,
}
# Mildest first: when several rules of a tier apply, the strongest status wins.
STATUS_STRENGTH: Mapping[str, int] = {
    ItemStatus.PUBLISHED: 0,
    ItemStatus.QUEUED: 1,
    ItemStatus.HIDDEN: 2,
    ItemStatus.ESCALATED: 3,
}
# Earlier comments that count against an author ("author history").
HIDDEN_OR_REMOVED = (ItemStatus.HIDDEN, ItemStatus.HIDDEN_BY_MODERATOR, ItemStatus.REMOVED)


def urgency_for(status: str) -> Urgency:
    if status == ItemStatus.ESCALATED:
        return Urgency.URGENT
    if status == ItemStatus.HIDDEN:
        return Urgency.PRIORITY
    return Urgency.ROUTINE


@dataclass(frozen=True)
class FindingFact:
    category: str
    confidence: float
    severity: int  # 1 low, 2 medium, 3 high


@dataclass(frozen=True)
class Facts:
    """What routing may look at: the findings, the pack's decision, the account, the author."""

    findings: tuple[FindingFact, ...]
    decision: str
    account_id: int
    author_prior_hidden: int = 0

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(f.category for f in self.findings)

    @classmethod
    def from_findings(
        cls,
        findings: Iterable[Mapping[str, Any]],
        *,
        decision: str,
        account_id: int,
        author_prior_hidden: int = 0,
    ) -> Facts:
        """Facts from stored finding dicts (``Finding.to_dict()`` shape)."""
        return cls(
            findings=tuple(
                FindingFact(
                    category=str(f["category"]),
                    confidence=float(f.get("confidence", 0.0)),
                    severity=SEVERITY_RANK.get(str(f.get("severity", "medium")), 2),
                )
                for f in findings
            ),
            decision=decision,
            account_id=account_id,
            author_prior_hidden=author_prior_hidden,
        )


@dataclass(frozen=True)
class RuleSpec:
    """A rule as routing sees it: a snapshot of a ``RoutingRule`` (saved or only proposed)."""

    id: int | None
    tier: int
    position: int
    name: str
    action: str
    categories: frozenset[str] = frozenset()
    min_confidence: float = 0.0
    min_severity: str = ""
    account_ids: frozenset[int] = frozenset()
    author_prior_hidden_at_least: int | None = None
    referral_team: str = ""
    clause: str = ""
    active: bool = True

    @classmethod
    def of(cls, rule: RoutingRule, account_ids: Iterable[int] | None = None) -> RuleSpec:
        """Snapshot a saved rule; pass ``account_ids`` when they are already loaded."""
        ids = account_ids if account_ids is not None else rule.accounts.values_list("pk", flat=True)
        return cls(
            id=rule.pk,
            tier=rule.tier,
            position=rule.position,
            name=rule.name,
            action=rule.action,
            categories=frozenset(rule.categories or ()),
            min_confidence=rule.min_confidence,
            min_severity=rule.min_severity,
            account_ids=frozenset(ids),
            author_prior_hidden_at_least=rule.author_prior_hidden_at_least,
            referral_team=rule.referral_team,
            clause=rule.clause,
            active=rule.active,
        )

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.tier, self.position, self.id or 0)

    @property
    def uses_author_history(self) -> bool:
        return self.author_prior_hidden_at_least is not None

    def matches(self, facts: Facts) -> bool:
        """True when every condition the rule sets holds for ``facts``.

        Conditions left empty do not restrict: no categories means any category, no accounts
        any account. A rule with no category, confidence or severity condition matches every
        comment (even one with no findings), so it can act on an account or an author alone.
        """
        if not self.active:
            return False
        if self.account_ids and facts.account_id not in self.account_ids:
            return False
        if (
            self.author_prior_hidden_at_least is not None
            and facts.author_prior_hidden < self.author_prior_hidden_at_least
        ):
            return False
        about_findings = bool(self.categories) or self.min_confidence > 0 or self.min_severity
        if not about_findings:
            return True
        min_rank = SEVERITY_RANK.get(self.min_severity, 0)
        return any(
            (not self.categories or f.category in self.categories)
            and f.confidence >= self.min_confidence
            and f.severity >= min_rank
            for f in facts.findings
        )


@dataclass(frozen=True)
class Referral:
    team: Team
    urgent: bool
    reason: str


@dataclass(frozen=True)
class Outcome:
    """What routing decided for one comment, and why (shown in its history)."""

    status: ItemStatus
    urgency: Urgency
    referrals: tuple[Referral, ...]
    rules: tuple[RuleSpec, ...]  # the deciding tier's matching rules; empty when the pack decided
    reason: str

    @property
    def rule_ids(self) -> tuple[int, ...]:
        return tuple(r.id for r in self.rules if r.id is not None)

    @property
    def teams(self) -> tuple[str, ...]:
        return tuple(sorted(r.team.value for r in self.referrals))

    @property
    def label(self) -> str:
        """A short description for reports: status plus any referral teams."""
        teams = ", ".join(Team(t).label for t in self.teams)
        return f"{self.status.label} + {teams}" if teams else str(self.status.label)

    def describe(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "urgency": int(self.urgency),
            "referrals": [
                {"team": r.team.value, "urgent": r.urgent, "reason": r.reason}
                for r in self.referrals
            ],
            "rules": [{"id": r.id, "name": r.name, "tier": r.tier} for r in self.rules],
            "reason": self.reason,
        }


def _category_referrals(facts: Facts) -> list[Referral]:
    found = facts.categories
    out: dict[Team, list[str]] = {}
    for category, team in REFERRAL_TEAMS.items():
        if category in found:
            out.setdefault(team, []).append(category.replace("_", " "))
    return [Referral(team, False, " and ".join(reasons)) for team, reasons in out.items()]


def _by_tier(rules: Iterable[RuleSpec]) -> list[list[RuleSpec]]:
    tiers: dict[int, list[RuleSpec]] = {}
    for rule in sorted((r for r in rules if r.active), key=lambda r: r.sort_key):
        tiers.setdefault(rule.tier, []).append(rule)
    return [tiers[t] for t in sorted(tiers)]


def evaluate(rules: Sequence[RuleSpec], facts: Facts) -> Outcome:
    """Route one comment: the first tier with a matching rule, else the pack; then the floor."""
    referrals: list[Referral] = []
    matched: tuple[RuleSpec, ...] = ()
    for tier in _by_tier(rules):
        hits = [rule for rule in tier if rule.matches(facts)]
        if hits:
            matched = tuple(hits)
            break
    if matched:
        statuses = [ACTION_STATUS[r.action] for r in matched if r.action in ACTION_STATUS]
        # A tier that only refers still puts the comment in front of a moderator, who answers
        # publicly with a reply that moves the conversation to direct channels (SH §6.17).
        status = max(statuses, key=STATUS_STRENGTH.__getitem__, default=ItemStatus.QUEUED)
        for rule in matched:
            if rule.action == RoutingAction.REFER and rule.referral_team:
                team = Team(rule.referral_team)
                referrals.append(Referral(team, team == Team.SAFEGUARDING, f"rule: {rule.name}"))
        names = "; ".join(r.name for r in matched)
        reason = f"tier {matched[0].tier}: {names}"
    else:
        status = PACK_STATUS.get(facts.decision, ItemStatus.QUEUED)
        if status != ItemStatus.PUBLISHED:
            referrals.extend(_category_referrals(facts))
        reason = f"no rule matched; the policy pack decided {facts.decision or 'nothing'}"
    if facts.decision == ESCALATE_URGENT or SAFEGUARDING in facts.categories:
        if status != ItemStatus.ESCALATED:
            reason += "; escalated because a safeguarding concern is always seen by a person"
        status = ItemStatus.ESCALATED
        referrals.append(Referral(Team.SAFEGUARDING, True, "possible safeguarding concern"))
    unique: dict[Team, Referral] = {}
    for referral in referrals:
        unique.setdefault(referral.team, referral)
    return Outcome(
        status=status,
        urgency=urgency_for(status),
        referrals=tuple(unique[t] for t in sorted(unique, key=lambda t: t.value)),
        rules=matched,
        reason=reason,
    )


def rules_for(council: Council | int) -> list[RuleSpec]:
    """The council's rules (active or not) as specs, in tier order: two queries."""
    council_id = council if isinstance(council, int) else council.pk
    rows = list(
        RoutingRule.objects.filter(council_id=council_id).order_by("tier", "position", "id")
    )
    through = RoutingRule.accounts.through.objects.filter(routingrule__council_id=council_id)
    accounts: dict[int, list[int]] = {}
    for rule_id, account_id in through.values_list("routingrule_id", "officialaccount_id"):
        accounts.setdefault(rule_id, []).append(account_id)
    return [RuleSpec.of(rule, accounts.get(rule.pk, [])) for rule in rows]


def with_change(rules: Sequence[RuleSpec], changed: RuleSpec) -> list[RuleSpec]:
    """``rules`` with ``changed`` in place of the rule with its id (or added, when new)."""
    out = [r for r in rules if changed.id is None or r.id != changed.id]
    out.append(changed)
    return sorted(out, key=lambda r: r.sort_key)


# --- dry run -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DryRunChange:
    item_id: int
    author_handle: str
    excerpt: str
    before: Outcome
    after: Outcome


@dataclass
class DryRunReport:
    """What ``rules`` would have done to the council's last N screened comments."""

    items_checked: int
    before_counts: dict[str, int]
    after_counts: dict[str, int]
    changed: int
    changes: list[DryRunChange] = field(default_factory=list)  # the first ``show`` of them

    @property
    def rows(self) -> list[tuple[str, int, int]]:
        """(outcome, before, after) for every outcome seen, for a table."""
        labels = sorted(set(self.before_counts) | set(self.after_counts))
        return [(k, self.before_counts.get(k, 0), self.after_counts.get(k, 0)) for k in labels]


def _excerpt(text: str, length: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def dry_run(
    council: Council, rules: Sequence[RuleSpec], *, last: int = 1000, show: int = 50
) -> DryRunReport:
    """Replay the council's last ``last`` screened comments through ``rules``.

    Each comment is routed twice on the findings stored for it, once with the council's current
    rules and once with ``rules``, and the outcomes (status and referral teams) compared.
    Nothing is written. Author history counts the author's earlier comments that are hidden or
    removed now. Three queries whatever ``last`` is (rules, comments, authors' hidden history).
    """
    current = rules_for(council)
    items = list(
        InboundItem.objects.filter(council=council, screened_at__isnull=False)
        .order_by("-id")
        .values(
            "id", "account_id", "platform", "author_handle", "received_at", "text", "findings",
            "decision",
        )[:last]
    )  # fmt: skip
    history = _hidden_history(council, items) if _needs_history(current, rules) else {}
    before_counts: Counter[str] = Counter()
    after_counts: Counter[str] = Counter()
    changes: list[DryRunChange] = []
    changed = 0
    for row in items:
        times = history.get((row["platform"], row["author_handle"]), [])
        facts = Facts.from_findings(
            row["findings"] or [],
            decision=row["decision"],
            account_id=row["account_id"],
            author_prior_hidden=bisect.bisect_left(times, row["received_at"]),
        )
        before, after = evaluate(current, facts), evaluate(rules, facts)
        before_counts[before.label] += 1
        after_counts[after.label] += 1
        if (before.status, before.teams) != (after.status, after.teams):
            changed += 1
            if len(changes) < show:
                changes.append(
                    DryRunChange(
                        row["id"], row["author_handle"], _excerpt(row["text"]), before, after
                    )
                )
    return DryRunReport(
        items_checked=len(items),
        before_counts=dict(before_counts),
        after_counts=dict(after_counts),
        changed=changed,
        changes=changes,
    )


def _needs_history(*rule_sets: Sequence[RuleSpec]) -> bool:
    return any(r.uses_author_history and r.active for rules in rule_sets for r in rules)


def _hidden_history(
    council: Council, items: Sequence[Mapping[str, Any]]
) -> dict[tuple[str, str], list[Any]]:
    authors = {row["author_handle"] for row in items}
    rows = (
        InboundItem.objects.filter(
            council=council, author_handle__in=authors, status__in=HIDDEN_OR_REMOVED
        )
        .order_by("received_at")
        .values_list("platform", "author_handle", "received_at")
    )
    out: dict[tuple[str, str], list[Any]] = {}
    for platform, author, received in rows:
        out.setdefault((platform, author), []).append(received)
    return out


# --- default rules -------------------------------------------------------------------------------


def _first_clause(pack: Pack, categories: Iterable[str], fallback: Sequence[str] = ()) -> str:
    for category in categories:
        found = pack.clauses_for(Category(category), "")
        if found:
            return found[0]
    return fallback[0] if fallback else ""


def default_rules(pack: Pack) -> list[dict[str, Any]]:
    """A council's starting rules, built from its pack's inbound decision table.

    Tier 1 escalates safeguarding concerns and refers them to the safeguarding lead. Tier 2 does
    the everyday work, all matching rules together: hide what the pack hides, refer service
    requests and complaints to the Contact Centre and press enquiries to the Press Office (so a
    hidden comment that also reports a problem still reaches the Contact Centre), and hold for a
    moderator anything from someone with three or more hidden or removed comments.
    """
    by_decision: dict[str, list[str]] = {}
    clauses_by_decision: dict[str, tuple[str, ...]] = {}
    rules, _default = pack.tables[Context.INBOUND]
    for rule in rules:
        names = sorted(c.value for c in rule.categories)
        by_decision.setdefault(rule.decision.value, []).extend(names)
        clauses_by_decision.setdefault(rule.decision.value, rule.clauses)
    escalate = sorted(set(by_decision.get(ESCALATE_URGENT, [])) | {SAFEGUARDING})
    hide = sorted(set(by_decision.get("hide_pending_review", [])) - set(escalate))
    cc = ["service_request", "complaint"]
    press = ["press_enquiry"]

    def spec(tier: int, position: int, name: str, action: str, **more: Any) -> dict[str, Any]:
        return {"tier": tier, "position": position, "name": name, "action": action, **more}

    safeguarding_clause = _first_clause(
        pack, escalate, clauses_by_decision.get(ESCALATE_URGENT, ())
    )
    return [
        spec(1, 1, "Safeguarding concern: escalate at once", RoutingAction.ESCALATE,
             categories=escalate, clause=safeguarding_clause,
             description="A possible risk to a child or adult is always seen by a person "
                         "straight away, whatever else the comment contains."),
        spec(1, 2, "Safeguarding concern: tell the safeguarding lead", RoutingAction.REFER,
             categories=escalate, referral_team=Team.SAFEGUARDING, clause=safeguarding_clause,
             description="An urgent referral, emailed at once; never closed automatically."),
        spec(2, 1, "Hide pending review", RoutingAction.HIDE, categories=hide,
             clause=_first_clause(pack, [], clauses_by_decision.get("hide_pending_review", ())),
             description="Personal data, abuse, discrimination, harassment, sexual content, "
                         "defamation risk and the like are hidden until a moderator decides."),
        spec(2, 2, "Service requests and complaints: refer to the Contact Centre",
             RoutingAction.REFER, categories=cc, referral_team=Team.CONTACT_CENTRE,
             clause=_first_clause(pack, cc),
             description="The Contact Centre answers the person directly, not on social media."),
        spec(2, 3, "Press enquiries: refer to the Press Office", RoutingAction.REFER,
             categories=press, referral_team=Team.PRESS_OFFICE, clause=_first_clause(pack, press),
             description="Requests for a statement or comment go straight to the Press Office."),
        spec(2, 4, "Repeat poster: hold for a moderator", RoutingAction.QUEUE,
             author_prior_hidden_at_least=3,
             description="Anything from someone with three or more hidden or removed comments "
                         "waits for a moderator instead of being published automatically."),
    ]  # fmt: skip
