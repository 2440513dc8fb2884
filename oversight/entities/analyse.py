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
from oversight.entities.catalog import key, vocabulary
from oversight.entities.exportcontrol import ExportControlFinding
from oversight.entities.extract import extract_page
from oversight.entities.known import Dictionary, dictionary
from oversight.entities.records import EntityRecord, Mention
from oversight.entities.resolve import CachedResolver, Resolver, screen_mention
from oversight.store.db import transaction

_DATA = ("labels.yaml", "models.yaml", "chips.yaml", "brands.yaml", "clauses.yaml", "cues.yaml")


def extract_document(conn: sqlite3.Connection, document_id: int, known: Dictionary | None = None) -> list[Mention]:
    """Every mention in a stored document, pages in order."""
    rows = conn.execute("SELECT number, raw_text FROM pages WHERE document_id = ? ORDER BY number", (document_id,))
    return with_roles([m for number, raw in rows for m in extract_page(number, raw, known)])


def with_roles(mentions: list[Mention]) -> list[Mention]:
    """A name found without a role (by its legal form, outside any clause) takes the role a labelled or cued
    occurrence of it has elsewhere in the same document (the buyer labelled on the cover, named again inside)."""
    roles: dict[str, Mention] = {}
    for m in mentions:
        if m.role != "other" and m.zone == "project":
            roles.setdefault(key(m.text), m)
    out = []
    for m in mentions:
        known = roles.get(key(m.text))
        if m.role == "other" and m.zone == "project" and known is not None:
            m = replace(m, role=known.role, kind=known.kind)
        out.append(m)
    return out


def _listed_company(record: EntityRecord) -> EntityRecord:
    """A company named in the project's own text that screening ties to a listed maker is a maker of what is
    bought, until a label or cue says otherwise (government bodies stay context)."""
    m = record.mention
    if not record.listed or m.role != "other" or m.zone != "project" or m.source.startswith("field:"):
        return record
    if m.source.startswith("suffix:") and m.source[7:].split(";")[0] in vocabulary().government_suffixes:
        return record
    if m.source.startswith("known:") and not m.source.startswith("known:brand"):
        return record  # a listed name the dictionary marked as a government body
    record.mention = replace(m, role="maker", kind="vendor", source=f"{m.source};cue:listed-company")
    return record


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
        else [
            screen_mention(document_id, m, resolver)
            for m in extract_document(conn, document_id, dictionary(resolver.resolver))
        ]
    )
    records = [_listed_company(r) for r in records]
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
