"""Parity: the dev corpus scanned into PostgreSQL holds exactly what it holds in SQLite (documents, names, pages
with their offset maps, findings, entities and what each finding rests on), compared as canonical dumps."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from oversight.pipeline.scan import rescan, scan_paths
from oversight.store import documents, dump
from oversight.store.db import connect, open_store


@pytest.fixture(scope="module")
def sqlite_scanned(sqlite_corpus_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The session's ingested corpus (SQLite), copied and analysed: its canonical dump."""
    copy = tmp_path_factory.mktemp("parity") / "oversight.db"
    source, target = sqlite3.connect(sqlite_corpus_store), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    conn = connect(copy)
    for _ in rescan(conn, documents.ids(conn)):
        pass
    facts = dump.canonical(conn)
    conn.close()
    return facts


def test_the_dev_corpus_scans_identically_on_both_backends(sqlite_scanned: dict, pg_url: str, corpus_dev: Path) -> None:
    files = sorted(p for p in corpus_dev.iterdir() if p.name != "labels.json" and p.suffix != ".md")
    conn = open_store(pg_url)
    scanned = list(scan_paths(conn, pg_url, files, jobs=2))
    assert {s.result.status for s in scanned} == {"new"}
    facts = dump.canonical(conn)
    conn.close()
    assert sqlite_scanned["findings"] and sqlite_scanned["entities"] and sqlite_scanned["finding_entities"]
    for table, rows in sqlite_scanned.items():
        assert facts[table] == rows, table
