"""Entity extraction side by side with a generic baseline on the dev corpus.

Ours: `oversight.entities.extract_page` (tables, labelled fields, model and chip families, legal-form names).
Baseline: jieba part-of-speech tagging, keeping organisation and other proper-name tokens (`nt`, `nz`, `nrt`),
which is what a generic Chinese pipeline would use to find parties. For each: pages per second and the share of
labelled entity texts (labels.json `entities`, all kinds) read on their page. Then the time to screen every
distinct extracted name once. Scanned PDFs are left out unless --all (OCR makes ingest slow). Ends with one
key=value line.

    python3 bench/entities.py [--corpus DIR] [--all] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from oversight.entities import extract_page  # noqa: E402
from oversight.entities.resolve import CachedResolver  # noqa: E402
from oversight.ingest.pipeline import ingest_paths  # noqa: E402
from oversight.screen.screener import Screener  # noqa: E402
from oversight.store.db import connect  # noqa: E402
from oversight.text.fold import fold  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "corpus-dev"
BASELINE_FLAGS = ("nt", "nz", "nrt")


def _norm(text: str) -> str:
    return fold(text).replace(" ", "").lower()


def _recall(labels: list[dict], found: dict[tuple[str, int], list[str]]) -> float:
    """Share of labelled entity texts that some extracted text on their page contains or is contained in."""
    hits = total = 0
    for doc in labels:
        for e in doc["entities"]:
            if (doc["file"], e["page"]) not in found:
                continue
            total += 1
            wanted = _norm(e["text"])
            hits += any(t and (t in wanted or wanted in t) for t in map(_norm, found[(doc["file"], e["page"])]))
    return hits / total if total else 0.0


def _baseline(raw: str) -> list[str]:
    import jieba.posseg

    return [w.word for w in jieba.posseg.cut(raw) if w.flag in BASELINE_FLAGS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--all", action="store_true", help="include the scanned PDFs (OCR at ingest)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    labels = json.loads((args.corpus / "labels.json").read_text(encoding="utf-8"))
    files = [args.corpus / doc["file"] for doc in labels if args.all or doc["format"] != "scanned-pdf"]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        conn = connect(db)
        list(ingest_paths(conn, db, files, jobs=2))
        pages = [
            (row[0], row[1], row[2])
            for row in conn.execute(
                "SELECT n.name, p.number, p.raw_text FROM pages p"
                " JOIN document_names n ON n.document_id = p.document_id"
            )
        ]
        _baseline("预热")  # jieba loads its dictionary on first use; not part of the timing

        started = time.perf_counter()
        for _ in range(args.repeat):
            ours = {(name, number): [m.text for m in extract_page(number, raw)] for name, number, raw in pages}
        our_seconds = (time.perf_counter() - started) / args.repeat
        started = time.perf_counter()
        for _ in range(args.repeat):
            base = {(name, number): _baseline(raw) for name, number, raw in pages}
        base_seconds = (time.perf_counter() - started) / args.repeat

        screener = Screener.from_store(conn)
        names = {text for texts in ours.values() for text in texts}
        started = time.perf_counter()
        resolver = CachedResolver(screener)
        for name in names:
            resolver.best(name)
        screen_ms = (time.perf_counter() - started) * 1000 / max(1, len(names))
        conn.close()

    our_recall, base_recall = _recall(labels, ours), _recall(labels, base)
    ratio = our_seconds / base_seconds
    print(f"pages: {len(pages)}  repeat: {args.repeat}")
    print(f"ours      {len(pages) / our_seconds:8.0f} pages/s  labelled entities read: {our_recall:.3f}")
    print(
        f"baseline  {len(pages) / base_seconds:8.0f} pages/s  labelled entities read: {base_recall:.3f}  (jieba posseg)"
    )
    print(f"time ratio ours/baseline: {ratio:.2f}")
    print(f"screening: {len(names)} distinct names, {screen_ms:.2f} ms each")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"ratio={ratio:.3f} pages_per_s={len(pages) / our_seconds:.0f} recall={our_recall:.3f} "
        f"baseline_recall={base_recall:.3f} screen_ms={screen_ms:.2f} rss_mb={rss_mb:.0f}"
    )


if __name__ == "__main__":
    main()
