"""Workbench latency on ~100,000 generated pages: triage, a document page and a search, over real HTTP.

The store is the search bench's generated corpus (bench/search.py: 20-page documents, planted capability terms
with findings rows, a listed vendor on some documents) plus review decisions on some findings. The workbench runs
in a uvicorn server in this process; requests go through http.client with keep-alive, as a browser's would.
The triage rows are built in the background at start (one read of every document), timed apart; then a mix of
triage views (facets, filter box, paging), document pages and searches runs `--rounds` times.

Baseline: the same triage answered without the row cache (every document's view rebuilt for the request), which
is what rendering the view model naively per request costs; timed once, it is that slow.
"""

from __future__ import annotations

import argparse
import http.client
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import uvicorn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.search import generate, percentiles  # noqa: E402
from oversight.report.gather import document_ids, documents  # noqa: E402
from oversight.report.view import Reviews, TriageRow, document_view, triage_order  # noqa: E402
from oversight.search import index  # noqa: E402
from oversight.serve.app import create_app  # noqa: E402
from oversight.serve.auth import LocalAuth  # noqa: E402
from oversight.store import review  # noqa: E402
from oversight.store.db import blob_dir, connect  # noqa: E402

TOKEN = "bench"
TRIAGE = ["/", "/?severity=critical", "/?q=gen-01", "/?category=ethnicity&start=100", "/?state=confirmed"]
SEARCHES = ["维族", "海康", "人脸识别", "维族 OR 维吾尔族", "质保期 网络摄像机"]


def decide_some(db: Path, share: float = 0.2, seed: int = 3) -> int:
    """Confirm or reject a share of the findings, as reviewers would have."""
    conn = connect(db)
    rng = random.Random(seed)
    rows = conn.execute(
        "SELECT d.sha256, f.page, f.rule, f.quote FROM findings f JOIN documents d ON d.id = f.document_id"
    ).fetchall()
    chosen = rng.sample(rows, int(len(rows) * share))
    for sha, page, rule, text in chosen:
        state = rng.choice(["confirmed", "rejected", "needs-check"])
        key = review.finding_key(sha, page, rule)
        review.decide(conn, "finding", key, state, "bench", actor="bench", seen_version=0, quote=text)
    return len(chosen)


class Client:
    def __init__(self, port: int) -> None:
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.cookie = f"oversight_token={TOKEN}"

    def get(self, path: str) -> float:
        return self.fetch(path)[0]

    def fetch(self, path: str) -> tuple[float, bytes]:
        start = time.perf_counter()
        self.http.request("GET", path, headers={"Cookie": self.cookie})
        response = self.http.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200 or not body:
            raise SystemExit(f"{path}: HTTP {response.status}")
        return elapsed, body

    def wait_for_triage(self) -> float:
        """Seconds until the background build has read every document."""
        start = time.perf_counter()
        while b"Still reading" in self.fetch("/")[1]:
            time.sleep(0.5)
        return time.perf_counter() - start


def uncached_triage_ms(db: Path) -> float:
    """The baseline: every document's view built for one triage answer."""
    conn = connect(db)
    start = time.perf_counter()
    reviews = Reviews.load(conn)
    rows = [TriageRow.of(document_view(d, reviews), f"/doc/{d.sha256}") for d in documents(conn, document_ids(conn))]
    triage_order(rows)
    return (time.perf_counter() - start) * 1000


def serve(db: Path) -> tuple[uvicorn.Server, int]:
    app = create_app(db, blob_dir(db), LocalAuth(TOKEN, "bench"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, server.servers[0].sockets[0].getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        conn = connect(db)
        generate(conn, args.pages)
        pages = conn.execute("SELECT count(*) FROM pages").fetchone()[0]
        docs = [
            r[0]
            for r in conn.execute("SELECT DISTINCT d.sha256 FROM documents d JOIN findings f ON f.document_id = d.id")
        ]
        decided = decide_some(db)
        start = time.perf_counter()
        index.update(conn)  # the search index is built by `oversight search` or the first search, not timed here
        index_s = time.perf_counter() - start
        server, port = serve(db)
        client = Client(port)
        build_s = client.wait_for_triage()
        rng = random.Random(5)
        timings: dict[str, list[float]] = {"triage": [], "document": [], "search": []}
        for _ in range(args.rounds):
            for path in TRIAGE:
                timings["triage"].append(client.get(path))
            for sha in rng.sample(docs, 5):
                timings["document"].append(client.get(f"/doc/{sha}"))
            for text in SEARCHES:
                timings["search"].append(client.get(f"/search?q={quote(text)}"))
        baseline = uncached_triage_ms(db)
        server.should_exit = True
        p95 = {name: percentiles(samples)[1] for name, samples in timings.items()}
        p50 = {name: percentiles(samples)[0] for name, samples in timings.items()}
        print(
            f"pages={pages} documents_with_findings={len(docs)} decisions={decided} search_index_s={index_s:.0f}"
            f" triage_build_s={build_s:.1f}"
            f" triage_p50_ms={p50['triage']:.0f} triage_p95_ms={p95['triage']:.0f}"
            f" document_p50_ms={p50['document']:.0f} document_p95_ms={p95['document']:.0f}"
            f" search_p50_ms={p50['search']:.0f} search_p95_ms={p95['search']:.0f}"
            f" baseline_uncached_triage_ms={baseline:.0f}"
        )


if __name__ == "__main__":
    main()
