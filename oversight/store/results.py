"""Write what the pipeline produced for one document in one transaction: the document, its pages, findings,
entities and the links between them, so a reader never sees a document without its analysis."""

from __future__ import annotations

from oversight.store import documents, entities, findings
from oversight.store.db import Connection, transaction
from oversight.store.rows import AnalysisRows, DocumentRow


def write_document(conn: Connection, document: DocumentRow, analysis: AnalysisRows | None) -> tuple[int, bool]:
    """Store a document with its pages and analysis atomically; (id, whether it was new).

    Bytes already stored (another writer won the race) are only touched; their analysis is left as it is.
    """
    with transaction(conn):
        document_id, new = documents.add(conn, document)
        if new and analysis is not None:
            _analysis(conn, document_id, analysis)
    return document_id, new


def write_analysis(conn: Connection, document_id: int, analysis: AnalysisRows) -> None:
    """Replace a stored document's analysis atomically."""
    with transaction(conn):
        _analysis(conn, document_id, analysis)


def _analysis(conn: Connection, document_id: int, analysis: AnalysisRows) -> None:
    stamp = documents.now()
    findings.replace(conn, document_id, analysis.findings, analysis.categories)
    findings.record_scan(conn, document_id, analysis.detect_version, stamp)
    entity_ids = entities.replace(conn, document_id, analysis.entities)
    entities.record_analysis(conn, document_id, analysis.entity_version, stamp)
    linked_ids = findings.replace(
        conn, document_id, [linked.finding for linked in analysis.linked], (analysis.linked_category,)
    )
    findings.link(
        conn,
        (
            (finding_id, entity_ids[index], role)
            for finding_id, linked in zip(linked_ids, analysis.linked)
            for index, role in linked.entities
        ),
    )
