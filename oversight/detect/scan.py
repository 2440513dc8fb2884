"""Scan a document's pages: match every page against the taxonomy, each match a finding with page and quote."""

from __future__ import annotations

from dataclasses import asdict

from oversight.detect.findings import Finding
from oversight.detect.matcher import matcher
from oversight.detect.taxonomy import Taxonomy, load


def scan_pages(
    pages: list[tuple[int, str]], taxonomy: Taxonomy | None = None, *, document_id: int = 0
) -> list[Finding]:
    """The findings on a document's (number, raw text) pages under `taxonomy` (default: the shipped one)."""
    taxonomy = taxonomy or load()
    compiled = matcher(taxonomy)
    return [
        Finding(
            document_id,
            number,
            m.category,
            m.severity,
            m.rule,
            m.quote,
            m.start,
            m.end,
            m.context,
            taxonomy.version,
            m.kind,
            tuple(asdict(q) for q in m.quotes),
        )
        for number, raw in pages  # one page at a time: a long document is never held whole
        for m in compiled.match(raw)
    ]
