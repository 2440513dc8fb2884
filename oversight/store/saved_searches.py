"""Saved searches: a query and its filters under a name, for the CLI (`search --save/--saved`) and the web app."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from oversight.store.documents import now


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str
    filters: dict[str, Any]  # the search filters as JSON values (see oversight.search.filters.Filters.to_dict)
    created_at: str
    updated_at: str


def save(conn: sqlite3.Connection, name: str, query: str, filters: dict[str, Any]) -> SavedSearch:
    """Save (or replace) the search called `name`."""
    stamp = now()
    conn.execute(
        "INSERT INTO saved_searches(name, query, filters, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (name) DO UPDATE SET query = excluded.query, filters = excluded.filters,"
        " updated_at = excluded.updated_at",
        (name, query, json.dumps(filters, ensure_ascii=False, sort_keys=True), stamp, stamp),
    )
    saved = get(conn, name)
    assert saved is not None
    return saved


def get(conn: sqlite3.Connection, name: str) -> SavedSearch | None:
    row = conn.execute(
        "SELECT name, query, filters, created_at, updated_at FROM saved_searches WHERE name = ?", (name,)
    ).fetchone()
    return _saved(row) if row else None


def all_saved(conn: sqlite3.Connection) -> list[SavedSearch]:
    rows = conn.execute("SELECT name, query, filters, created_at, updated_at FROM saved_searches ORDER BY name")
    return [_saved(row) for row in rows]


def delete(conn: sqlite3.Connection, name: str) -> bool:
    """Forget the search called `name`; False when there was none."""
    return conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount > 0


def _saved(row: sqlite3.Row) -> SavedSearch:
    return SavedSearch(row[0], row[1], json.loads(row[2]), row[3], row[4])
