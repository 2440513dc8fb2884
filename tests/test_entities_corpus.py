"""Quality on the labelled dev corpus: extraction finds every labelled party on its page, screening flags the
listed ones (recall >= 0.95, precision >= 0.98) and never a look-alike, chips resolve to their US maker, and the
export-control finding appears exactly where a listed party meets a US-origin chip.

The session's corpus store is copied first: this module writes entities and findings, other modules read theirs.
SQLite only: the same analysis on PostgreSQL is compared row for row with SQLite's in test_postgres_parity.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from oversight.entities import EntityRecord
from oversight.pipeline.analyse import Analysers
from oversight.pipeline.scan import current
from oversight.store.db import connect
from oversight.text.fold import fold

PARTY_KINDS = ("vendor", "buyer")


@pytest.fixture(scope="module")
def analysed(
    sqlite_corpus_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[list[EntityRecord], int]]:
    """file name -> (records, export-control findings stored) for every corpus document."""
    copy = tmp_path_factory.mktemp("entities-corpus") / "oversight.db"
    source = sqlite3.connect(sqlite_corpus_store)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    conn = connect(copy)
    analysers = Analysers.from_store(conn)
    out = {}
    for document_id, name in conn.execute("SELECT document_id, name FROM document_names").fetchall():
        analysis = current(conn, document_id, analysers, force=False).entities
        stored = conn.execute(
            "SELECT count(*) FROM findings WHERE document_id = ? AND category = 'export-control'", (document_id,)
        ).fetchone()[0]
        assert stored == len(analysis.findings)
        out[name] = (analysis.records, stored)
    conn.close()
    return out


def _norm(text: str | None) -> str:
    return fold(text or "").replace(" ", "").lower()


def _matches(label: dict, record: EntityRecord) -> bool:
    """The record reads the labelled text on its page (a look-alike label quotes its field label too)."""
    if record.page != label["page"] or (label["kind"] != "lookalike" and record.kind != label["kind"]):
        return False
    wanted, got = _norm(label["text"]), _norm(record.text)
    if wanted == got:
        return True
    if not (wanted in got or got in wanted):
        return False
    return not label.get("model") or _norm(label["model"]) == _norm(record.mention.model)


def _names(expect: str, name: str) -> bool:
    return _norm(expect) in _norm(name)


def _labelled(labels: list[dict], analysed: dict) -> list[tuple[dict, dict, list[EntityRecord]]]:
    """(document label, entity label, records of that document reading it)."""
    return [
        (doc, e, [r for r in analysed[doc["file"]][0] if _matches(e, r)]) for doc in labels for e in doc["entities"]
    ]


def test_extraction_finds_labelled_entities_on_their_pages(labels: list[dict], analysed: dict) -> None:
    rows = _labelled(labels, analysed)
    missed = [(doc["file"], e["page"], e["kind"], e["text"]) for doc, e, found in rows if not found]
    assert len(missed) <= 0.05 * len(rows), missed
    typed = [(doc, e, found) for doc, e, found in rows if doc["format"] != "scanned-pdf"]
    assert all(found for _, _, found in typed), [(d["file"], e["text"]) for d, e, f in typed if not f]


def test_listed_parties_recall_and_precision(labels: list[dict], analysed: dict) -> None:
    rows = _labelled(labels, analysed)
    expected = [(doc, e, found) for doc, e, found in rows if e["expect"] and e["kind"] in PARTY_KINDS]
    caught = [e for _, e, found in expected if any(r.listed and _names(e["expect"], r.name) for r in found)]
    assert len(caught) >= 0.95 * len(expected), (len(caught), len(expected))

    flagged = [(doc["file"], r) for doc in labels for r in analysed[doc["file"]][0] if r.listed]
    right = [
        r
        for file, r in flagged
        if any(
            e["expect"] and _matches(e, r) and _names(e["expect"], r.name)
            for doc in labels
            if doc["file"] == file
            for e in doc["entities"]
        )
    ]
    wrong = [(file, r.page, r.text, r.name) for file, r in flagged if r not in right]
    assert flagged and len(right) >= 0.98 * len(flagged), wrong


def test_lookalikes_and_unlisted_parties_are_never_flagged(labels: list[dict], analysed: dict) -> None:
    rows = _labelled(labels, analysed)
    innocents = [(doc, e, found) for doc, e, found in rows if e["kind"] == "lookalike" or not e["expect"]]
    assert any(e["kind"] == "lookalike" for _, e, _ in innocents)
    flagged = [(doc["file"], e["text"], r.name) for doc, e, found in innocents for r in found if r.listed]
    assert flagged == []


def test_chips_resolve_to_their_us_maker(labels: list[dict], analysed: dict) -> None:
    chips = [(doc, e, found) for doc, e, found in _labelled(labels, analysed) if e["kind"] == "chip"]
    assert chips
    for doc, e, found in chips:
        if doc["format"] == "scanned-pdf" and not found:
            continue
        assert any(r.mention.maker == e["expect"] and r.mention.origin == "US" for r in found), (doc["file"], e)


def test_export_control_finding_where_a_listed_party_meets_a_us_chip(labels: list[dict], analysed: dict) -> None:
    expected = {
        doc["file"]
        for doc in labels
        if any(e["expect"] and e["kind"] in PARTY_KINDS for e in doc["entities"])
        and any(e["kind"] == "chip" for e in doc["entities"])
    }
    found = {file for file, (_, stored) in analysed.items() if stored}
    assert expected and found == expected
