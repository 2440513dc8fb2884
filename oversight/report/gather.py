"""Read what the store knows about documents into plain records: the one input of every report and export.

Findings, entities and screening results are written by other stages; a document no stage has analysed yet
carries empty lists, so a report of freshly ingested documents still shows their pages and chain of custody.
The queries are the store's (`oversight.store`); this module turns their rows into records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from oversight.report.metadata import Metadata, load
from oversight.store import analyses
from oversight.store import documents as stored_documents
from oversight.store import entities as stored_entities
from oversight.store import findings as stored_findings
from oversight.store import pages as stored_pages
from oversight.store.db import Connection


@dataclass(slots=True)
class PageRecord:
    number: int
    label: str | None
    raw_text: str
    method: str
    ocr_confidence: float | None
    boxes: list[dict[str, Any]]
    width: float | None
    height: float | None
    dpi: int | None


@dataclass(slots=True)
class FindingRecord:
    """A detected capability: raw offsets `start`/`end` index the page's raw text."""

    page: int
    category: str
    severity: str
    rule: str
    quote: str
    start: int | None
    end: int | None
    context: str | None = None  # the sentence or table row around the quote, as the detect stage cut it
    extra: dict[str, Any] = field(default_factory=dict)
    basis: list[dict[str, Any]] = field(default_factory=list)  # entities an export-control finding rests on


@dataclass(slots=True)
class EntityRecord:
    """A party, product or chip named on a page (`text`, raw offsets) and what screening made of it (`name`)."""

    text: str
    kind: str  # vendor | buyer | chip | other
    page: int | None
    start: int | None
    end: int | None
    name: str  # the listed party when `listed`, else the resolved maker or the text itself
    listed: bool = False
    lists: list[str] = field(default_factory=list)
    explanation: str | None = None
    model: str | None = None
    maker: str | None = None
    score: float | None = None
    via: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "listed": self.listed,
            "lists": self.lists,
            "explanation": self.explanation,
            "model": self.model,
            "maker": self.maker,
            "score": self.score,
            "via": self.via,
            "source": self.source,
        }


@dataclass(slots=True)
class DocumentRecord:
    id: int
    sha256: str
    size: int
    media_type: str
    page_count: int
    first_seen: str
    last_seen: str
    source_url: str | None
    names: list[dict[str, str]]
    pages: list[PageRecord]
    meta: Metadata
    findings: list[FindingRecord]
    entities: list[EntityRecord]
    scanned: bool  # the detect stage has run on it (so no findings means none were found)
    screened: bool  # the entities stage has run on it

    @property
    def name(self) -> str:
        return stored_documents.display_name(self.names, self.sha256)

    def page(self, number: int) -> PageRecord | None:
        return next((p for p in self.pages if p.number == number), None)


def document_ids(conn: Connection) -> list[int]:
    return stored_documents.ids(conn)


def documents(conn: Connection, ids: Iterable[int]) -> Iterator[DocumentRecord]:
    """One record per stored document id, in the order given."""
    for document_id in ids:
        row = stored_documents.get(conn, document_id)
        if row is None:
            continue
        pages = [_page(p) for p in stored_pages.rows(conn, document_id)]
        ran = analyses.versions(conn, document_id)
        yield DocumentRecord(
            id=row["id"],
            sha256=row["sha256"],
            size=row["size"],
            media_type=row["media_type"],
            page_count=row["page_count"],
            first_seen=row["first_seen"],
            last_seen=row["last_seen"],
            source_url=row["source_url"],
            names=stored_documents.names(conn, document_id),
            pages=pages,
            meta=load(conn, document_id),  # type: ignore[arg-type]
            findings=list(_findings(conn, document_id)),
            entities=list(_entities(conn, document_id)),
            scanned=analyses.CAPABILITIES in ran,
            screened=analyses.PARTIES in ran,
        )


def _page(row: Any) -> PageRecord:
    return PageRecord(
        number=row["number"],
        label=row["label"],
        raw_text=row["raw_text"],
        method=row["method"],
        ocr_confidence=row["ocr_confidence"],
        boxes=json.loads(row["boxes"]) if row["boxes"] else [],
        width=row["width"],
        height=row["height"],
        dpi=row["dpi"],
    )


_FINDING_KEYS = {
    "id",
    "document_id",
    "basis",
    "page",
    "category",
    "severity",
    "rule",
    "quote",
    "start",
    "end",
    "context",
}


def _findings(conn: Connection, document_id: int) -> Iterator[FindingRecord]:
    for data in stored_findings.with_basis(conn, document_id):
        yield FindingRecord(
            page=data["page"],
            category=data["category"],
            severity=data["severity"],
            rule=data.get("rule") or "",
            quote=data["quote"],
            start=data.get("start"),
            end=data.get("end"),
            context=data.get("context"),
            extra={k: v for k, v in data.items() if k not in _FINDING_KEYS},
            basis=data["basis"],
        )


def _entities(conn: Connection, document_id: int) -> Iterator[EntityRecord]:
    """Entity mentions with their screening outcome, as the entities stage stores them."""
    for data in stored_entities.columns(conn, document_id):
        yield EntityRecord(
            text=data.get("text") or "",
            kind=data.get("kind") or "other",
            page=data.get("page"),
            start=data.get("start"),
            end=data.get("end"),
            name=data.get("name") or data.get("text") or "",
            listed=bool(data.get("listed")),
            lists=data["lists"],
            explanation=data.get("explanation"),
            model=data.get("model"),
            maker=data.get("maker"),
            score=data.get("score"),
            via=data.get("via"),
            source=data.get("source"),
        )
