"""What a notice states about itself, as the scan stored it: title, kind, buyer, supplier, dates and amounts.

Extraction lives with the other extractors (`oversight.entities.notice`, data in `entities/data/notice.yaml`) and
runs once per document at scan time; a document stored before that, or by an older extraction version, is
extracted here on first use and stored, so a report of freshly ingested documents still shows its facts.
"""

from __future__ import annotations

import sqlite3

from oversight.entities.notice import Metadata, Stated, extract, from_stored, stored_form, version
from oversight.store import notices

__all__ = ["Metadata", "Stated", "extract", "load"]


def load(conn: sqlite3.Connection, document_id: int) -> Metadata:
    """The stored metadata of a document (extracted and stored first when missing or stale)."""
    notices.refresh(conn, stored_form, version(), [document_id])
    data = notices.get(conn, document_id)
    return from_stored(data) if data else Metadata()
