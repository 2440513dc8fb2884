"""Analyse a stored document: extract mentions from every page, screen them, store them and their findings.

Extraction and screening are redone only when the extraction data or the screener changed since the document
was last analysed; the export-control findings are always rewritten from the stored entities, since they are
cheap and another stage may have cleared the document's findings meanwhile.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from oversight.entities import exportcontrol, store
from oversight.entities.catalog import key
from oversight.entities.exportcontrol import ExportControlFinding
from oversight.entities.extract import extract_page
from oversight.entities.records import EntityRecord, Mention
from oversight.entities.resolve import CachedResolver, Resolver, screen_mention
from oversight.store.db import transaction

_DATA = ("labels.yaml", "models.yaml", "chips.yaml")


def extract_document(conn: sqlite3.Connection, document_id: int) -> list[Mention]:
    """Every mention in a stored document, pages in order."""
    rows = conn.execute("SELECT number, raw_text FROM pages WHERE document_id = ? ORDER BY number", (document_id,))
    return with_roles([m for number, raw in rows for m in extract_page(number, raw)])


def with_roles(mentions: list[Mention]) -> list[Mention]:
    """A name found only by its legal form takes the role a labelled occurrence of it has in the same document
    (the agency named in running text is the one `户名：` labels on the last page)."""
    roles: dict[str, str] = {}
    for m in mentions:
        if not m.source.startswith("suffix:"):
            roles.setdefault(key(m.text), m.kind)
    return [replace(m, kind=roles.get(key(m.text), m.kind)) if m.source.startswith("suffix:") else m for m in mentions]


@dataclass(frozen=True, slots=True)
class Analysis:
    """A document's screened entities and the export-control findings they imply (indexes into `records`)."""

    records: list[EntityRecord]
    findings: list[ExportControlFinding]


def analyse_document(
    conn: sqlite3.Connection,
    document_id: int,
    screener: Resolver | CachedResolver,
    *,
    lists_version: str = "",
    force: bool = False,
) -> Analysis:
    """Extract, screen and store one document; `lists_version` names the watchlists the screener was built from,
    so that loading other lists makes the next call screen again."""
    resolver = screener if isinstance(screener, CachedResolver) else CachedResolver(screener)
    version = f"{_data_digest()}+{lists_version}"
    pages = dict(conn.execute("SELECT number, raw_text FROM pages WHERE document_id = ?", (document_id,)).fetchall())
    current = not force and store.analysed_version(conn, document_id) == version
    stored = store.stored(conn, document_id) if current else []
    records = (
        [r for _, r in stored]
        if current
        else [screen_mention(document_id, m, resolver) for m in extract_document(conn, document_id)]
    )
    findings = exportcontrol.export_control(records, pages)
    with transaction(conn):
        ids = [i for i, _ in stored] if current else store.replace(conn, document_id, records, version)
        exportcontrol.replace(conn, document_id, findings, ids, version)
    return Analysis(records, findings)


@lru_cache(maxsize=1)
def _data_digest() -> str:
    digest = hashlib.sha256()
    for name in _DATA:
        digest.update(resources.files("oversight.entities").joinpath("data", name).read_bytes())
    return "entities-" + digest.hexdigest()[:12]
