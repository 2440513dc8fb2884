"""The view model: what a reader sees of a document and of the corpus, computed once for every renderer.

The static report (`oversight report`) and the workbench (`oversight serve`) both render these objects, so they
never disagree on what comes first or on who is credited. Decisions made here:

- Findings best-first: cards a reviewer rejected last; then severity, review state (confirmed before unreviewed),
  whether a listed party backs it, and page order; so a document's critical finding is its first card.
- Near-identical cards fold: findings of one category on one line of one page become one card that lists the
  other rules it also matched.
- Parties are split by role: those that supplied or made the flagged items, the buyer, and parties merely named
  in the same document (a UPS maker in the same tender is not credited with its findings).
- Triage: documents ranked by top severity, a listed buyer or supplier, review state and the notice's date.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import yaml

from oversight.detect.taxonomy import default_dir, severities
from oversight.ingest.registry import format_of
from oversight.report.gather import DocumentRecord, EntityRecord, FindingRecord
from oversight.report.quotes import QuoteView, quote_view
from oversight.store import review
from oversight.store.review import Decision, State, finding_key, undecided

Role = Literal["supplied", "bought", "named"]
ROLE_TITLES: dict[Role, str] = {
    "supplied": "Supplied or made the flagged items",
    "bought": "Bought",
    "named": "Named in the same document",
}
STATE_ORDER: dict[str, int] = {"confirmed": 0, "needs-check": 1, "unreviewed": 2, "rejected": 3}
_SUPPLIER_ROLES = {"supplier", "supplied", "maker", "manufacturer", "bidder", "winner", "vendor-supplied"}
_BUYER_ROLES = {"buyer", "bought", "purchaser", "agency-buyer"}


def severity_rank(severity: str) -> int:
    """Sort key: critical first, unknown severities last."""
    levels = severities()
    return levels.index(severity) if severity in levels else len(levels)


def kind_label(media_type: str) -> str:
    """The format's short name, as its ingestor declares it."""
    return format_of(media_type).KIND


def has_cjk(text: str | None) -> bool:
    """Text a renderer marks `lang="zh"` so the browser picks a Chinese font."""
    return bool(text) and any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text or "")


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    title: str
    publisher: str
    date: str
    url: str | None


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What the taxonomy says of a rule, in plain language, with the reporting it rests on."""

    category_title: str
    note: str
    sources: tuple[Source, ...]


@lru_cache(maxsize=1)
def _taxonomy_notes() -> tuple[dict[str, RuleInfo], dict[str, str]]:
    """Rule id -> RuleInfo and category id -> title, read from the taxonomy YAML without compiling patterns."""
    folder = default_dir()
    cited = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8")).get("sources") or {}
    rules: dict[str, RuleInfo] = {}
    titles: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name in ("taxonomy.yaml", "sources.yaml"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        category = str(data.get("id", path.stem))
        titles[category] = str(data.get("title", category))
        description = " ".join(str(data.get("description", "")).split())
        for term in data.get("terms") or []:
            sources = tuple(_source(key, cited.get(key) or {}) for key in term.get("sources") or ())
            note = " ".join(str(term.get("note") or "").split()) or description
            rules[f"{category}/{term.get('id')}"] = RuleInfo(titles[category], note, sources)
    return rules, titles


def _source(key: str, data: Mapping[str, Any]) -> Source:
    url = data.get("url")
    return Source(
        key,
        str(data.get("title", key)),
        str(data.get("publisher", "")),
        str(data.get("date", "")),
        str(url) if url and str(url).startswith(("http://", "https://")) else None,
    )


def rule_info(rule: str, category: str) -> RuleInfo:
    rules, titles = _taxonomy_notes()
    return rules.get(rule) or RuleInfo(titles.get(category, category), "", ())


def category_title(category: str) -> str:
    return _taxonomy_notes()[1].get(category, category)


@dataclass(slots=True)
class Card:
    """One finding card: the quote in context, what the rule means, the review decision and folded look-alikes."""

    key: str  # finding_key: survives rescans
    anchor: str  # the permalink fragment
    quote: QuoteView
    info: RuleInfo
    review: Decision
    stale: bool  # a decision exists but was made on a different quote (shown as unreviewed)
    also: list[QuoteView] = field(default_factory=list)  # same category, same line: folded into this card
    ocr: tuple[str, float | None] | None = None  # (method, confidence) when the page was read by OCR

    @property
    def finding(self) -> FindingRecord:
        return self.quote.finding

    @property
    def state(self) -> State:
        return "unreviewed" if self.stale else self.review.state

    @property
    def more_quotes(self) -> list[str]:
        """Other statements of the rule on the page, best first, where the detect stage ranked several."""
        stored = self.finding.extra.get("quotes")
        try:
            ranked = json.loads(stored) if isinstance(stored, str) else stored
        except ValueError:
            return []
        if not isinstance(ranked, list):
            return []
        texts = [str(q.get("quote")) for q in ranked if isinstance(q, dict) and q.get("quote")]
        return [t for t in dict.fromkeys(texts) if t != self.finding.quote]

    def sort_key(self) -> tuple[bool, int, int, int, int, int]:
        """Rejected cards last; then severity, review state, a listed party behind it, page order."""
        f = self.finding
        listed = any(b.get("listed") for b in f.basis)
        state = STATE_ORDER[self.state]
        return (self.state == "rejected", severity_rank(f.severity), state, 0 if listed else 1, f.page, f.start or 0)


@dataclass(slots=True)
class Party:
    """A party across its mentions in one document, with its role and screening outcome."""

    name: str
    role: Role
    kind: str
    texts: list[str]
    pages: list[int]
    listed: bool
    lists: list[str]
    explanation: str | None
    via: str | None
    review: Decision
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DocumentView:
    doc: DocumentRecord
    cards: list[Card]  # best first
    parties: list[Party]
    tags: list[str]
    starred: bool

    @property
    def title(self) -> str:
        return self.doc.meta.title or self.doc.name

    @property
    def top_severity(self) -> str | None:
        live = [c.finding.severity for c in self.cards if c.state != "rejected"]
        return min(live, key=severity_rank) if live else None

    def role(self, role: Role) -> list[Party]:
        return [p for p in self.parties if p.role == role]

    @property
    def listed_buyers(self) -> list[str]:
        return sorted({p.name for p in self.parties if p.role == "bought" and p.listed})

    @property
    def listed_suppliers(self) -> list[str]:
        return sorted({p.name for p in self.parties if p.role == "supplied" and p.listed})

    @property
    def states(self) -> Counter[str]:
        return Counter(c.state for c in self.cards)

    def citation(self, card: Card) -> str:
        """The copy-citation block: title · file name · SHA-256 · page · quote · source URL · retrieved date."""
        parts = [
            self.title,
            self.doc.name,
            f"SHA-256 {self.doc.sha256}",
            f"page {card.finding.page}" + (f" ({card.quote.page_label})" if card.quote.page_label else ""),
            f"“{card.finding.quote}”",
            self.doc.source_url or "source URL not recorded",
            f"retrieved {self.doc.first_seen[:10]}",
        ]
        return " · ".join(parts)


def _line_of(doc: DocumentRecord, finding: FindingRecord) -> tuple[int, int] | None:
    page = doc.page(finding.page)
    if page is None or finding.start is None:
        return None
    raw = page.raw_text
    start = raw.rfind("\n", 0, finding.start) + 1
    end = raw.find("\n", finding.end or finding.start)
    return start, end if end >= 0 else len(raw)


def _anchor(finding: FindingRecord) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in finding.rule or finding.category)
    return f"f-p{finding.page}-{slug}"


def build_cards(doc: DocumentRecord, decisions: Mapping[str, Decision]) -> list[Card]:
    """The finding cards of a document, folded and best first."""
    cards: list[Card] = []
    folded: dict[tuple[int, str, tuple[int, int]], Card] = {}
    for finding in sorted(doc.findings, key=lambda f: (severity_rank(f.severity), f.page, f.start or 0)):
        line = _line_of(doc, finding)
        fold_key = (finding.page, finding.category, line) if line else None
        if fold_key is not None and fold_key in folded:
            folded[fold_key].also.append(quote_view(doc.page(finding.page), finding))
            continue
        key = finding_key(doc.sha256, finding.page, finding.rule)
        review = decisions.get(key) or undecided("finding", key)
        page = doc.page(finding.page)
        ocr = (page.method, page.ocr_confidence) if page and page.method.startswith("ocr") else None
        card = Card(
            key,
            _anchor(finding),
            quote_view(page, finding),
            rule_info(finding.rule, finding.category),
            review,
            not review.applies_to(finding.quote),
            ocr=ocr,
        )
        cards.append(card)
        if fold_key is not None:
            folded[fold_key] = card
    cards.sort(key=Card.sort_key)
    return cards


def entity_role(entity: EntityRecord, doc: DocumentRecord, flagged: set[str], rows: dict[int, list[str]]) -> Role:
    """The entities stage's role when it gives one; else a cautious guess that credits a vendor with the
    findings only when a finding rests on it, it is the notice's stated supplier, or it is named in the very
    sentence or table row a finding quotes."""
    stated = getattr(entity, "role", None)
    if isinstance(stated, str) and stated:
        if stated in _SUPPLIER_ROLES:
            return "supplied"
        if stated in _BUYER_ROLES:
            return "bought"
        return "named"
    if entity.kind == "buyer":
        return "bought"
    if entity.kind not in ("vendor", "chip"):
        return "named"
    supplier = doc.meta.supplier.text if doc.meta.supplier else None
    if entity.text in flagged or entity.name in flagged or (supplier and entity.text in supplier):
        return "supplied"
    if entity.page is not None and any(entity.text in row for row in rows.get(entity.page, [])):
        return "supplied"
    return "named"


def build_parties(doc: DocumentRecord, decisions: Mapping[str, Decision]) -> list[Party]:
    """Entities of one document grouped by resolved name (products and chips under their maker)."""
    flagged = {b.get("text") for f in doc.findings for b in f.basis} | {
        b.get("name") for f in doc.findings for b in f.basis
    }
    flagged.discard(None)
    rows: dict[int, list[str]] = {}
    for finding in doc.findings:
        rows.setdefault(finding.page, []).append(finding.context or finding.quote)
    parties: dict[str, Party] = {}
    rank = {"supplied": 0, "bought": 1, "named": 2}
    for entity in doc.entities:
        name = entity.maker if entity.kind == "chip" and entity.maker and not entity.listed else entity.name
        role = entity_role(entity, doc, flagged, rows)  # type: ignore[arg-type]
        party = parties.get(name)
        if party is None:
            party = parties[name] = Party(
                name, role, entity.kind, [], [], False, [], None, None, decisions.get(name) or undecided("party", name)
            )
        if rank[role] < rank[party.role]:
            party.role = role
        if entity.text not in party.texts:
            party.texts.append(entity.text)
        if entity.page is not None and entity.page not in party.pages:
            party.pages.append(entity.page)
        if entity.listed and not party.listed:
            party.listed, party.explanation, party.via = True, entity.explanation, entity.via
        party.lists = sorted(set(party.lists) | set(entity.lists))
        evidence = getattr(entity, "evidence", None)
        if isinstance(evidence, str) and evidence and evidence not in party.evidence:
            party.evidence.append(evidence)
    return sorted(parties.values(), key=lambda p: (rank[p.role], not p.listed, p.name))


@dataclass(frozen=True, slots=True)
class Reviews:
    """Every review decision, tag and star of a store, read once per report or request."""

    findings: Mapping[str, Decision] = field(default_factory=dict)
    parties: Mapping[str, Decision] = field(default_factory=dict)
    tags: Mapping[str, list[str]] = field(default_factory=dict)
    stars: frozenset[str] = frozenset()

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> Reviews:
        return cls(
            review.decisions(conn, "finding"),
            review.decisions(conn, "party"),
            review.tags(conn),
            frozenset(review.stars(conn)),
        )


def document_view(doc: DocumentRecord, reviews: Reviews = Reviews(), confirmed_only: bool = False) -> DocumentView:
    """The document as every renderer shows it; `confirmed_only` keeps only findings a reviewer confirmed."""
    cards = build_cards(doc, reviews.findings)
    if confirmed_only:
        cards = [c for c in cards if c.state == "confirmed"]
    return DocumentView(
        doc,
        cards,
        build_parties(doc, reviews.parties),
        list(reviews.tags.get(doc.sha256, [])),
        doc.sha256 in reviews.stars,
    )


@dataclass(frozen=True, slots=True)
class TriageFinding:
    """One card as the triage list shows it."""

    anchor: str
    key: str
    severity: str
    category: str
    page: int
    quote: str
    state: str


@dataclass(slots=True)
class TriageRow:
    """One document in the triage list: what ranks it and what the facets count."""

    sha256: str
    name: str
    title: str
    href: str
    kind: str
    buyer: str | None
    buyer_listed: bool
    listed_parties: list[str]
    suppliers: list[str]
    date: str | None
    region: str | None
    top_severity: str | None
    findings: list[TriageFinding]
    categories: list[str]
    tags: list[str]
    starred: bool

    @classmethod
    def of(cls, view: DocumentView, href: str) -> TriageRow:
        doc = view.doc
        buyer = doc.meta.buyer.text if doc.meta.buyer else next((p.name for p in view.role("bought")), None)
        rows = [
            TriageFinding(
                c.anchor, c.key, c.finding.severity, c.finding.category, c.finding.page, c.finding.quote, c.state
            )
            for c in view.cards
        ]
        return cls(
            doc.sha256,
            doc.name,
            view.title,
            href,
            kind_label(doc.media_type),
            buyer,
            bool(view.listed_buyers),
            sorted(set(view.listed_buyers) | set(view.listed_suppliers)),
            [p.name for p in view.role("supplied")],
            doc.meta.date,
            doc.meta.region,
            view.top_severity,
            rows,
            sorted({c.finding.category for c in view.cards}),
            view.tags,
            view.starred,
        )

    @property
    def listed(self) -> bool:
        return bool(self.listed_parties)

    @property
    def review_state(self) -> str:
        """The document's state: confirmed if any finding is, needs-check, unreviewed, or rejected if all are."""
        states = {f.state for f in self.findings}
        for state in ("confirmed", "needs-check", "unreviewed", "rejected"):
            if state in states:
                return state
        return "no findings"

    def sort_key(self) -> tuple[int, int, int, str]:
        """Most important first: severity, a listed buyer or supplier, review state, newest notice."""
        severity = severity_rank(self.top_severity) if self.top_severity else len(severities()) + 1
        state = STATE_ORDER.get(self.review_state, 4)
        return (severity, 0 if self.listed else 1, state, _descending(self.date or ""))

    def text(self) -> str:
        """What the filter box matches against."""
        return " ".join(
            [self.title, self.name, self.buyer or "", " ".join(self.suppliers), " ".join(self.categories)]
            + [" ".join(self.tags)]
        ).lower()

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "name": self.name,
            "title": self.title,
            "href": self.href,
            "buyer": self.buyer,
            "buyer_listed": self.buyer_listed,
            "listed_parties": self.listed_parties,
            "suppliers": self.suppliers,
            "date": self.date,
            "top_severity": self.top_severity,
            "review_state": self.review_state,
            "findings": [
                {"anchor": f.anchor, "severity": f.severity, "category": f.category, "page": f.page, "state": f.state}
                for f in self.findings
            ],
        }


def _descending(text: str) -> str:
    """A string key that sorts `text` (an ISO date) newest first."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text) if text else "\U0010ffff"


def triage_order(rows: Iterable[TriageRow]) -> list[TriageRow]:
    return sorted(rows, key=TriageRow.sort_key)


FACETS: tuple[tuple[str, str], ...] = (
    ("severity", "Severity"),
    ("category", "Category"),
    ("state", "Review state"),
    ("listed", "Listed buyer or supplier"),
    ("buyer", "Buyer"),
    ("supplier", "Supplier or maker"),
    ("kind", "Document kind"),
    ("year", "Document date"),
)


def facet_values(row: TriageRow, facet: str) -> list[str]:
    """The values a document has for a facet (several for category and supplier)."""
    return row_facets(row)[facet]


def row_facets(row: TriageRow) -> dict[str, list[str]]:
    """Every facet's values for a document, computed once (facet counts and selection read all of them)."""
    return {
        "severity": [row.top_severity or "none"],
        "category": row.categories or ["none"],
        "state": [row.review_state],
        "listed": ["listed" if row.listed else "not listed"],
        "buyer": [row.buyer or "(not stated)"],
        "supplier": row.suppliers or ["(none recognised)"],
        "kind": [row.kind],
        "year": [row.date[:4] if row.date else "(no date)"],
    }


def facet_counts(rows: Iterable[TriageRow]) -> dict[str, list[tuple[str, int]]]:
    seen: dict[str, list[str]] = {facet: [] for facet, _ in FACETS}
    for row in rows:
        for facet, values in row_facets(row).items():
            seen[facet].extend(values if len(values) == 1 else set(values))
    counts = {facet: Counter(values) for facet, values in seen.items()}
    ordered: dict[str, list[tuple[str, int]]] = {}
    for facet, counter in counts.items():
        if facet == "severity":
            ordered[facet] = sorted(counter.items(), key=lambda item: severity_rank(item[0]))
        elif facet == "state":
            ordered[facet] = sorted(counter.items(), key=lambda item: STATE_ORDER.get(item[0], 4))
        else:
            ordered[facet] = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:50]
    return ordered


def select(rows: Iterable[TriageRow], chosen: Mapping[str, str], text: str = "") -> list[TriageRow]:
    """Rows having every chosen facet value and containing every word of `text`."""
    words = text.lower().split()
    wanted = {facet: value for facet, value in chosen.items() if value}
    if not wanted and not words:
        return list(rows)
    return [
        row
        for row in rows
        if (not wanted or all(value in row_facets(row)[facet] for facet, value in wanted.items()))
        and all(word in row.text() for word in words)
    ]
