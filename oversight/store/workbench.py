"""Reads the workbench needs beyond the report's records: a finding's current quote, the documents naming a party,
what tells a triage row is stale, an original's download name.

Every table exists: the workbench's store is migrated when `oversight serve` opens it, before the workers start.
"""

from __future__ import annotations

import sqlite3

from oversight.store.documents import DISPLAY_NAME


def finding_quote(conn: sqlite3.Connection, sha256: str, page: int, rule: str) -> str | None:
    """The quote the stored finding has now (a decision is recorded against it); None when there is no such finding."""
    row = conn.execute(
        "SELECT f.quote FROM findings f JOIN documents d ON d.id = f.document_id"
        " WHERE d.sha256 = ? AND f.page = ? AND f.rule = ?",
        (sha256, page, rule),
    ).fetchone()
    return row[0] if row else None


def documents_naming(conn: sqlite3.Connection, name: str, limit: int = 500) -> list[int]:
    """Ids of documents with an entity resolved to, written as, or made by `name`, newest first."""
    rows = conn.execute(
        "SELECT DISTINCT document_id FROM entities WHERE name = ? OR text = ? OR maker = ?"
        " ORDER BY document_id DESC LIMIT ?",
        (name, name, name, limit),
    )
    return [row[0] for row in rows]


def list_versions(conn: sqlite3.Connection) -> list[dict[str, object]]:
    """Every loaded watchlist with its version: its own publication date, when it was loaded, its content hash."""
    rows = conn.execute("SELECT name, published, loaded_at, sha256, entry_count FROM watchlist_sources ORDER BY name")
    return [dict(zip(("name", "published", "loaded_at", "sha256", "entries"), row)) for row in rows]


def triage_signatures(conn: sqlite3.Connection) -> dict[int, tuple[object, ...]]:
    """Per document: what, when changed, means its triage row must be rebuilt (new name, pages, scans)."""
    rows = conn.execute(
        "SELECT d.id, d.last_seen, d.page_count,"
        " (SELECT max(analysed_at) FROM analyser_runs r WHERE r.document_id = d.id),"
        " (SELECT count(*) FROM analyser_runs r WHERE r.document_id = d.id) FROM documents d"
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def download(conn: sqlite3.Connection, sha256: str) -> tuple[str, str] | None:
    """(media type, display name) of a stored document, or None."""
    row = conn.execute(f"SELECT d.media_type, {DISPLAY_NAME} FROM documents d WHERE d.sha256 = ?", (sha256,)).fetchone()
    return (row[0], row[1]) if row else None
