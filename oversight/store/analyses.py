"""Which version of each analyser last analysed each document (`analyser_runs`), one table for every analyser.

A document without a stamp, or stamped by another version (a new taxonomy, extraction data or watchlist), is
analysed again; the stamp is written in the same transaction as the analyser's rows, so a stamp never outlives them.
"""

from __future__ import annotations

from collections.abc import Mapping

from oversight.store.db import Connection

# The shipped analysers' names, their keys in `oversight.pipeline.analyse.ANALYSERS`: what reports ask about.
CAPABILITIES = "capabilities"  # taxonomy detection
PARTIES = "parties"  # party extraction, screening and the export-control findings they imply


def record(conn: Connection, document_id: int, analyser: str, version: str, stamp: str) -> None:
    """Record that `analyser` at `version` analysed the document (so one with nothing found is not analysed again)."""
    conn.execute(
        "INSERT INTO analyser_runs(document_id, analyser, version, analysed_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (document_id, analyser) DO UPDATE SET version = excluded.version,"
        " analysed_at = excluded.analysed_at",
        (document_id, analyser, version, stamp),
    )


def versions(conn: Connection, document_id: int) -> dict[str, str]:
    """Analyser name -> the version that last analysed the document."""
    rows = conn.execute("SELECT analyser, version FROM analyser_runs WHERE document_id = ?", (document_id,))
    return {str(row[0]): str(row[1]) for row in rows}


def stale(conn: Connection, current: Mapping[str, str]) -> list[int]:
    """Stored documents that some analyser of `current` (name -> version) never analysed, or analysed at another
    version, in id order."""
    ids: set[int] = set()
    for analyser, version in current.items():
        rows = conn.execute(
            "SELECT d.id FROM documents d LEFT JOIN analyser_runs r ON r.document_id = d.id AND r.analyser = ?"
            " WHERE r.version IS NULL OR r.version != ?",
            (analyser, version),
        )
        ids.update(int(row[0]) for row in rows)
    return sorted(ids)
