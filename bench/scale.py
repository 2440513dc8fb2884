"""Scaling out: documents/s with the local runner and with 1, 2 and 4 queue workers on PostgreSQL, in one run.

On the same generated text PDFs (procurement-like lines, a capability line on about every other page): the local
runner (`scan_paths`, one process, SQLite) as the baseline; then a throwaway PostgreSQL cluster, the documents
queued with `scan --queue`, and N `oversight worker --once` processes started together. A worker run's
throughput is documents over the span from the first job's start to the last job's end (procrastinate's own
event times), so process start-up is not counted. Then, in this process, the per-document cost of each stage
(ingest+text, detect, extract, screen, store write on SQLite and on PostgreSQL, and the notice's description that
a scan and a worker both store) and the queue's own overhead: one worker's wall time per document against the
pipeline's cost for the same documents. The PostgreSQL commit rate is commits per second over the 4-worker run
(pg_stat_database). The last line is key=value pairs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from oversight.detect import scan_pages  # noqa: E402
from oversight.entities.analyse import extract_document  # noqa: E402
from oversight.entities.exportcontrol import export_control  # noqa: E402
from oversight.entities.resolve import screen_mention  # noqa: E402
from oversight.ingest.base import Options  # noqa: E402
from oversight.pipeline.analyse import Analysers, analyse  # noqa: E402
from oversight.pipeline.capabilities import Capabilities  # noqa: E402
from oversight.pipeline.pages import extract  # noqa: E402
from oversight.pipeline.parties import Parties  # noqa: E402
from oversight.pipeline.scan import describe, scan_paths  # noqa: E402
from oversight.store import results  # noqa: E402
from oversight.store.analyses import CAPABILITIES, PARTIES  # noqa: E402
from oversight.store.cluster import Cluster, start_cluster  # noqa: E402
from oversight.store.db import Connection, open_store  # noqa: E402
from oversight.store.rows import DocumentRow  # noqa: E402
from tests.synthetic import text_pdfs  # noqa: E402


def local(paths: list[Path], folder: Path) -> float:
    """Documents per second, local runner, one process."""
    db = str(folder / "local.db")
    conn = open_store(db)
    start = time.perf_counter()
    done = sum(1 for s in scan_paths(conn, db, paths, jobs=1) if s.result.status == "new")
    elapsed = time.perf_counter() - start
    conn.close()
    assert done == len(paths), f"{done} of {len(paths)} stored"
    return len(paths) / elapsed


def _oversight(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "oversight", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def workers(cluster: Cluster, paths: list[Path], folder: Path, count: int) -> tuple[float, float]:
    """(documents per second, PostgreSQL commits per second) with `count` workers on a fresh database."""
    url = cluster.create_database(f"scale_{count}_{time.monotonic_ns()}")
    env = {**os.environ, "OVERSIGHT_DB": url, "OVERSIGHT_BLOBS": str(folder / f"blobs-{count}")}
    if _oversight(env, "scan", "--queue", *map(str, paths)).wait() != 0:
        raise SystemExit("enqueue failed")
    conn = open_store(url)
    commits = _commits(conn)
    started = time.perf_counter()
    running = [_oversight(env, "worker", "--once") for _ in range(count)]
    if any(worker.wait() != 0 for worker in running):
        raise SystemExit("a worker failed")
    wall = time.perf_counter() - started
    commits = _commits(conn) - commits
    done = conn.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'").fetchone()[0]
    span = conn.execute(
        "SELECT EXTRACT(EPOCH FROM max(at) FILTER (WHERE type = 'succeeded') - min(at) FILTER (WHERE type = 'started'))"
        " FROM procrastinate_events"
    ).fetchone()[0]
    conn.close()
    assert int(done) >= len(paths), f"{done} of {len(paths)} jobs succeeded"
    return len(paths) / float(span), commits / wall


def _commits(conn: Connection) -> int:
    row = conn.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()").fetchone()
    return int(row[0])


def stage_costs(paths: list[Path], conn_sqlite: Connection, conn_pg: Connection) -> dict[str, float]:
    """Seconds per document spent in each stage, run in this process on the same documents."""
    analysers = Analysers.from_store(conn_sqlite)
    capabilities = analysers.stage(CAPABILITIES, Capabilities)
    parties = analysers.stage(PARTIES, Parties)
    cost = dict.fromkeys(("ingest", "detect", "extract", "screen", "store_sqlite", "store_postgresql", "notice"), 0.0)
    for index, path in enumerate(paths):
        t0 = time.perf_counter()
        extracted = extract(str(path), Options())
        t1 = time.perf_counter()
        pages = [(row.number, row.raw_text) for row in extracted.rows]
        scan_pages(pages, capabilities.taxonomy)
        t2 = time.perf_counter()
        mentions = extract_document(pages)
        t3 = time.perf_counter()
        records = [screen_mention(0, m, parties.resolver) for m in mentions]
        export_control(records, dict(pages))
        t4 = time.perf_counter()
        rows = analyse(pages, analysers).rows()
        stores = []
        for conn in (conn_sqlite, conn_pg):
            t = time.perf_counter()
            stored = DocumentRow(f"{index:064x}", 1, extracted.media_type, path.name, str(path), None, extracted.rows)
            document_id, _ = results.write_document(conn, stored, rows)
            stores.append(time.perf_counter() - t)
        t = time.perf_counter()
        describe(conn_pg, document_id)  # the notice's title, kind, date and amounts, as a scan and a worker store them
        stores.append(time.perf_counter() - t)
        for key, seconds in zip(cost, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, *stores)):
            cost[key] += seconds
    return {key: seconds / len(paths) for key, seconds in cost.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=32)
    parser.add_argument("--pages-per-doc", type=int, default=4)
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / "oversight-bench-scale-pdfs"
    paths = text_pdfs(cache, args.documents, args.pages_per_doc, seed=13)
    cluster = start_cluster()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            local(paths[:2], folder / "warm")  # imports and the screener, once
            local_rate = local(paths, folder)
            rates, commit_rates = {}, {}
            for count in (1, 2, 4):
                rates[count], commit_rates[count] = workers(cluster, paths, folder, count)
            sqlite = open_store(str(folder / "stages.db"))
            pg = open_store(cluster.create_database("stages"))
            costs = stage_costs(paths, sqlite, pg)
            sqlite.close()
            pg.close()
    finally:
        cluster.remove()
    pipeline = sum(v for k, v in costs.items() if k != "store_sqlite")  # what one worker does per document
    overhead = (1 / rates[1]) / pipeline - 1
    split = "  ".join(f"{k}={v * 1000:.1f}ms" for k, v in costs.items())
    print(f"documents={len(paths)} pages_per_doc={args.pages_per_doc} cores={os.cpu_count()}")
    print(f"per-document cost: {split}")
    print(
        f"docs/s: local={local_rate:.2f} workers1={rates[1]:.2f} workers2={rates[2]:.2f} workers4={rates[4]:.2f}"
        f"  speedup2={rates[2] / rates[1]:.2f}x speedup4={rates[4] / rates[1]:.2f}x"
    )
    print(
        f"local_docs_s={local_rate:.3f} workers1_docs_s={rates[1]:.3f} workers2_docs_s={rates[2]:.3f} "
        f"workers4_docs_s={rates[4]:.3f} speedup2={rates[2] / rates[1]:.3f} speedup4={rates[4] / rates[1]:.3f} "
        f"queue_overhead={overhead:.3f} pipeline_ms_per_doc={pipeline * 1000:.1f} "
        + " ".join(f"{k}_ms={v * 1000:.2f}" for k, v in costs.items())
        + f" pg_commits_per_s={commit_rates[4]:.1f}"
    )


if __name__ == "__main__":
    main()
