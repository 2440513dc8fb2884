"""Entities in the store: a document's records replaced wholesale, with the version that made them.

Writers run inside the caller's transaction, so entities and the findings derived from them change together.
"""

from __future__ import annotations

import json
import sqlite3

from oversight.entities.records import EntityRecord, Mention
from oversight.store.documents import now

_COLUMNS = (
    "document_id",
    "page",
    "kind",
    "text",
    '"start"',
    '"end"',
    "source",
    "model",
    "maker",
    "origin",
    "name",
    "listed",
    "lists",
    "score",
    "via",
    "explanation",
    "role",
    "evidence",
    "zone",
)


def replace(conn: sqlite3.Connection, document_id: int, records: list[EntityRecord], version: str) -> list[int]:
    """Make `records` the document's entities and record that `version` analysed it; returns the new row ids."""
    ids = []
    conn.execute("DELETE FROM entities WHERE document_id = ?", (document_id,))
    for r in records:
        m = r.mention
        cursor = conn.execute(
            f"INSERT INTO entities({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
            (
                document_id,
                m.page,
                m.kind,
                m.text,
                m.start,
                m.end,
                m.source,
                m.model,
                m.maker,
                m.origin,
                r.name,
                int(r.listed),
                json.dumps(r.lists, ensure_ascii=False),
                r.score,
                r.via,
                r.explanation,
                m.role,
                m.evidence,
                m.zone,
            ),
        )
        ids.append(cursor.lastrowid or 0)
    conn.execute(
        "INSERT INTO entity_scans(document_id, version, analysed_at) VALUES (?, ?, ?)"
        " ON CONFLICT(document_id) DO UPDATE SET version = excluded.version, analysed_at = excluded.analysed_at",
        (document_id, version, now()),
    )
    return ids


def stored(conn: sqlite3.Connection, document_id: int) -> list[tuple[int, EntityRecord]]:
    """(row id, record) for the document's stored entities, in page order."""
    rows = conn.execute(
        f'SELECT id, {", ".join(_COLUMNS)} FROM entities WHERE document_id = ? ORDER BY page, "start", id',
        (document_id,),
    )
    out = []
    for row in rows:
        mention = Mention(
            row["page"],
            row["kind"],
            row["start"],
            row["end"],
            row["text"],
            row["source"],
            row["model"],
            row["maker"],
            row["origin"],
            role=row["role"],
            evidence=row["evidence"],
            zone=row["zone"],
        )
        out.append(
            (
                row["id"],
                EntityRecord(
                    document_id,
                    mention,
                    row["name"],
                    bool(row["listed"]),
                    json.loads(row["lists"]),
                    row["score"],
                    row["via"],
                    row["explanation"],
                ),
            )
        )
    return out


def analysed_version(conn: sqlite3.Connection, document_id: int) -> str | None:
    row = conn.execute("SELECT version FROM entity_scans WHERE document_id = ?", (document_id,)).fetchone()
    return row[0] if row else None
