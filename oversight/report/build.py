"""Write a report folder: one HTML, Markdown and JSON page per document, and a corpus summary linking them all.

Layout: `index.html|md|json` at the top, `documents/<sha256[:16]>.html|md|json` per document and
`documents/img/` for the page regions. Documents are read and written one at a time, so memory stays flat
however many documents the store holds.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from oversight.detect.taxonomy import severity_colours
from oversight.ingest.registry import format_of
from oversight.report import charts, markdown
from oversight.report.gather import DocumentRecord, FindingRecord, PageRecord, documents
from oversight.report.html import render
from oversight.report.pageimage import PageSource, png_bytes
from oversight.report.summary import DocumentRow, Summary, severity_rank
from oversight.store.blobs import blob_path

CONTEXT_CHARS = 120  # raw characters shown on each side of a quote
NOT_SCANNED = "Not scanned yet: run `oversight scan` to find the capabilities it describes."
NOT_SCREENED = "Parties not extracted yet: run `oversight scan` to resolve and screen them."
NO_FINDINGS = "No findings in this document."
NO_ENTITIES = "No parties or products recognised in this document."


@dataclass(slots=True)
class QuoteView:
    """A finding as shown: the quote inside its raw context, and the page image region if one was made."""

    finding: FindingRecord
    before: str
    quote: str
    after: str
    cut_before: bool
    cut_after: bool
    span: tuple[int, int] | None
    page_label: str | None
    image: str | None = None
    image_note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        f = self.finding
        return {
            "page": f.page,
            "page_label": self.page_label,
            "category": f.category,
            "severity": f.severity,
            "rule": f.rule,
            "quote": f.quote,
            "start": self.span[0] if self.span else f.start,
            "end": self.span[1] if self.span else f.end,
            "context_before": self.before,
            "context_after": self.after,
            "image": self.image,
            "basis": f.basis,
            **f.extra,
        }


@dataclass(slots=True)
class ReportResult:
    index: Path
    documents: int = 0
    findings: int = 0
    images: int = 0
    problems: list[str] = field(default_factory=list)


def _display(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def quote_span(page: PageRecord | None, finding: FindingRecord) -> tuple[int, int] | None:
    """Where the quote sits in the page's raw text: the stored offsets when they hold it, else its first occurrence."""
    if page is None or not finding.quote:
        return None
    raw = page.raw_text
    start, end = finding.start, finding.end
    if start is not None and end is not None and 0 <= start < end <= len(raw) and raw[start:end] == finding.quote:
        return start, end
    at = raw.find(finding.quote)
    return (at, at + len(finding.quote)) if at >= 0 else None


def quote_view(page: PageRecord | None, finding: FindingRecord) -> QuoteView:
    span = quote_span(page, finding)
    label = page.label if page else None
    if page is None or span is None:
        context = finding.context or ""
        at = context.find(finding.quote)
        before, after = (context[:at], context[at + len(finding.quote) :]) if at >= 0 else ("", "")
        return QuoteView(finding, _display(before), _display(finding.quote), _display(after), False, False, None, label)
    raw = page.raw_text
    start, end = span
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(raw), end + CONTEXT_CHARS)
    first_break, last_break = raw.find("\n", lo, start), raw.rfind("\n", end, hi)
    lo = first_break + 1 if lo > 0 and first_break >= 0 else lo  # whole lines where the window allows
    hi = last_break if hi < len(raw) and last_break >= 0 else hi
    return QuoteView(
        finding,
        _display(raw[lo:start]),
        _display(raw[start:end]),
        _display(raw[end:hi]),
        lo > 0,
        hi < len(raw),
        span,
        label,
    )


def _image_note(doc: DocumentRecord, view: QuoteView, source: PageSource) -> str:
    if not source.paged:
        kind = format_of(doc.media_type).LABEL
        return f"No page image: the original is {kind}, without fixed pages; the quote is shown in its text."
    if not source.renders:
        return "No page image: the original file is missing from the store's blob folder."
    if view.span is None:
        return "The quote was not found in the stored page text, so it is not boxed on a page image."
    return "The quote could not be placed on the page image (the text layer does not line up with the glyphs)."


class ReportWriter:
    """Writes document pages as they come and the summary at the end."""

    def __init__(self, out: Path, blobs: Path, images: bool = True) -> None:
        self.out = out
        self.docs = out / "documents"
        self.blobs = blobs
        self.images = images
        self.summary = Summary()
        self.result = ReportResult(index=out / "index.html")
        self.docs.mkdir(parents=True, exist_ok=True)
        (self.docs / "img").mkdir(exist_ok=True)

    def add(self, doc: DocumentRecord) -> None:
        notes = {
            "findings": NO_FINDINGS if doc.scanned else NOT_SCANNED,
            "entities": NO_ENTITIES if doc.screened else NOT_SCREENED,
        }
        stem = doc.sha256[:16]
        views = [quote_view(doc.page(f.page), f) for f in doc.findings]
        self._attach_images(doc, stem, views)
        link = doc.source_url if doc.source_url and urlsplit(doc.source_url).scheme in ("http", "https") else None
        methods = sorted(Counter(p.method for p in doc.pages).items())
        context = dict(
            doc=doc,
            findings=views,
            methods=methods,
            source_link=link,
            index_href="../index.html",
            findings_note=notes["findings"],
            entities_note=notes["entities"],
        )
        (self.docs / f"{stem}.html").write_text(render("document.html", **context), encoding="utf-8")
        (self.docs / f"{stem}.md").write_text(markdown.document(doc, views, methods, notes), encoding="utf-8")
        (self.docs / f"{stem}.json").write_text(_json(document_json(doc, views)), encoding="utf-8")
        self.summary.add(DocumentRow.of(doc, f"documents/{stem}.html"))
        self.result.documents += 1
        self.result.findings += len(views)

    def _attach_images(self, doc: DocumentRecord, stem: str, views: list[QuoteView]) -> None:
        """Render each page with findings once and cut one boxed region per finding on it."""
        source = PageSource(blob_path(self.blobs, doc.sha256), doc.media_type)
        if not self.images:
            return
        by_page: dict[int, list[QuoteView]] = defaultdict(list)
        for view in views:
            if view.span is not None:
                by_page[view.finding.page].append(view)
        if source.renders:
            with source:
                for number, placed in by_page.items():
                    self._page_images(doc, stem, source, number, placed)
        for view in views:
            if view.image is None:
                view.image_note = _image_note(doc, view, source)

    def _page_images(
        self, doc: DocumentRecord, stem: str, source: PageSource, number: int, views: list[QuoteView]
    ) -> None:
        page = doc.page(number)
        assert page is not None
        try:
            images = source.region(page, [v.span for v in views if v.span])
        except Exception as exc:  # a damaged original must not stop the report
            self.result.problems.append(f"{doc.name}: page {number} not rendered ({type(exc).__name__})")
            return
        for view, image in zip(views, images):
            if image is not None and view.span is not None:
                name = f"{stem}-p{number}-{view.span[0]}-{view.span[1]}.png"  # one image per span
                (self.docs / "img" / name).write_bytes(png_bytes(image))
                view.image = f"img/{name}"
                self.result.images += 1

    def finish(self) -> ReportResult:
        s = self.summary
        listed_colors = [charts.PALETTE[1] if t.listed else charts.PALETTE[0] for _, t in s.by_vendor()[:20]]
        severities, matrix = s.category_severity()
        chart_set = {
            "category": charts.bars(s.by_category(), "Findings by category"),
            "severity": charts.bars(
                s.by_severity(), "Findings by severity", [_severity_color(name) for name, _ in s.by_severity()]
            ),
            "buyer": charts.bars([(n, t.findings) for n, t in s.by_buyer()[:20]], "Findings by buyer"),
            "region": charts.bars([(n, t.findings) for n, t in s.by_region()[:20]], "Findings by region"),
            "vendor": charts.bars(
                [(n, t.documents) for n, t in s.by_vendor()[:20]],
                "Documents naming each vendor (red: listed)",
                listed_colors,
            ),
            "time": charts.columns(s.over_time(), ["documents", "with findings", "findings"], "Documents over time"),
        }
        vendors = s.by_vendor()
        context = dict(
            summary=s,
            charts=chart_set,
            matrix_severities=severities,
            matrix_rows=matrix,
            vendors=vendors,
            with_findings=sum(1 for r in s.rows if r.findings),
            listed_vendors=sum(1 for _, t in vendors if t.listed),
            rank=severity_rank,
            unscanned=sum(1 for r in s.rows if not r.scanned),
            unscreened=sum(1 for r in s.rows if not r.screened),
        )
        self.result.index.write_text(render("index.html", **context), encoding="utf-8")
        (self.out / "index.md").write_text(markdown.index(s), encoding="utf-8")
        (self.out / "index.json").write_text(
            _json({"summary": s.to_dict(), "documents": [r.to_dict() for r in s.rows]}), encoding="utf-8"
        )
        return self.result


def _severity_color(severity: str) -> str:
    return severity_colours().get(severity, "#5f6368")


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def custody(doc: DocumentRecord) -> dict[str, Any]:
    return {
        "sha256": doc.sha256,
        "size": doc.size,
        "media_type": doc.media_type,
        "pages": doc.page_count,
        "first_seen": doc.first_seen,
        "last_seen": doc.last_seen,
        "source_url": doc.source_url,
        "names": doc.names,
        "methods": dict(Counter(p.method for p in doc.pages)),
    }


def document_json(doc: DocumentRecord, views: Iterable[QuoteView]) -> dict[str, Any]:
    return {
        "document": custody(doc),
        "metadata": doc.meta.to_dict(),
        "findings": [v.to_dict() for v in views],
        "entities": [e.to_dict() for e in doc.entities],
    }


def build_report(conn: sqlite3.Connection, blobs: Path, ids: list[int], out: Path, images: bool = True) -> ReportResult:
    """Write the report for documents `ids` into `out`; returns where index.html is and what was written."""
    writer = ReportWriter(out, blobs, images)
    for doc in documents(conn, ids):
        writer.add(doc)
    return writer.finish()
