"""Findings in the store: written per document in one transaction, with the taxonomy version that made them.

The findings table is shared: other stages store findings of their own categories there (export-control), so
every read and write here is limited to the taxonomy's categories.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from oversight.store.db import transaction
from oversight.store.documents import now


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
    quote_kind: str = "prose"  # spec | prose | heading | toc (detect.quotes.QuoteKind)
    quotes: tuple[dict[str, object], ...] = field(default=())  # every statement of the rule on the page, best first


_COLUMNS = (
    "document_id",
    "page",
    "category",
    "severity",
    "rule",
    "quote",
    '"start"',
    '"end"',
    "context",
    "taxonomy_version",
    "quote_kind",
    "quotes",
)


def _among(categories: Iterable[str]) -> tuple[str, list[str]]:
    names = sorted(categories)
    return f"category IN ({', '.join('?' * len(names))})", names


def replace(
    conn: sqlite3.Connection, document_id: int, findings: list[Finding], version: str, categories: Iterable[str]
) -> None:
    """Make `findings` the document's findings in `categories`; record that `version` scanned it; atomically."""
    among, names = _among(categories)
    with transaction(conn):
        conn.execute(f"DELETE FROM findings WHERE document_id = ? AND {among}", (document_id, *names))
        conn.executemany(
            f"INSERT INTO findings({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
            [
                (
                    f.document_id,
                    f.page,
                    f.category,
                    f.severity,
                    f.rule,
                    f.quote,
                    f.start,
                    f.end,
                    f.context,
                    f.taxonomy_version,
                    f.quote_kind,
                    json.dumps(list(f.quotes), ensure_ascii=False),
                )
                for f in findings
            ],
        )
        conn.execute(
            "INSERT OR REPLACE INTO detect_scans(document_id, taxonomy_version, scanned_at) VALUES (?,?,?)",
            (document_id, version, now()),
        )


def stored(conn: sqlite3.Connection, document_id: int, categories: Iterable[str]) -> list[Finding]:
    """The document's stored findings in `categories`, in page order."""
    among, names = _among(categories)
    rows = conn.execute(
        f'SELECT {", ".join(_COLUMNS)} FROM findings WHERE document_id = ? AND {among} ORDER BY page, "start"',
        (document_id, *names),
    )
    return [_finding(tuple(row)) for row in rows]


def _finding(row: tuple[Any, ...]) -> Finding:
    """A stored row as a Finding; `quotes` is stored as JSON."""
    document_id, page, category, severity, rule, quote, start, end, context, version, kind, quotes = row
    return Finding(
        document_id,
        page,
        category,
        severity,
        rule,
        quote,
        start,
        end,
        context,
        version,
        kind,
        tuple(json.loads(quotes)),
    )


def scanned_version(conn: sqlite3.Connection, document_id: int) -> str | None:
    row = conn.execute("SELECT taxonomy_version FROM detect_scans WHERE document_id = ?", (document_id,)).fetchone()
    return row[0] if row else None


def stale(conn: sqlite3.Connection, version: str) -> list[int]:
    """Stored documents never scanned, or scanned by a taxonomy other than `version`."""
    rows = conn.execute(
        "SELECT d.id FROM documents d LEFT JOIN detect_scans s ON s.document_id = d.id"
        " WHERE s.taxonomy_version IS NULL OR s.taxonomy_version != ? ORDER BY d.id",
        (version,),
    )
    return [row[0] for row in rows]
