"""Write what the pipeline produced for one document in one transaction: the document, its pages and every
analyser's findings, entities, links and version stamp, so a reader never sees a document without its analysis."""

from __future__ import annotations

from oversight.store import analyses, documents, entities, findings
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
    if sum(stage.entities is not None for stage in analysis) > 1:
        raise ValueError("only one analyser may keep a document's entities")
    stamp = documents.now()
    for stage in analysis:
        findings.replace(conn, document_id, stage.findings, stage.categories)
        if stage.entities is not None:
            entity_ids = entities.replace(conn, document_id, stage.entities)
            linked_ids = findings.replace(
                conn, document_id, [linked.finding for linked in stage.linked], (stage.linked_category,)
            )
            findings.link(
                conn,
                (
                    (finding_id, entity_ids[index], role)
                    for finding_id, linked in zip(linked_ids, stage.linked)
                    for index, role in linked.entities
                ),
            )
        analyses.record(conn, document_id, stage.analyser, stage.version, stamp)
