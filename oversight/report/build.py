"""Write a report folder: one HTML, Markdown and JSON page per document, and a corpus summary linking them all.

Layout: `index.html|md|json` at the top (index.html holds the first page of the triage list, `triage-N.html` the
others), `documents/<sha256[:16]>.html|md|json` per document and `documents/img/` for the page regions.
Documents are read and written one at a time and their index rows go to a scratch file on disk (`spill`), so
memory stays flat however many documents the store holds.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from oversight.detect.taxonomy import severity_colours
from oversight.ingest.registry import format_of
from oversight.report import charts, html, jsonstream, markdown
from oversight.report.gather import DocumentRecord, documents
from oversight.report.html import render
from oversight.report.pageimage import PageSource, png_bytes
from oversight.report.quotes import QuoteView
from oversight.report.quotes import quote_view as quote_view  # re-exported for export.rows
from oversight.report.spill import IndexRows
from oversight.report.summary import DocumentRow, Summary, severity_rank
from oversight.report.view import ROLE_TITLES, Card, DocumentView, Reviews, TriageRow, document_view, has_cjk
from oversight.store.blobs import blob_path

NOT_SCANNED = "Not scanned yet: run `oversight scan` to find the capabilities it describes."
NOT_SCREENED = "Parties not extracted yet: run `oversight scan` to resolve and screen them."
NO_FINDINGS = "No findings in this document."
NO_ENTITIES = "No parties or products recognised in this document."
NO_CONFIRMED = "No confirmed findings in this document (the report was asked for confirmed findings only)."


@dataclass(frozen=True, slots=True)
class ReportOptions:
    images: bool = True  # render page regions with each quote boxed
    confirmed_only: bool = False  # only findings a reviewer confirmed
    show_paths: bool = False  # print the paths files arrived under (by default only their names: source protection)
    page_rows: int = 500  # documents per page of the triage list (index.html, then triage-2.html, ...)


@dataclass(slots=True)
class ReportResult:
    index: Path
    documents: int = 0
    findings: int = 0
    images: int = 0
    problems: list[str] = field(default_factory=list)


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

    def __init__(self, out: Path, blobs: Path, options: ReportOptions, reviews: Reviews) -> None:
        self.out = out
        self.docs = out / "documents"
        self.blobs = blobs
        self.images = options.images
        self.options = options
        self.reviews = reviews
        self.result = ReportResult(index=out / "index.html")
        self.docs.mkdir(parents=True, exist_ok=True)
        (self.docs / "img").mkdir(exist_ok=True)
        self.summary = Summary(IndexRows(out))

    def add(self, doc: DocumentRecord) -> None:
        notes = {
            "findings": NO_FINDINGS if doc.scanned else NOT_SCANNED,
            "entities": NO_ENTITIES if doc.screened else NOT_SCREENED,
        }
        if self.options.confirmed_only and doc.scanned:
            notes["findings"] = NO_CONFIRMED
        stem = doc.sha256[:16]
        view = document_view(doc, self.reviews, self.options.confirmed_only)
        quotes = [q for card in view.cards for q in (card.quote, *card.also)]
        self._attach_images(doc, stem, quotes)
        link = doc.source_url if doc.source_url and urlsplit(doc.source_url).scheme in ("http", "https") else None
        methods = sorted(Counter(p.method for p in doc.pages).items())
        context = dict(
            view=view,
            doc=doc,
            methods=methods,
            source_link=link,
            index_href="../index.html",
            findings_note=notes["findings"],
            entities_note=notes["entities"],
            show_paths=self.options.show_paths,
            role_titles=ROLE_TITLES,
            cjk=has_cjk,
            static=True,
        )
        (self.docs / f"{stem}.html").write_text(render("document.html", **context), encoding="utf-8")
        (self.docs / f"{stem}.md").write_text(
            markdown.document(
                doc,
                [c.quote for c in view.cards],
                methods,
                notes,
                self.options.show_paths,
                [(c.state, "" if c.stale else c.review.note) for c in view.cards],
            ),
            encoding="utf-8",
        )
        (self.docs / f"{stem}.json").write_text(_json(document_json(view, self.options.show_paths)), encoding="utf-8")
        href = f"documents/{stem}.html"
        self.summary.add(DocumentRow.of(view, href), TriageRow.of(view, href))
        self.result.documents += 1
        self.result.findings += len(quotes)

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
        """Write index.html (and triage pages past the first), index.md and index.json; drop the scratch rows."""
        try:
            self._html()
            with open(self.out / "index.md", "w", encoding="utf-8") as md:
                md.writelines(markdown.index(self.summary))
            with open(self.out / "index.json", "w", encoding="utf-8") as out:
                index = {
                    "summary": self.summary.to_dict(),
                    "documents": self.summary.rows.documents(),
                    "triage": self.summary.rows.triage_json(),
                }
                jsonstream.write(out, index)
                out.write("\n")
        finally:
            self.summary.rows.close()
        return self.result

    def _html(self) -> None:
        """index.html with the summary and the first page of the triage list; triage-N.html for the rest."""
        size = max(1, self.options.page_rows)
        pages = max(1, -(-self.summary.documents // size))
        chunks = _chunks(self.summary.rows.triage(), size)
        first = next(chunks, [])
        html.write(self.result.index, "index.html", **self._index_context(first, pages))
        for number, rows in enumerate(chunks, 2):
            page = dict(
                triage=rows, page=number, pages=pages, documents=self.summary.documents, first=size * (number - 1) + 1
            )
            html.write(self.out / triage_page(number), "triage.html", cjk=has_cjk, page_href=triage_page, **page)

    def _index_context(self, triage: list[TriageRow], pages: int) -> dict[str, Any]:
        s = self.summary
        vendors = list(s.by_vendor(VENDOR_ROWS))
        top = vendors[:20]
        severities, matrix = s.category_severity()
        chart_set = {
            "category": charts.bars(s.by_category(), "Findings by category"),
            "severity": charts.bars(
                s.by_severity(), "Findings by severity", [_severity_color(name) for name, _ in s.by_severity()]
            ),
            "buyer": charts.bars([(n, t.findings) for n, t in s.by_buyer(20)], "Findings by buyer"),
            "region": charts.bars([(n, t.findings) for n, t in s.by_region(20)], "Findings by region"),
            "vendor": charts.bars(
                [(n, t.documents) for n, t in top],
                "Documents naming each vendor (red: listed)",
                [charts.PALETTE[1] if t.listed else charts.PALETTE[0] for _, t in top],
            ),
            "time": charts.columns(s.over_time(), ["documents", "with findings", "findings"], "Documents over time"),
        }
        return dict(
            summary=s,
            charts=chart_set,
            matrix_severities=severities,
            matrix_rows=matrix,
            vendors=vendors,
            vendors_cut=len(vendors) == VENDOR_ROWS,
            rank=severity_rank,
            triage=triage,
            page=1,
            pages=pages,
            page_href=triage_page,
            cjk=has_cjk,
            confirmed_only=self.options.confirmed_only,
        )


VENDOR_ROWS = 200  # vendors in index.html's table; every vendor is in index.md and index.json


def triage_page(number: int) -> str:
    """The file of page `number` of the triage list (page 1 is index.html)."""
    return "index.html" if number == 1 else f"triage-{number}.html"


def _chunks(rows: Iterator[TriageRow], size: int) -> Iterator[list[TriageRow]]:
    chunk: list[TriageRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _severity_color(severity: str) -> str:
    return severity_colours().get(severity, "#5f6368")


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def custody(doc: DocumentRecord, show_paths: bool = True) -> dict[str, Any]:
    names = doc.names if show_paths else [{k: v for k, v in n.items() if k != "path"} for n in doc.names]
    return {
        "sha256": doc.sha256,
        "size": doc.size,
        "media_type": doc.media_type,
        "pages": doc.page_count,
        "first_seen": doc.first_seen,
        "last_seen": doc.last_seen,
        "source_url": doc.source_url,
        "names": names,
        "methods": dict(Counter(p.method for p in doc.pages)),
    }


def card_dicts(card: Card) -> list[dict[str, Any]]:
    """A card's finding and the findings folded into it, each with the review decision on the card."""
    review = {
        "state": card.state,
        "note": card.review.note,
        "reviewer": card.review.actor,
        "reviewed_at": card.review.at,
    }
    main = {**card.quote.to_dict(), "anchor": card.anchor, "key": card.key, "review": review}
    return [main, *({**q.to_dict(), "folded_into": card.anchor} for q in card.also)]


def document_json(view: DocumentView, show_paths: bool = True) -> dict[str, Any]:
    doc = view.doc
    return {
        "document": custody(doc, show_paths),
        "metadata": doc.meta.to_dict(),
        "findings": [d for card in view.cards for d in card_dicts(card)],
        "entities": [e.to_dict() for e in doc.entities],
        "parties": [
            {"name": p.name, "role": p.role, "kind": p.kind, "listed": p.listed, "lists": p.lists, "pages": p.pages}
            for p in view.parties
        ],
        "tags": view.tags,
        "starred": view.starred,
    }


def build_report(
    conn: sqlite3.Connection, blobs: Path, ids: list[int], out: Path, options: ReportOptions = ReportOptions()
) -> ReportResult:
    """Write the report for documents `ids` into `out`; returns where index.html is and what was written."""
    writer = ReportWriter(out, blobs, options, Reviews.load(conn))
    try:
        for doc in documents(conn, ids):
            writer.add(doc)
    except BaseException:
        writer.summary.rows.close()
        raise
    return writer.finish()
