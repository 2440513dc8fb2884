"""`oversight store copy` between SQLite and PostgreSQL: everything arrives, the copy checks itself, and the
copied store keeps working (new rows get fresh ids)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from oversight.pipeline.scan import scan_paths
from oversight.store import dump
from oversight.store.blobs import blob_path
from oversight.store.db import blob_dir, open_store

ROOT = Path(__file__).resolve().parents[1]
FILES = ("doc027_zbgg.txt", "doc006_zbgg.html", "doc009_test.docx", "doc003_csb.xlsx")


def _oversight(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "oversight", *args], cwd=ROOT, capture_output=True, text=True)


def test_sqlite_to_postgresql_and_back(tmp_path: Path, corpus_dev: Path, pg_url: str) -> None:
    sqlite = str(tmp_path / "a.db")
    conn = open_store(sqlite)
    scanned = list(scan_paths(conn, sqlite, [corpus_dev / name for name in FILES]))
    assert {s.result.status for s in scanned} == {"new"}
    before = dump.canonical(conn)
    conn.close()
    assert before["findings"] and before["entities"]

    run = _oversight("store", "copy", sqlite, pg_url)
    assert run.returncode == 0, run.stderr
    assert "4 documents" in run.stdout and "4 originals" in run.stdout
    pg = open_store(pg_url)
    assert dump.canonical(pg) == before
    for (sha256,) in pg.execute("SELECT sha256 FROM documents"):
        assert blob_path(blob_dir(pg_url), sha256).exists()
    scanned = list(scan_paths(pg, pg_url, [corpus_dev / "doc037_zbjg.txt"]))  # new ids after the copied ones
    assert [s.result.status for s in scanned] == ["new"]
    pg.close()

    again = _oversight("store", "copy", sqlite, pg_url)
    assert again.returncode == 2 and "already holds documents" in again.stderr

    back = str(tmp_path / "b.db")
    run = _oversight("store", "copy", pg_url, back)
    assert run.returncode == 0, run.stderr
    pg, copy = open_store(pg_url), open_store(back)
    assert dump.canonical(copy) == dump.canonical(pg)
    assert len(dump.canonical(copy)["documents"]) == 5
    pg.close()
    copy.close()
