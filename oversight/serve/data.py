"""What the workbench reads from the store: the triage rows (cached), one document's view, originals and images.

Triage needs every document's view (metadata, parties, findings), which costs a read of its pages; the rows are
built once and rebuilt only for documents whose scan changed (a cheap signature per document), so a triage
request costs a filter and a sort over small rows. Review decisions are read on every request (one small table),
so a decision shows at once everywhere.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from oversight.report.gather import DocumentRecord, documents
from oversight.report.pageimage import PageSource, png_bytes
from oversight.report.quotes import quote_span
from oversight.report.view import (
    DocumentView,
    Reviews,
    TriageFinding,
    TriageRow,
    document_view,
    severity_rank,
)
from oversight.store import documents as stored_documents
from oversight.store import workbench
from oversight.store.blobs import blob_path

SHA256 = re.compile(r"[0-9a-f]{64}")
IMAGE_CACHE = 256  # rendered PNGs kept in memory


def doc_href(sha256: str) -> str:
    return f"/doc/{sha256}"


class Triage:
    """Triage rows for every document, refreshed per document when its scan, parties or pages change.

    A request rebuilds at most INLINE stale rows (a rescan of a few documents shows at once); a large backlog
    (the first start on a big store) is worked off by `warm` in a background thread, and until it is, triage
    shows the rows ready so far and says how many documents are still being read.
    """

    INLINE = 50

    def __init__(self) -> None:
        self._rows: dict[int, TriageRow] = {}
        self._signatures: dict[int, tuple[object, ...]] = {}
        self._lock = threading.Lock()
        self.stopping = threading.Event()

    def refresh(self, conn: sqlite3.Connection, limit: int | None = None) -> int:
        """Rebuild up to `limit` stale rows; returns how many are still stale."""
        with self._lock:
            current = workbench.triage_signatures(conn)
            stale = [i for i, sig in current.items() if self._signatures.get(i) != sig]
            for gone in set(self._rows) - set(current):
                self._rows.pop(gone, None)
                self._signatures.pop(gone, None)
            batch = stale if limit is None else stale[:limit]
            for doc in documents(conn, batch):
                self._rows[doc.id] = TriageRow.of(document_view(doc), doc_href(doc.sha256))
                self._signatures[doc.id] = current[doc.id]
            return len(stale) - len(batch)

    def warm(self, connect_store: Callable[[], sqlite3.Connection]) -> None:
        """Work off the backlog in batches, letting requests in between (run in a background thread)."""
        conn = connect_store()
        try:
            while not self.stopping.is_set() and self.refresh(conn, 200):
                pass
        finally:
            conn.close()

    def rows(self, conn: sqlite3.Connection, reviews: Reviews) -> tuple[list[TriageRow], int]:
        """Every ready row with today's decisions, and how many documents are not ready yet."""
        pending = self.refresh(conn, self.INLINE)
        with self._lock:
            rows = list(self._rows.values())
        return [_with_reviews(row, reviews) for row in rows], pending


def _undecided(row: TriageRow, reviews: Reviews) -> bool:
    """True when no decision, tag or star touches the row and the cached row says so too."""
    if row.tags or row.starred or row.sha256 in reviews.stars or reviews.tags.get(row.sha256):
        return False
    if any(f.state != "unreviewed" or f.key in reviews.findings for f in row.findings):
        return False
    severities = [f.severity for f in row.findings]
    return row.top_severity == (min(severities, key=severity_rank) if severities else None)


def _with_reviews(row: TriageRow, reviews: Reviews) -> TriageRow:
    """The cached row with today's decisions, tags and stars (the row itself when nothing about it was decided, as
    for most rows: copying every row on every request cost ~90 ms at 100,000 pages)."""
    if _undecided(row, reviews):
        return row
    findings = []
    for f in row.findings:
        decision = reviews.findings.get(f.key)
        state = decision.state if decision and decision.applies_to(f.quote) else "unreviewed"
        findings.append(TriageFinding(f.anchor, f.key, f.severity, f.category, f.page, f.quote, state))
    live = [f.severity for f in findings if f.state != "rejected"]
    return replace(
        row,
        findings=findings,
        tags=list(reviews.tags.get(row.sha256, [])),
        starred=row.sha256 in reviews.stars,
        top_severity=min(live, key=severity_rank) if live else None,
    )


def find_document(conn: sqlite3.Connection, sha256: str) -> DocumentRecord | None:
    if not SHA256.fullmatch(sha256):
        return None
    document_id = stored_documents.find(conn, sha256)
    return next(documents(conn, [document_id]), None) if document_id is not None else None


def load_view(conn: sqlite3.Connection, sha256: str) -> DocumentView | None:
    doc = find_document(conn, sha256)
    return document_view(doc, Reviews.load(conn)) if doc else None


def original(blobs: Path, conn: sqlite3.Connection, sha256: str) -> tuple[Path, str, str] | None:
    """(path, download name, media type) of a stored original; None unless the digest is a stored document's
    and its blob lies inside the blob folder (a crafted digest or a planted link cannot reach other files)."""
    if not SHA256.fullmatch(sha256):
        return None
    found = workbench.download(conn, sha256)
    if found is None:
        return None
    root = blobs.resolve()
    path = blob_path(blobs, sha256).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    media_type, name = found
    return path, Path(name).name, media_type


@dataclass(frozen=True, slots=True)
class ImageKey:
    sha256: str
    page: int
    spans: tuple[tuple[int, int], ...]
    full: bool


class Images:
    """Page images rendered on demand (a boxed region per finding, or the whole page), kept in a small LRU."""

    def __init__(self, blobs: Path) -> None:
        self.blobs = blobs
        self._cache: OrderedDict[ImageKey, bytes | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, doc: DocumentRecord, key: ImageKey) -> bytes | None:
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        data = self._render(doc, key)
        with self._lock:
            self._cache[key] = data
            while len(self._cache) > IMAGE_CACHE:
                self._cache.popitem(last=False)
        return data

    def _render(self, doc: DocumentRecord, key: ImageKey) -> bytes | None:
        page = doc.page(key.page)
        if page is None:
            return None
        # PageSource renders PDFs under the process-wide pdfium lock (pageimage.PDFIUM): pdfium is not thread-safe.
        with PageSource(blob_path(self.blobs, doc.sha256), doc.media_type) as source:
            if not source.renders:
                return None
            try:
                if key.full:
                    image = source.full(page, list(key.spans))
                else:
                    image = source.region(page, list(key.spans))[0] if key.spans else None
            except Exception:  # a damaged original shows no image, not an error page
                return None
        return png_bytes(image) if image is not None else None


def finding_spans(doc: DocumentRecord, page: int) -> tuple[tuple[int, int], ...]:
    """Where every finding on a page sits, for boxing them all on the full page."""
    spans = []
    for finding in doc.findings:
        if finding.page == page and (span := quote_span(doc.page(page), finding)) is not None:
            spans.append(span)
    return tuple(sorted(set(spans)))
