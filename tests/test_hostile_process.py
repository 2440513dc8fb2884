"""Processes under hostile conditions: workers die with their parent, concurrent runs share one store, and a
long document stopped midway resumes from the pages it had."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from oversight.ingest.base import Options
from oversight.ingest.pipeline import ingest_paths
from oversight.ingest.reader import extract_rows
from oversight.store import documents
from oversight.store.blobs import sha256_of
from oversight.store.db import is_postgresql, open_store
from tests.hostile import descendants
from tests.synthetic import text_pdfs

ROOT = Path(__file__).resolve().parents[1]


def _ingest(db: str, folder: Path, jobs: int = 2, command: str = "ingest") -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "oversight", command, str(folder), "--db", db, "--jobs", str(jobs)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


# SQLite only: it watches the process tree, which is the same whatever the store.
def test_workers_die_when_the_main_process_is_killed(tmp_path: Path) -> None:
    folder = tmp_path / "pdfs"
    text_pdfs(folder, 40, 6, seed=5)
    process = _ingest(str(tmp_path / "o.db"), folder)
    deadline = time.monotonic() + 120
    while len(descendants(process.pid)) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    workers = descendants(process.pid)
    assert workers, "no worker processes appeared"
    os.kill(process.pid, signal.SIGKILL)  # the main process only: its workers must notice on their own
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in workers if _alive(pid)] == []


def test_concurrent_runs_store_each_document_once_with_every_name(tmp_path: Path, store_target: str) -> None:
    first = text_pdfs(tmp_path / "a", 12, 2, seed=21)
    copies = tmp_path / "b"
    copies.mkdir()
    for pdf in first:
        (copies / pdf.name).write_bytes(pdf.read_bytes())
    db = store_target
    runs = [_ingest(db, tmp_path / "a", jobs=1), _ingest(db, copies, jobs=1, command="scan")]
    errors = [run.communicate(timeout=600)[1].decode() for run in runs]
    assert [run.returncode for run in runs] == [0, 0], errors
    conn = open_store(db)
    if not is_postgresql(conn):  # SQLite's own file check (PostgreSQL's pages are not ours to check)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 12
    assert conn.execute("SELECT COUNT(*) FROM document_names").fetchone()[0] == 24


def test_a_document_stopped_midway_resumes_from_its_staged_pages(tmp_path: Path, store_target: str) -> None:
    pdf = text_pdfs(tmp_path / "in", 1, 6, seed=2)[0]
    rows = [row for row in extract_rows(str(pdf), Options()) if not isinstance(row, str)]
    sha256, _ = sha256_of(pdf)
    db = store_target
    conn = open_store(db)
    documents.stage(conn, sha256, rows[:3])  # what a run stopped by its time limit after page 3 kept
    [result] = list(ingest_paths(conn, db, [pdf]))
    stored = [tuple(r) for r in conn.execute("SELECT number, raw_text FROM pages ORDER BY number")]
    assert result.pages == 6
    assert stored == [(row[0], row[2]) for row in rows]
    assert conn.execute("SELECT COUNT(*) FROM staged_pages").fetchone()[0] == 0


def test_one_reader_process_reads_file_after_file(tmp_path: Path) -> None:
    """A caller that stops at a file's last event (as the queue worker's reader does) leaves the reader free for
    the next file: one process for many files, none left behind."""
    from oversight.ingest.workers import Budget, Workers
    from oversight.pipeline.pages import extract_in

    paths = text_pdfs(tmp_path / "pdfs", documents=4, pages_per_document=2)
    workers = Workers(1, Budget(), tmp_path)
    try:
        for path in paths:
            assert len(extract_in(workers, str(path), Options(ocr_engine="none")).rows) == 2
        assert len(workers.slots) == 1 and workers.slots[0].process.is_alive()
        assert workers.idle() and not workers.busy()
    finally:
        workers.close()
