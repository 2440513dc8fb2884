"""A finding: a capability the taxonomy found stated on a page (stored by `oversight.store.findings`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Finding:
    """A capability stated on a page; `quote` is exactly the page's raw text [start:end]."""

    document_id: int
    page: int
    category: str
    severity: str
    rule: str
    quote: str
    start: int
    end: int
    context: str
    taxonomy_version: str
    quote_kind: str = "prose"  # spec | prose | heading | toc (detect.quotes.QuoteKind)
    quotes: tuple[dict[str, object], ...] = field(default=())  # every statement of the rule on the page, best first
