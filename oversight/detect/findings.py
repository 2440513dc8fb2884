"""A finding: a capability the taxonomy found stated on a page (stored by `oversight.store.findings`)."""

from __future__ import annotations

from dataclasses import dataclass


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
