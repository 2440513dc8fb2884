"""`oversight store copy` between SQLite and PostgreSQL: everything arrives, the copy checks itself against a
canonical dump, and a non-empty target is refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from oversight.store import dump
from oversight.store.blobs import blob_path
from oversight.store.db import blob_dir, open_store

ROOT = Path(__file__).resolve().parents[1]
FILES = ("doc027_zbgg.txt", "doc006_zbgg.html", "doc009_test.docx", "doc003_csb.xlsx")


def _oversight(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args], cwd=ROOT, capture_output=True, text=True, env=dict(os.environ)
    )


def test_sqlite_to_postgresql_and_back(tmp_path: Path, corpus_dev: Path, pg_url: str) -> None:
    sqlite = str(tmp_path / "a.db")
    scan = _oversight("scan", *(str(corpus_dev / name) for name in FILES), "--db", sqlite, "-j", "1")
    assert scan.returncode == 0, scan.stderr
    conn = open_store(sqlite)
    before = dump.canonical(conn)
    conn.close()
    assert before["findings"] and before["entities"] and len(before["documents"]) == 4

    run = _oversight("store", "copy", sqlite, pg_url)
    assert run.returncode == 0, run.stderr
    assert "4 documents" in run.stdout and "4 originals" in run.stdout
    pg = open_store(pg_url)
    assert dump.canonical(pg) == before
    for (sha256,) in pg.execute("SELECT sha256 FROM documents"):
        assert blob_path(blob_dir(pg_url), sha256).exists()
    pg.close()

    again = _oversight("store", "copy", sqlite, pg_url)
    assert again.returncode == 2 and "already holds documents" in again.stderr

    back = str(tmp_path / "b.db")
    run = _oversight("store", "copy", pg_url, back)
    assert run.returncode == 0, run.stderr
    copy = open_store(back)
    assert dump.canonical(copy) == before
    copy.close()
