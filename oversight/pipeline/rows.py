"""The analysers' objects as the store's rows and back: findings, entity records and the export-control findings
linked to them. The store never imports a producer (`oversight.store.rows`), so the conversion lives here."""

from __future__ import annotations

import json

from oversight.detect import Finding
from oversight.entities import EntityRecord, ExportControlFinding, Mention
from oversight.entities.exportcontrol import CATEGORY, SEVERITY
from oversight.store.rows import EntityRow, FindingRow, LinkedFinding


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


def entity_row(r: EntityRecord) -> EntityRow:
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


def record_from_row(document_id: int, row: EntityRow) -> EntityRecord:
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


def linked_row(f: ExportControlFinding, version: str) -> LinkedFinding:
    """An export-control finding with the indexes of the chip and the listed parties it rests on."""
    finding = FindingRow(f.page, CATEGORY, SEVERITY, f.rule, f.quote, f.start, f.end, f.context, version)
    return LinkedFinding(finding, ((f.chip, "chip"), *((i, "party") for i in f.parties)))
