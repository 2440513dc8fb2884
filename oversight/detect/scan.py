"""Scan a stored document: match every page against the taxonomy and store the findings."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict

from oversight.detect import findings
from oversight.detect.findings import Finding
from oversight.detect.matcher import matcher
from oversight.detect.taxonomy import Taxonomy, load


def scan_document(
    conn: sqlite3.Connection, document_id: int, taxonomy: Taxonomy | None = None, *, force: bool = False
) -> list[Finding]:
    """The document's findings under `taxonomy` (default: the shipped one).

    Stored findings are returned as they are when this taxonomy version made them; otherwise (new document,
    changed taxonomy, or `force`) the pages are matched again and the stored findings replaced.
    """
    taxonomy = taxonomy or load()
    if not force and findings.scanned_version(conn, document_id) == taxonomy.version:
        return findings.stored(conn, document_id, taxonomy.categories)
    compiled = matcher(taxonomy)
    pages = conn.execute("SELECT number, raw_text FROM pages WHERE document_id = ? ORDER BY number", (document_id,))
    found = [
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
    findings.replace(conn, document_id, found, taxonomy.version, taxonomy.categories)
    return found
