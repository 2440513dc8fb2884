"""Entities in the store: a document's parties, products and chips, replaced wholesale with the version that
made them."""

from __future__ import annotations

import json
from typing import Any

from oversight.store.db import Connection
from oversight.store.rows import EntityRow

_COLUMNS = ", ".join(f'"{name}"' if name in ("start", "end") else name for name in EntityRow._fields)
_MARKS = ", ".join("?" * (len(EntityRow._fields) + 1))  # document_id and every row field


def replace(conn: Connection, document_id: int, rows: list[EntityRow]) -> list[int]:
    """Make `rows` the document's entities (inside the caller's transaction); returns their ids in order."""
    conn.execute("DELETE FROM entities WHERE document_id = ?", (document_id,))
    conn.executemany(
        f"INSERT INTO entities(document_id, {_COLUMNS}) VALUES ({_MARKS})",
        [(document_id, *_stored(row)) for row in rows],
    )
    # Ids grow in insertion order on both backends, so one query returns them in the order of `rows`.
    ids = [int(r[0]) for r in conn.execute("SELECT id FROM entities WHERE document_id = ? ORDER BY id", (document_id,))]
    assert len(ids) == len(rows)
    return ids


def _stored(row: EntityRow) -> tuple[Any, ...]:
    return (*row[:10], int(row.listed), json.dumps(list(row.lists), ensure_ascii=False), *row[12:])


def stored(conn: Connection, document_id: int) -> list[tuple[int, EntityRow]]:
    """(row id, row) for the document's stored entities, in page order."""
    rows = conn.execute(
        f'SELECT id, {_COLUMNS} FROM entities WHERE document_id = ? ORDER BY page, "start", id', (document_id,)
    )
    return [(int(r[0]), _row(tuple(r[1:]))) for r in rows.fetchall()]


def _row(values: tuple[Any, ...]) -> EntityRow:
    listed, lists = bool(values[10]), tuple(json.loads(values[11]))
    return EntityRow._make((*values[:10], listed, lists, *values[12:]))


def columns(conn: Connection, document_id: int) -> list[dict[str, Any]]:
    """Every entity of a document as a column dict (lists decoded), in page order: what reports read."""
    rows = conn.execute('SELECT * FROM entities WHERE document_id = ? ORDER BY page, "start", id', (document_id,))
    out = []
    for row in rows.fetchall():
        data = dict(row)
        data["lists"] = json.loads(data["lists"]) if isinstance(data.get("lists"), str) else []
        out.append(data)
    return out
