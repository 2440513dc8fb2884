"""The `notices` table: what each document states about itself, as extracted at scan time.

The store does not know how a notice is read: the caller passes the extractor (pages -> row) and its version,
so a document is extracted once per version and the extraction code stays with the entities stage.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from oversight.store.db import transaction
from oversight.store.documents import now

Pages = Sequence[tuple[int, str]]
Extractor = Callable[[Pages], dict[str, Any]]
COLUMNS = ("title", "kind", "buyer", "supplier", "project_number", "document_date", "amount")
BATCH = 200


def get(conn: sqlite3.Connection, document_id: int, version: str | None = None) -> dict[str, Any] | None:
    """The stored extraction (its `data`), or None when there is none (of `version`, when given)."""
    row = conn.execute("SELECT version, data FROM notices WHERE document_id = ?", (document_id,)).fetchone()
    if row is None or (version is not None and row[0] != version):
        return None
    data: dict[str, Any] = json.loads(row[1])
    return data


def summaries(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The flat columns (title, kind, buyer, document_date, ...) of each stored document among `ids`."""
    wanted = list(dict.fromkeys(ids))
    found: dict[int, dict[str, Any]] = {}
    for offset in range(0, len(wanted), 500):
        chunk = wanted[offset : offset + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT document_id, {', '.join(COLUMNS)} FROM notices WHERE document_id IN ({marks})", chunk
        )
        found.update({row[0]: dict(zip(COLUMNS, row[1:])) for row in rows})
    return found


def missing(conn: sqlite3.Connection, version: str, ids: Sequence[int] | None = None) -> list[int]:
    """Documents (all, or among `ids`) with no notice of `version`."""
    if ids is None:
        sql = (
            "SELECT d.id FROM documents d LEFT JOIN notices n ON n.document_id = d.id"
            " WHERE n.version IS NULL OR n.version <> ? ORDER BY d.id"
        )
        return [row[0] for row in conn.execute(sql, (version,))]
    have: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"SELECT document_id, version FROM notices WHERE document_id IN ({marks})", chunk)
        have.update({row[0]: row[1] for row in rows})
    return [i for i in ids if have.get(i) != version]


def refresh(
    conn: sqlite3.Connection, extract: Extractor, version: str, ids: Sequence[int] | None = None, force: bool = False
) -> int:
    """Extract and store the notice of every document (all, or `ids`) lacking one of `version`; returns how many.

    Each batch is its own transaction, so an interrupted run keeps what it did.
    """
    todo = list(ids) if force and ids is not None else missing(conn, version, ids)
    for offset in range(0, len(todo), BATCH):
        with transaction(conn):
            for document_id in todo[offset : offset + BATCH]:
                pages = conn.execute(
                    "SELECT number, raw_text FROM pages WHERE document_id = ? ORDER BY number", (document_id,)
                ).fetchall()
                put(conn, document_id, extract([(p[0], p[1]) for p in pages]), version)
    return len(todo)


def put(conn: sqlite3.Connection, document_id: int, data: dict[str, Any], version: str) -> None:
    """Store `data` as the document's notice; its top-level COLUMNS keys fill the columns search filters on."""
    values = [data.get(column) for column in COLUMNS]
    conn.execute(
        f"INSERT INTO notices(document_id, version, {', '.join(COLUMNS)}, data, extracted_at)"
        f" VALUES (?, ?, {', '.join('?' * len(COLUMNS))}, ?, ?)"
        " ON CONFLICT (document_id) DO UPDATE SET version = excluded.version, "
        + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS)
        + ", data = excluded.data, extracted_at = excluded.extracted_at",
        [document_id, version, *values, json.dumps(data, ensure_ascii=False), now()],
    )


def dated_documents(since: str | None, until: str | None) -> tuple[str, list[Any]]:
    """A subquery of the ids of documents whose stated date lies in [since, until] (ISO dates, either open)."""
    clauses, params = ["document_date IS NOT NULL"], []
    if since:
        clauses.append("document_date >= ?")
        params.append(since)
    if until:
        clauses.append("document_date <= ?")
        params.append(until)
    return f"SELECT document_id FROM notices WHERE {' AND '.join(clauses)}", params
