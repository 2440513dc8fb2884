"""Read what the store knows about documents into plain records: the one input of every report and export.

Findings, entities and screening results are written by other stages into their own tables; a store that has
not run a stage (or predates its migration) simply lacks the table, and the records then carry empty lists, so
a report of freshly ingested documents still shows their pages and chain of custody.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from oversight.report.metadata import Metadata, load


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
        return self.names[0]["name"] if self.names else self.sha256[:12]

    def page(self, number: int) -> PageRecord | None:
        return next((p for p in self.pages if p.number == number), None)


def tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def document_ids(conn: sqlite3.Connection) -> list[int]:
    return [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY id")]


def documents(conn: sqlite3.Connection, ids: Iterable[int]) -> Iterator[DocumentRecord]:
    """One record per stored document id, in the order given."""
    present = tables(conn)
    for document_id in ids:
        row = conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            continue
        pages = [
            _page(p) for p in conn.execute("SELECT * FROM pages WHERE document_id = ? ORDER BY number", (document_id,))
        ]
        names = [
            dict(n)
            for n in conn.execute(
                "SELECT name, path, first_seen FROM document_names WHERE document_id = ? ORDER BY first_seen, path",
                (document_id,),
            )
        ]
        yield DocumentRecord(
            id=row["id"],
            sha256=row["sha256"],
            size=row["size"],
            media_type=row["media_type"],
            page_count=row["page_count"],
            first_seen=row["first_seen"],
            last_seen=row["last_seen"],
            source_url=row["source_url"],
            names=names,
            pages=pages,
            meta=load(conn, document_id),
            findings=list(_findings(conn, document_id, present)) if "findings" in present else [],
            entities=list(_entities(conn, document_id, present)),
            scanned=_ran(conn, present, "detect_scans", document_id),
            screened=_ran(conn, present, "entity_scans", document_id),
        )


def _ran(conn: sqlite3.Connection, present: set[str], table: str, document_id: int) -> bool:
    return (
        table in present
        and conn.execute(f"SELECT 1 FROM {table} WHERE document_id = ?", (document_id,)).fetchone() is not None
    )


def _page(row: sqlite3.Row) -> PageRecord:
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


_FINDING_KEYS = {"id", "document_id", "page", "category", "severity", "rule", "quote", "start", "end", "context"}


def _findings(conn: sqlite3.Connection, document_id: int, present: set[str]) -> Iterator[FindingRecord]:
    basis: dict[int, list[dict[str, Any]]] = {}
    if "finding_entities" in present:
        for row in conn.execute(
            "SELECT fe.finding_id, fe.role, e.text, e.name, e.page, e.listed FROM finding_entities fe"
            ' JOIN entities e ON e.id = fe.entity_id WHERE e.document_id = ? ORDER BY e.page, e."start"',
            (document_id,),
        ):
            basis.setdefault(row["finding_id"], []).append(
                {
                    "role": row["role"],
                    "text": row["text"],
                    "name": row["name"],
                    "page": row["page"],
                    "listed": bool(row["listed"]),
                }
            )
    for row in conn.execute('SELECT * FROM findings WHERE document_id = ? ORDER BY page, "start"', (document_id,)):
        data = dict(row)
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
            basis=basis.get(data["id"], []),
        )


def _entities(conn: sqlite3.Connection, document_id: int, present: set[str]) -> Iterator[EntityRecord]:
    """Entity mentions with their screening outcome, as the entities stage stores them."""
    if "entities" not in present:
        return
    for row in conn.execute('SELECT * FROM entities WHERE document_id = ? ORDER BY page, "start"', (document_id,)):
        data = dict(row)
        lists = data.get("lists")
        yield EntityRecord(
            text=data.get("text") or "",
            kind=data.get("kind") or "other",
            page=data.get("page"),
            start=data.get("start"),
            end=data.get("end"),
            name=data.get("name") or data.get("text") or "",
            listed=bool(data.get("listed")),
            lists=json.loads(lists) if isinstance(lists, str) else [],
            explanation=data.get("explanation"),
            model=data.get("model"),
            maker=data.get("maker"),
            score=data.get("score"),
            via=data.get("via"),
            source=data.get("source"),
        )
