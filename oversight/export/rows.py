"""Findings and entities as flat rows: one line each, carrying the document's hash and facts so it stands alone,
and the reviewers' decision on it (see `review`): rows a review leaves out are not written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from oversight.export import review
from oversight.export.review import ReviewFilter
from oversight.report.gather import DocumentRecord
from oversight.report.quotes import quote_view

DOCUMENT_COLUMNS = ("sha256", "file", "title", "buyer", "project_number", "date", "page")  # every row starts so
FINDING_COLUMNS = (
    *DOCUMENT_COLUMNS,
    "page_label",
    "category",
    "severity",
    "rule",
    "quote",
    "start",
    "end",
    "context_before",
    "context_after",
    *review.COLUMNS,
    "tags",
    "starred",
)
ENTITY_COLUMNS = (
    *DOCUMENT_COLUMNS,
    "kind",
    "text",
    "start",
    "end",
    "model",
    "maker",
    "name",
    "listed",
    "lists",
    "score",
    "explanation",
    *review.COLUMNS,
    "tags",
    "starred",
)


def _document(doc: DocumentRecord) -> dict[str, Any]:
    meta = doc.meta
    return {
        "sha256": doc.sha256,
        "file": doc.name,
        "title": meta.title,
        "buyer": meta.buyer.text if meta.buyer else None,
        "project_number": meta.project_number.text if meta.project_number else None,
        "date": meta.date,
    }


def finding_rows(doc: DocumentRecord, reviews: ReviewFilter | None = None) -> Iterator[dict[str, Any]]:
    reviews = reviews or ReviewFilter()
    base = {**_document(doc), **reviews.document(doc)}
    for finding in doc.findings:
        decision = reviews.finding(doc, finding)
        if decision is None:
            continue
        view = quote_view(doc.page(finding.page), finding)
        start, end = view.span if view.span else (finding.start, finding.end)
        yield {
            **base,
            "page": finding.page,
            "page_label": view.page_label,
            "category": finding.category,
            "severity": finding.severity,
            "rule": finding.rule,
            "quote": finding.quote,
            "start": start,
            "end": end,
            "context_before": view.before,
            "context_after": view.after,
            **review.columns(decision),
        }


def entity_rows(doc: DocumentRecord, reviews: ReviewFilter | None = None) -> Iterator[dict[str, Any]]:
    reviews = reviews or ReviewFilter()
    base = {**_document(doc), **reviews.document(doc)}
    for entity in doc.entities:
        decision = reviews.party(entity.name)
        if decision is not None:
            yield {**base, **entity.to_dict(), **review.columns(decision)}
