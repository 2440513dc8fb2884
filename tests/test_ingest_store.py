"""Ingestion into a real store (SQLite, and PostgreSQL where marked): idempotence, names, provenance, blobs,
migrations."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

from oversight.ingest.pipeline import ingest_paths
from oversight.store import blobs
from oversight.store.db import blob_dir, connect, migrations, open_store
from oversight.text.normalize import Normalized
from tests.synthetic import text_pdfs


def _ingest(db: Path | str, paths: list[Path], **kwargs) -> list:
    conn = open_store(db)
    try:
        return list(ingest_paths(conn, db, paths, **kwargs))
    finally:
        conn.close()


def test_text_pdf_pages_raw_and_normalised(store_target: str, corpus_dev: Path) -> None:
    db = store_target
    [result] = _ingest(db, [corpus_dev / "doc007_zbgg.pdf"], source_url="https://example.org/notice/1")
    assert result.status == "new" and result.pages == 5
    conn = open_store(db)
    doc = conn.execute("SELECT * FROM documents").fetchone()
    raw = (corpus_dev / "doc007_zbgg.pdf").read_bytes()
    assert doc["sha256"] == hashlib.sha256(raw).hexdigest()
    assert doc["size"] == len(raw) and doc["media_type"] == "application/pdf"
    assert doc["source_url"] == "https://example.org/notice/1"
    assert blobs.blob_path(blob_dir(db), doc["sha256"]).read_bytes() == raw
    page = conn.execute("SELECT * FROM pages WHERE number = 1").fetchone()
    assert page["method"] == "text-layer" and "采购人" in page["raw_text"]
    assert "\u3000" in page["raw_text"] and "\u3000" not in page["norm_text"]
    norm = Normalized.from_store(page["norm_text"], page["norm_map"])
    index = norm.text.index("采购人")
    start, end = norm.raw_span(index, index + 3)
    assert page["raw_text"][start:end] == "采购人"


def test_reingest_is_noop_and_new_name_is_added(store_target: str, tmp_path: Path, corpus_dev: Path) -> None:
    db = store_target
    original = corpus_dev / "doc001_spec.pdf"
    _ingest(db, [original])
    conn = open_store(db)
    first_seen, last_seen = conn.execute("SELECT first_seen, last_seen FROM documents").fetchone()
    copy = tmp_path / "renamed.pdf"
    shutil.copy(original, copy)
    results = _ingest(db, [original, copy])
    assert [r.status for r in results] == ["seen", "seen"]
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 2
    names = {r[0] for r in conn.execute("SELECT name FROM document_names")}
    assert names == {"doc001_spec.pdf", "renamed.pdf"}
    row = conn.execute("SELECT first_seen, last_seen FROM documents").fetchone()
    assert row[0] == first_seen and row[1] > last_seen


def test_parallel_matches_serial(tmp_path: Path, store_target: str) -> None:
    """Parallel ingest into either backend stores what a serial ingest into SQLite does."""
    paths = text_pdfs(tmp_path / "pdfs", 6, 3)
    serial = _ingest(tmp_path / "a.db", paths, jobs=1)
    parallel = _ingest(store_target, paths + paths[:2], jobs=2)
    assert sorted(r.sha256 for r in serial) == sorted({r.sha256 for r in parallel})
    assert sum(r.status == "new" for r in parallel) == 6
    texts = []
    for target in (str(tmp_path / "a.db"), store_target):
        conn = open_store(target)
        texts.append(
            sorted(
                r[0]
                for r in conn.execute(
                    "SELECT d.sha256 || p.number || p.norm_text FROM pages p JOIN documents d ON d.id = p.document_id"
                )
            )
        )
    assert texts[0] == texts[1] and len(texts[0]) == 18


# SQLite only: an older store file (PRAGMA user_version, WAL); PostgreSQL records migrations by name alone.
def test_older_store_is_migrated_in_place(tmp_path: Path, corpus_dev: Path) -> None:
    db = tmp_path / "old.db"
    version, _name, sql = migrations()[0]
    old = sqlite3.connect(db)
    old.executescript(sql)
    old.execute(f"PRAGMA user_version = {version}")
    old.commit()
    old.close()
    conn = connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations()[-1][0]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert _ingest(db, [corpus_dev / "doc001_spec.pdf"])[0].status == "new"


# SQLite only: an older store file (PRAGMA user_version, WAL); PostgreSQL records migrations by name alone.
def test_a_migration_missed_below_the_version_is_still_applied(tmp_path: Path) -> None:
    """A store that got 0001 and 0003 (parallel work merged out of order) still receives 0002."""
    db = tmp_path / "gap.db"
    shipped = migrations()
    old = sqlite3.connect(db)
    old.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    for version, name, sql in [shipped[0], shipped[2]]:
        old.executescript(sql)
        old.execute("INSERT INTO schema_migrations(name) VALUES (?)", (name,))
        old.execute(f"PRAGMA user_version = {version}")
    old.commit()
    old.close()
    conn = connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM schema_migrations")}
    assert names == {name for _, name, _ in shipped}
    assert conn.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 0  # created by 0002
    assert conn.execute("PRAGMA user_version").fetchone()[0] == shipped[-1][0]


def test_the_same_bytes_twice_in_one_parallel_run_are_read_once(tmp_path: Path, store_target: str) -> None:
    """Two workers free at once must not both read a file given twice: the second waits and is "seen"."""
    paths = text_pdfs(tmp_path / "pdfs", 1, 3)
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(paths[0].read_bytes())
    results = _ingest(store_target, [paths[0], copy, paths[0]], jobs=2)
    assert sorted(r.status for r in results) == ["new", "seen", "seen"]
    conn = open_store(store_target)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT count(DISTINCT path) FROM document_names").fetchone()[0] == 2
