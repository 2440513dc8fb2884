"""A run killed with SIGKILL and started again stores every document exactly once, with no half-written rows.

SQLite only: it kills writers of the SQLite file and its WAL (test_postgres_workers kills PostgreSQL workers).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.synthetic import text_pdfs

ROOT = Path(__file__).resolve().parents[1]


def _ingest(db: Path, folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "oversight", "ingest", str(folder), "--db", str(db), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        start_new_session=True,
    )


def _counts(db: Path) -> tuple[int, int, list[str]]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        broken = conn.execute(
            "SELECT COUNT(*) FROM documents d WHERE page_count !="
            " (SELECT COUNT(*) FROM pages p WHERE p.document_id = d.id)"
        ).fetchone()[0]
        assert broken == 0
        docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        pages = conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
        hashes = sorted(r[0] for r in conn.execute("SELECT sha256 FROM documents"))
        return docs, pages, hashes
    finally:
        conn.close()


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=1)
        try:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_sigkill_then_rerun_equals_uninterrupted(tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    text_pdfs(folder, 60, 6, seed=11)
    killed = tmp_path / "killed.db"
    process = _ingest(killed, folder)
    deadline = time.monotonic() + 60
    while _stored(killed) < 5 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    partial = _counts(killed)
    assert 0 < partial[0] < 60

    assert _ingest(killed, folder).wait(timeout=300) == 0
    clean = tmp_path / "clean.db"
    assert _ingest(clean, folder).wait(timeout=300) == 0
    assert _counts(killed) == _counts(clean)
    assert _counts(clean)[:2] == (60, 360)


def _workers(pid: int) -> list[int]:
    """Child processes of `pid` (the extraction workers), from /proc."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def test_a_worker_killed_mid_run_costs_no_document(tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    text_pdfs(folder, 40, 6, seed=13)
    db = tmp_path / "o.db"
    process = _ingest(db, folder)
    deadline = time.monotonic() + 60
    while (_stored(db) < 3 or not _workers(process.pid)) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    victims = _workers(process.pid)
    assert victims and process.poll() is None, "ingest finished before a worker could be killed"
    os.kill(victims[0], signal.SIGKILL)
    assert process.wait(timeout=300) == 0  # files in flight were read again; none was the culprit
    assert _counts(db)[:2] == (40, 240)
