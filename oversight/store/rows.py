"""The rows the store reads and writes: the shape of the core tables, declared once.

Producers (ingest, detect, entities) convert their own objects to these rows in `oversight.pipeline`; the store
never imports a producer, so a stage can change its classes without touching SQL, and a second backend only has
to store these tuples.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple


class PageRow(NamedTuple):
    """A page as stored: raw text for quoting, normalised text and its offset map for matching and search."""

    number: int
    label: str | None
    raw_text: str
    norm_text: str
    norm_map: bytes
    method: str
    ocr_confidence: float | None
    boxes: str | None  # JSON word boxes of OCR pages
    width: float | None
    height: float | None
    dpi: int | None


class DocumentRow(NamedTuple):
    """A file as stored: its bytes' digest and size, what it is, the name and path it came under, its pages."""

    sha256: str
    size: int
    media_type: str
    name: str  # the file name as it arrived
    path: str  # the path as given, or archive.zip!member
    source_url: str | None
    pages: list[PageRow]


class FindingRow(NamedTuple):
    """A capability stated on a page; `quote` is exactly the page's raw text [start:end]."""

    page: int
    category: str
    severity: str
    rule: str
    quote: str
    start: int
    end: int
    context: str
    version: str  # what made it: the taxonomy version, or the entities stage's version for export-control
    quote_kind: str = "prose"  # spec | prose | heading | toc: the kind of statement `quote` is
    quotes: str = "[]"  # JSON: every statement of the rule on the page, best first


class EntityRow(NamedTuple):
    """A party, product or chip named on a page, with its screening outcome."""

    page: int
    kind: str
    text: str
    start: int
    end: int
    source: str
    model: str | None
    maker: str | None
    origin: str | None
    name: str
    listed: bool
    lists: tuple[str, ...]
    score: float | None
    via: str | None
    explanation: str | None
    role: str = "other"  # buyer | agent | supplier | maker | other: what the party is to the purchase
    evidence: str = "running-text"  # labelled-field | item-table | running-text | model-number | chip
    zone: str = "project"  # project | clause (a standard clause or template: context, never screened)


class LinkedFinding(NamedTuple):
    """A finding that rests on entities of the same document: (index into the entity rows, role) pairs."""

    finding: FindingRow
    entities: tuple[tuple[int, str], ...]


class StageRows(NamedTuple):
    """What one analyser found in one document, ready to replace what the store holds from it.

    `findings` replace the document's findings in `categories`. An analyser that keeps entities (`entities` not
    None) replaces the document's entities with them, and its `linked` findings (of `linked_category`) are linked
    to them by index. `version` is stamped for `analyser` in the same transaction.
    """

    analyser: str
    version: str
    findings: list[FindingRow]
    categories: tuple[str, ...]
    entities: list[EntityRow] | None = None
    linked: Sequence[LinkedFinding] = ()
    linked_category: str = ""


AnalysisRows = list[StageRows]  # one document's analysis: every analyser's rows, in the order they ran
