"""Reads the workbench needs beyond the report's records: a finding's current quote, the documents naming a party."""

from __future__ import annotations

import sqlite3


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
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "entities" not in present:
        return []
    rows = conn.execute(
        "SELECT DISTINCT document_id FROM entities WHERE name = ? OR text = ? OR maker = ?"
        " ORDER BY document_id DESC LIMIT ?",
        (name, name, name, limit),
    )
    return [row[0] for row in rows]


def list_versions(conn: sqlite3.Connection) -> list[dict[str, object]]:
    """Every loaded watchlist with its version: its own publication date, when it was loaded, its content hash."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "watchlist_sources" not in present:
        return []
    rows = conn.execute("SELECT name, published, loaded_at, sha256, entry_count FROM watchlist_sources ORDER BY name")
    return [dict(zip(("name", "published", "loaded_at", "sha256", "entries"), row)) for row in rows]
