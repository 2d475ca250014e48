"""Presenting screened text: findings highlighted in place and every finding explained.

Moderators distrust flags they cannot read (peers.md §3, pain point 4: "the details pane gives no
information"), so nothing here shows a finding without its category, the engine's explanation
and the policy clauses it cites with their headings. Highlighting is done by splitting the text at
every span boundary and escaping each piece separately, so overlapping findings never produce
crossed tags and no character of the author's text is ever interpreted as HTML.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from socialguard.screening import Category, Decision
from socialguard.screening.errors import DataError

register = template.Library()

CATEGORY_LABELS: dict[str, str] = {
    Category.PERSONAL_DATA: "Personal data",
    Category.COUNCIL_EMAIL_EXPOSED: "Council email address exposed",
    Category.CONFIDENTIAL_INFORMATION: "Confidential information",
    Category.OFFENSIVE_LANGUAGE: "Offensive language",
    Category.DISCRIMINATION: "Discrimination",
    Category.HARASSMENT: "Harassment",
    Category.SEXUAL_CONTENT: "Sexual content",
    Category.DEFAMATION_RISK: "Defamation risk",
    Category.POLITICAL_ACTIVITY: "Political activity",
    Category.COUNCIL_REPRESENTATION: "Speaking for the council",
    Category.SAFEGUARDING_CONCERN: "Safeguarding concern",
    Category.SERVICE_REQUEST: "Service request",
    Category.COMPLAINT: "Complaint",
    Category.PRESS_ENQUIRY: "Press enquiry",
}

# Inbound decisions only: the inbox never sees business or personal contexts.
DECISION_LABELS: dict[str, str] = {
    Decision.PUBLISH: "Publish",
    Decision.ROUTE: "Route to a team",
    Decision.HIDE_PENDING_REVIEW: "Hide pending review",
    Decision.ESCALATE_URGENT: "Escalate: urgent",
}

EXCERPT_CHARS = 220


def category_label(category: str) -> str:
    """The readable name of a screening category (the raw name if it is not one of the 14)."""
    return CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())


def decision_label(decision: str) -> str:
    """The readable name of an inbound decision; an empty decision means not yet screened."""
    if not decision:
        return "Not screened yet"
    return DECISION_LABELS.get(decision, decision.replace("_", " ").capitalize())


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


# --- clauses -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClauseRef:
    """A clause a finding cites, as the moderator sees it: id, heading and the start of its text."""

    id: str
    heading: str
    excerpt: str
    text: str
    known: bool = True


class ClauseBook:
    """Clause lookups for one request: each pack is looked up at most once.

    A pack that cannot be loaded (renamed, broken) still yields the clause ids, marked unknown,
    rather than failing the page: the stored finding is evidence either way.
    """

    def __init__(self) -> None:
        self._packs: dict[str, Mapping[str, Any]] = {}

    def clauses(self, pack_id: str) -> Mapping[str, Any]:
        if pack_id not in self._packs:
            # The services' engine cache: the same packs directory, re-hashed at most every
            # few seconds rather than on every page.
            from socialguard.inbox.services import engine_for

            try:
                self._packs[pack_id] = engine_for(pack_id).pack.clauses if pack_id else {}
            except DataError:
                self._packs[pack_id] = {}
        return self._packs[pack_id]

    def ref(self, pack_id: str, clause_id: str) -> ClauseRef:
        clause = self.clauses(pack_id).get(clause_id)
        if clause is None:
            return ClauseRef(clause_id, "clause not found in the policy pack", "", "", known=False)
        return ClauseRef(clause.id, clause.heading, excerpt(clause.text), clause.text)

    def choices(self, pack_id: str) -> list[tuple[str, str]]:
        """(id, "§id heading: excerpt") for every clause of the pack, in document order."""
        return [
            (c.id, f"§{c.id} {c.heading}: {excerpt(c.text, 90)}")
            for c in self.clauses(pack_id).values()
        ]


# --- findings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExplainedFinding:
    """One stored finding, numbered in reading order, with its clauses resolved."""

    number: int
    anchor: str
    start: int
    end: int
    category: str
    label: str
    subtype: str
    text: str
    explanation: str
    confidence: float | None
    detector: str
    clauses: tuple[ClauseRef, ...] = field(default_factory=tuple)

    @property
    def sentence(self) -> str:
        """The explanation as a sentence, ready to be followed by another."""
        text = self.explanation.strip() or "No explanation recorded"
        return text if text.endswith((".", "!", "?")) else text + "."

    @property
    def confidence_percent(self) -> int | None:
        return None if self.confidence is None else round(self.confidence * 100)


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def explain_findings(
    findings: Iterable[Mapping[str, Any]], *, pack_id: str, book: ClauseBook, anchor_prefix: str
) -> list[ExplainedFinding]:
    """Stored finding dicts (the engine's ``to_dict`` shape) → numbered, explained findings.

    Ordered by position in the text (then category), so number 1 is the first highlight a reader
    meets. ``anchor_prefix`` keeps anchors unique when several items share a page.
    """
    ordered = sorted(
        findings,
        key=lambda f: (_int(f.get("start"), 0), _int(f.get("end"), 0), str(f.get("category"))),
    )
    explained = []
    for number, f in enumerate(ordered, start=1):
        category = str(f.get("category", ""))
        confidence = f.get("confidence")
        explained.append(
            ExplainedFinding(
                number=number,
                anchor=f"{anchor_prefix}-finding-{number}",
                start=_int(f.get("start"), 0),
                end=_int(f.get("end"), 0),
                category=category,
                label=category_label(category),
                subtype=str(f.get("subtype", "")),
                text=str(f.get("text", "")),
                explanation=str(f.get("explanation", "")),
                confidence=float(confidence) if isinstance(confidence, int | float) else None,
                detector=str(f.get("detector", "")),
                clauses=tuple(book.ref(pack_id, str(c)) for c in f.get("clauses", ()) or ()),
            )
        )
    return explained


# --- highlighting --------------------------------------------------------------------------------


class Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def number(self) -> int: ...

    @property
    def anchor(self) -> str: ...


def _escaped(piece: str) -> str:
    # Line breaks the author typed are kept; everything else is plain text.
    return str(escape(piece)).replace("\n", "<br>")


def highlight(text: str, spans: Sequence[Span]) -> SafeString:
    """``text`` as safe HTML with each span wrapped in ``<mark class="sg-finding">``.

    The text is cut at every span start and end; each piece is escaped on its own and marked
    when any span covers it, so overlapping or nested spans give flat, well-formed markup. After
    the last piece of each span comes a numbered link to that finding's explanation. Spans are
    clamped to the text; empty or inverted spans are ignored (their explanation still shows).
    """
    size = len(text)
    valid = [
        (max(0, min(s.start, size)), max(0, min(s.end, size)), s)
        for s in spans
        if min(s.end, size) > max(s.start, 0)
    ]
    if not valid:
        return mark_safe(_escaped(text))  # noqa: S308 - every character went through escape()
    cuts = sorted({0, size, *(a for a, _, _ in valid), *(b for _, b, _ in valid)})
    out: list[str] = []
    for left, right in itertools.pairwise(cuts):
        piece = _escaped(text[left:right])
        covering = [s for a, b, s in valid if a <= left and b >= right]
        if covering:
            numbers = " ".join(str(s.number) for s in covering)
            out.append(f'<mark class="sg-finding" data-findings="{numbers}">{piece}</mark>')
        else:
            out.append(piece)
        for _, _, span in (v for v in valid if v[1] == right):
            out.append(
                format_html(
                    '<sup class="sg-finding-ref"><a class="govuk-link" href="#{}">'
                    '<span class="govuk-visually-hidden">(finding </span>{}'
                    '<span class="govuk-visually-hidden">)</span></a></sup>',
                    span.anchor,
                    span.number,
                )
            )
    return mark_safe("".join(out))  # noqa: S308 - pieces escaped above, tags are our own


@register.filter
def highlighted(text: str, findings: Sequence[ExplainedFinding]) -> SafeString:
    """``{{ item.text|highlighted:findings }}``."""
    return highlight(str(text), findings)


@register.filter(name="category_label")
def category_label_filter(category: str) -> str:
    return category_label(category)


@register.filter(name="decision_label")
def decision_label_filter(decision: str) -> str:
    return decision_label(decision)


STATUS_TAGS: dict[str, str] = {
    "new": "govuk-tag--light-blue",
    "published": "govuk-tag--grey",
    "queued": "govuk-tag--blue",
    "hidden": "govuk-tag--orange",
    "escalated": "govuk-tag--red",
    "approved": "govuk-tag--green",
    "removed": "govuk-tag--grey",
    "hidden_by_moderator": "govuk-tag--purple",
}


@register.filter
def status_tag(status: str) -> str:
    """The GOV.UK tag colour class for an item status."""
    return STATUS_TAGS.get(status, "govuk-tag--grey")


# Event detail keys shown with a label of their own; the rest are humanised from the key.
DETAIL_LABELS: dict[str, str] = {
    "decision": "Engine decision",
    "categories": "Categories found",
    "findings": "Number of findings",
    "policy_pack": "Policy pack",
    "pack_version": "Policy version",
    "policy_version": "Policy version",
    "pack_hash": "Pack hash",
    "sha256": "SHA-256",
    "text_sha256": "SHA-256",
}


def _choice_label(key: str, value: Any) -> str | None:
    """The readable label of a stored status, urgency or team code, if ``value`` is one."""
    from socialguard.inbox.models import ItemStatus, Team, Urgency

    enum: Any = None
    if key.endswith("status"):
        enum = ItemStatus
    elif key == "urgency":
        enum = Urgency
    elif key == "team":
        enum = Team
    if enum is None:
        return None
    try:
        return str(enum(value).label)
    except ValueError:
        return None


def _describe(value: dict[str, Any]) -> str:
    """One entry of a list in an event's detail: a routing rule, a referral, or anything."""
    if "name" in value:
        tier = value.get("tier")
        return f"{value['name']}" + (f" (tier {tier})" if tier is not None else "")
    if "team" in value:
        text = _choice_label("team", value["team"]) or str(value["team"])
        if value.get("urgent"):
            text += ", urgent"
        if value.get("reference"):
            text += f" {value['reference']}"
        return text + (f": {value['reason']}" if value.get("reason") else "")
    return "; ".join(
        f"{k.replace('_', ' ')}: {v}" for k, v in value.items() if v not in (None, "", [], {})
    )


def _detail_value(key: str, value: Any) -> str:
    if key == "decision" and isinstance(value, str):
        return decision_label(value)
    if key == "categories" and isinstance(value, list):
        return ", ".join(category_label(str(c)) for c in value) or "none"
    label = _choice_label(key, value)
    if label is not None:
        return label
    if isinstance(value, list):
        return "; ".join(_describe(v) if isinstance(v, dict) else str(v) for v in value) or "none"
    if isinstance(value, dict):
        return _describe(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "–"
    return str(value)


@register.filter
def detail_items(detail: Any) -> list[tuple[str, str]]:
    """An event's ``detail`` JSON as (label, text) pairs, in the order it was written."""
    if not isinstance(detail, dict):
        return []
    return [
        (DETAIL_LABELS.get(k, k.replace("_", " ").capitalize()), _detail_value(k, v))
        for k, v in detail.items()
    ]


@register.filter
def humanise(value: str) -> str:
    """``uk_phone`` → ``uk phone``: detector subtypes in running text."""
    return str(value).replace("_", " ")


@register.filter
def breakable(value: str, every: int = 16) -> SafeString:
    """Long unbroken strings (hashes) with a line-break opportunity every ``every`` characters,
    so they wrap inside narrow columns instead of pushing the layout apart."""
    text = str(value)
    chunks = [str(escape(text[i : i + every])) for i in range(0, len(text), every)]
    return mark_safe("<wbr>".join(chunks))  # noqa: S308 - every chunk escaped above


@register.filter
def findings_summary(findings: Sequence[ExplainedFinding]) -> SafeString:
    """The queue's numbered list of findings: category, explanation and the clauses cited with
    their headings. Built here rather than by a template include per row: the queue shows
    dozens of rows and this was most of its rendering time."""
    items = []
    for f in findings:
        subtype = format_html(" ({})", f.subtype.replace("_", " ")) if f.subtype else ""
        clauses = (
            format_html_join(
                "; ",
                '<span class="sg-nowrap">§{}</span> {}',
                ((c.id, c.heading) for c in f.clauses),
            )
            if f.clauses
            else "no clause"
        )
        items.append(
            format_html(
                '<li id="{}"><strong>{}</strong>{}: {} '
                '<span class="sg-nowrap">Cites</span> {}.</li>',
                f.anchor,
                f.label,
                subtype,
                f.sentence,
                clauses,
            )
        )
    if not items:
        return mark_safe("")
    return format_html(
        '<ol class="govuk-list govuk-list--number govuk-body-s govuk-!-margin-bottom-0">{}</ol>',
        mark_safe("".join(items)),  # noqa: S308 - each item built with format_html
    )
