"""The analysis stages of the pipeline: detect capabilities, extract parties, screen them, derive findings.

`Analysers` holds what every document of a run shares (the compiled taxonomy, the screener with its per-name
cache and the versions they stamp on results); `analyse` runs them on one document's pages without touching the
store; `Analysis.rows()` is what the store writes. A stored analysis is current while both versions match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from oversight.detect import Finding, Taxonomy, load, scan_pages
from oversight.entities import Analysis as EntityAnalysis
from oversight.entities import CachedResolver, EntityRecord, ExportControlFinding, Mention, analyse_document
from oversight.entities import data_version as entity_data_version
from oversight.entities.exportcontrol import CATEGORY, SEVERITY, export_control
from oversight.screen import store as watchlists
from oversight.screen.screener import Screener
from oversight.store import entities as stored_entities
from oversight.store import findings as stored_findings
from oversight.store import pages as stored_pages
from oversight.store.db import Connection, exclusive
from oversight.store.rows import AnalysisRows, EntityRow, FindingRow, LinkedFinding

_LISTS_LOCK = 0x6C69737473


@dataclass(frozen=True, slots=True)
class Analysers:
    """What analysis needs, built once per run and shared by every document."""

    taxonomy: Taxonomy
    resolver: CachedResolver
    lists_version: str  # digest of the loaded watchlists: other lists make a stored screening stale

    @classmethod
    def from_store(cls, conn: Connection) -> Analysers:
        """The shipped taxonomy and a screener over every watchlist loaded in the store."""
        with exclusive(conn, _LISTS_LOCK):  # the first to start loads the built-in list; the others wait for it
            screener = Screener.from_store(conn)  # type: ignore[arg-type]
        lists = hashlib.sha256("\n".join(watchlists.signature(conn)).encode()).hexdigest()[:12]  # type: ignore[arg-type]
        return cls(load(), CachedResolver(screener), lists)

    @property
    def entity_version(self) -> str:
        return f"{entity_data_version()}+{self.lists_version}"


@dataclass(slots=True)
class Analysis:
    """One document's findings (detection), screened entities and the export-control findings they imply."""

    findings: list[Finding]
    entities: EntityAnalysis
    detect_version: str
    entity_version: str
    categories: tuple[str, ...]  # the taxonomy's categories: the findings this analysis owns

    def rows(self) -> AnalysisRows:
        """The store's rows for this analysis."""
        records = self.entities.records
        return AnalysisRows(
            findings=[finding_row(f) for f in self.findings],
            categories=self.categories,
            detect_version=self.detect_version,
            entities=[_entity_row(r) for r in records],
            entity_version=self.entity_version,
            linked=[_linked(f, self.entity_version) for f in self.entities.findings],
            linked_category=CATEGORY,
        )


def analyse(pages: list[tuple[int, str]], analysers: Analysers, *, document_id: int = 0) -> Analysis:
    """Run every analysis stage on a document's (number, raw text) pages."""
    taxonomy = analysers.taxonomy
    return Analysis(
        scan_pages(pages, taxonomy, document_id=document_id),
        analyse_document(pages, analysers.resolver, document_id=document_id),
        taxonomy.version,
        analysers.entity_version,
        tuple(taxonomy.categories),
    )


def stored(conn: Connection, document_id: int, analysers: Analysers) -> Analysis | None:
    """The document's stored analysis when both stages' versions are current, else None."""
    taxonomy = analysers.taxonomy
    if stored_findings.scanned_version(conn, document_id) != taxonomy.version:
        return None
    if stored_entities.analysed_version(conn, document_id) != analysers.entity_version:
        return None
    records = [_record(document_id, row) for _, row in stored_entities.stored(conn, document_id)]
    found = [
        finding_from_row(document_id, row) for row in stored_findings.stored(conn, document_id, taxonomy.categories)
    ]
    pages = dict(stored_pages.texts(conn, document_id))
    return Analysis(
        found,
        EntityAnalysis(records, export_control(records, pages)),
        taxonomy.version,
        analysers.entity_version,
        tuple(taxonomy.categories),
    )


def finding_row(f: Finding) -> FindingRow:
    return FindingRow(
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


def finding_from_row(document_id: int, row: FindingRow) -> Finding:
    """A stored finding row as the detect stage's Finding (its quotes decoded from JSON)."""
    return Finding(document_id, *row[:-1], tuple(json.loads(row.quotes)))


def _entity_row(r: EntityRecord) -> EntityRow:
    m = r.mention
    return EntityRow(
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
        r.listed,
        tuple(r.lists),
        r.score,
        r.via,
        r.explanation,
        m.role,
        m.evidence,
        m.zone,
    )


def _record(document_id: int, row: EntityRow) -> EntityRecord:
    mention = Mention(
        row.page,
        row.kind,
        row.start,
        row.end,
        row.text,
        row.source,
        row.model,
        row.maker,
        row.origin,
        role=row.role,  # type: ignore[arg-type]
        evidence=row.evidence,  # type: ignore[arg-type]
        zone=row.zone,  # type: ignore[arg-type]
    )
    return EntityRecord(
        document_id, mention, row.name, row.listed, list(row.lists), row.score, row.via, row.explanation
    )


def _linked(f: ExportControlFinding, version: str) -> LinkedFinding:
    finding = FindingRow(f.page, CATEGORY, SEVERITY, f.rule, f.quote, f.start, f.end, f.context, version)
    return LinkedFinding(finding, ((f.chip, "chip"), *((i, "party") for i in f.parties)))
