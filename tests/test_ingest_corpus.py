"""The whole dev corpus ingests with zero errors, its labelled page counts, and every labelled phrase on its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from oversight.store.db import open_store

_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


@pytest.fixture(scope="module")
def stored(corpus_store: str) -> dict[str, dict[int, str]]:
    conn = open_store(corpus_store)
    pages: dict[str, dict[int, str]] = {}
    for row in conn.execute(
        "SELECT n.name, p.number, p.raw_text FROM pages p JOIN document_names n ON n.document_id = p.document_id"
    ):
        pages.setdefault(row[0], {})[row[1]] = row[2]
    conn.close()
    return pages


def test_every_document_has_its_page_count(stored: dict[str, dict[int, str]], labels: list[dict]) -> None:
    assert {label["file"]: label["pages"] for label in labels} == {name: len(p) for name, p in stored.items()}


def test_labelled_phrases_are_on_their_pages(stored: dict[str, dict[int, str]], labels: list[dict]) -> None:
    missing, scanned_total, scanned_found = [], 0, 0
    for label in labels:
        for finding in label["findings"]:
            text = stored[label["file"]].get(finding["page"], "")
            found = _squash(finding["text"]) in _squash(text)
            if label["format"] == "scanned-pdf":
                scanned_total += 1
                scanned_found += found
            elif not found:
                missing.append((label["file"], finding["page"], finding["text"]))
    assert not missing
    assert scanned_found >= 0.9 * scanned_total, (scanned_found, scanned_total)


def test_scanned_pages_carry_ocr_boxes(corpus_store: str, labels: list[dict]) -> None:
    scanned = {label["file"] for label in labels if label["format"] == "scanned-pdf"}
    conn = open_store(corpus_store)
    rows = conn.execute(
        "SELECT n.name, p.method, p.boxes, p.ocr_confidence FROM pages p"
        " JOIN document_names n ON n.document_id = p.document_id"
    ).fetchall()
    for name, method, boxes, confidence in rows:
        if name in scanned:
            assert method.startswith("ocr:") and boxes and 0 < confidence <= 1
        else:
            assert not method.startswith("ocr:")
