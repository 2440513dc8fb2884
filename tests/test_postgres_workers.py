"""Queue workers on a real PostgreSQL: three workers drain the dev corpus while one is killed with SIGKILL in the
middle of a job and the server is restarted under the others; every document ends stored exactly once, no job
is lost, and each stored document holds its whole analysis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oversight.store import dump
from oversight.store.db import open_store

ROOT = Path(__file__).resolve().parents[1]
SCANNED = {"doc005_zbgg.pdf", "doc022_zbjg.pdf", "doc031_jscs.pdf", "doc040_zbgg.pdf"}  # no text layer: OCR


def _files(corpus_dev: Path) -> list[Path]:
    return sorted(p for p in corpus_dev.iterdir() if p.suffix not in (".json", ".md") and p.name not in SCANNED)


def _oversight(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "oversight", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def _worker(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "oversight", "worker", "--heartbeat", "0.5", "--stalled-after", "3"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _scalar(url: str, sql: str, *params: object) -> object:
    conn = open_store(url)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_killed_worker_and_restarted_server_lose_nothing(pg_cluster, pg_url: str, corpus_dev: Path) -> None:
    env = {**os.environ, "OVERSIGHT_DB": pg_url}
    files = _files(corpus_dev)
    queued = _oversight(env, "scan", "--queue", *map(str, files))
    assert queued.returncode == 0, queued.stderr
    assert f"{len(files)} queued" in queued.stdout
    again = _oversight(env, "scan", "--queue", *map(str, files[:5]))  # queued twice: still one job each
    assert again.returncode == 0, again.stderr

    workers = [_worker(env)]
    _wait(lambda: _scalar(pg_url, "SELECT count(*) FROM procrastinate_workers") == 1, 120, "the first worker")
    first = _scalar(pg_url, "SELECT id FROM procrastinate_workers")
    workers += [_worker(env), _worker(env)]
    try:
        busy = "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing' AND worker_id = ?"
        _wait(lambda: _scalar(pg_url, busy, first) == 1, 120, "the first worker to take a job")
        workers[0].send_signal(signal.SIGKILL)  # mid-job: its job stays 'doing' until a live worker requeues it
        _wait(lambda: _scalar(pg_url, "SELECT count(*) FROM documents") >= 5, 180, "five documents stored")
        pg_cluster.restart()  # under the two live workers, with jobs in flight
        done = "SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'"
        _wait(lambda: _scalar(pg_url, done) == len(files), 400, "every job to succeed")
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)

    conn = open_store(pg_url)
    jobs = conn.execute("SELECT status::text, count(*) FROM procrastinate_jobs GROUP BY status").fetchall()
    assert [tuple(j) for j in jobs] == [("succeeded", len(files))]  # none lost, none duplicated
    facts = dump.canonical(conn)
    assert len(facts["documents"]) == len({d[0] for d in facts["documents"]}) == len(files)
    analysed = conn.execute(
        "SELECT count(*) FROM documents d WHERE (SELECT count(*) FROM analyser_runs r WHERE r.document_id = d.id) = 2"
    ).fetchone()[0]
    assert analysed == len(files)
    restarted = conn.execute("SELECT count(*) FROM procrastinate_jobs WHERE attempts > 0").fetchone()[0]
    assert restarted >= 1  # the killed worker's job ran again
    conn.close()
