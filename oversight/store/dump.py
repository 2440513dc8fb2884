"""A canonical dump of a store: every fact of the core tables keyed by content (sha256, page, offsets), never
by row id or timestamp, so two stores that hold the same evidence dump identically whatever their backend,
insertion order or age. `store copy` checks a copy with it; the parity tests compare backends with it.
"""

from __future__ import annotations

from typing import Any

from oversight.store.db import Connection

_QUERIES = {
    "documents": "SELECT sha256, size, media_type, page_count, source_url FROM documents",
    "document_names": "SELECT d.sha256, n.name, n.path FROM document_names n JOIN documents d ON d.id = n.document_id",
    "pages": "SELECT d.sha256, p.number, p.label, p.raw_text, p.norm_text, p.norm_map, p.method, p.ocr_confidence,"
    " p.boxes, p.width, p.height, p.dpi FROM pages p JOIN documents d ON d.id = p.document_id",
    "findings": 'SELECT d.sha256, f.page, f.category, f.severity, f.rule, f.quote, f."start", f."end", f.context,'
    " f.taxonomy_version FROM findings f JOIN documents d ON d.id = f.document_id",
    "entities": 'SELECT d.sha256, e.page, e.kind, e.text, e."start", e."end", e.source, e.model, e.maker, e.origin,'
    " e.name, e.listed, e.lists, e.score, e.via, e.explanation"
    " FROM entities e JOIN documents d ON d.id = e.document_id",
    "finding_entities": 'SELECT d.sha256, f.page, f.rule, e.page, e.kind, e."start", e."end", l.role'
    " FROM finding_entities l JOIN findings f ON f.id = l.finding_id JOIN entities e ON e.id = l.entity_id"
    " JOIN documents d ON d.id = f.document_id",
    "ingest_errors": "SELECT path, name, sha256, error FROM ingest_errors",
    "watchlist_sources": "SELECT name, format, sha256, published, entry_count FROM watchlist_sources",
}


def canonical(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Table name -> its facts, sorted."""
    return {table: sorted((_plain(row) for row in conn.execute(sql)), key=repr) for table, sql in _QUERIES.items()}


def _plain(row: Any) -> tuple[Any, ...]:
    return tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
