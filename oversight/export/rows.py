"""Findings and entities as flat rows: one line each, carrying the document's hash and facts so it stands alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from oversight.report.gather import DocumentRecord
from oversight.report.quotes import quote_view

FINDING_COLUMNS = (
    "sha256",
    "file",
    "title",
    "buyer",
    "project_number",
    "date",
    "page",
    "page_label",
    "category",
    "severity",
    "rule",
    "quote",
    "start",
    "end",
    "context_before",
    "context_after",
)
ENTITY_COLUMNS = (
    "sha256",
    "file",
    "title",
    "buyer",
    "project_number",
    "date",
    "page",
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


def finding_rows(doc: DocumentRecord) -> Iterator[dict[str, Any]]:
    base = _document(doc)
    for finding in doc.findings:
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
        }


def entity_rows(doc: DocumentRecord) -> Iterator[dict[str, Any]]:
    base = _document(doc)
    for entity in doc.entities:
        yield {**base, **entity.to_dict()}
