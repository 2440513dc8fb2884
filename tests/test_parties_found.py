"""The real documents the project found itself (tests/data/corpus-found) through `oversight scan` hold party floors.

A second, independent real corpus beside ../shared/data/corpus-real: notices, awards, complaints, news and council
items with gold parties and not_parties written by reading each document before running oversight on it (provenance
in the folder's README). Scanned exactly as the real corpus is, with OFAC SDN 2021 and UN 2026 loaded first, and
scored by the shared scorer (skipped where the shared lists and scorer are not present).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.real_corpus import FOUND, LISTS, SCORER, scan_and_score

FLOORS = [
    "--min-party-precision", "0.95",
    "--min-party-recall", "0.60",
    "--min-listed-recall", "0.95",
    "--min-screen-precision", "0.98",
    "--max-not-parties", "0",
]  # fmt: skip

needs_shared = pytest.mark.skipif(
    not SCORER.exists() or not all(p.exists() for p in LISTS),
    reason="the shared lists and scorer are not here",
)


def test_found_documents_are_labelled_from_their_own_text() -> None:
    """Every labelled phrase is in its document (whitespace aside), and every document has a label record."""
    labels = json.loads((FOUND / "labels.json").read_text(encoding="utf-8"))
    documents = {p.name for p in FOUND.iterdir() if p.suffix in {".txt", ".html", ".pdf", ".docx"}}
    assert {record["file"] for record in labels} == documents
    for record in labels:
        text = "".join((FOUND / record["file"]).read_text(encoding="utf-8").split())
        for key in ("findings", "soft", "negatives", "parties", "not_parties"):
            for label in record[key]:
                assert "".join(label["text"].split()) in text, (record["file"], label["text"])


@needs_shared
def test_found_corpus_parties_hold_their_floors(tmp_path: Path) -> None:
    score = scan_and_score(FOUND, FLOORS, tmp_path)
    assert score.returncode == 0, score.stdout[-3000:]
