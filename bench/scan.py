"""Scanning overhead on ingest: ingest-only against ingest+scan, in one run, on the same generated text PDFs.

Both contenders ingest the same PDFs into a fresh SQLite store through `ingest_paths` (jobs=1, so all work is
in this process); the second also runs `scan_document` on each stored document (read pages, match, store
findings). Each is timed three times, alternating, and the best run counts (printed as "between runs"). The
headline overhead is scanning's CPU time over the rest of the same ingest+scan run, which machine noise
cannot skew the way it skews two separate runs. The
taxonomy is compiled before timing (once per process; printed as compile_ms). Then matching alone on the same
page texts at 1x and 4x their length: time must grow at most linearly with text. Then detection quality:
precision and recall per category on the real and the dev corpus, scored by shared/tools/score_real.py, with this
tree and with the code of `--before` (default: the commit before issue 10's taxonomy work), see bench/quality.py.
The last line is key=value pairs.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import quality  # noqa: E402
from oversight.detect import load, scan_pages  # noqa: E402
from oversight.detect.matcher import matcher  # noqa: E402
from oversight.ingest.pipeline import ingest_paths  # noqa: E402
from oversight.pipeline.rows import finding_row  # noqa: E402
from oversight.store import analyses, findings, pages  # noqa: E402
from oversight.store.db import Connection, connect, transaction  # noqa: E402
from oversight.store.documents import now  # noqa: E402
from tests.synthetic import page_lines, write_pdf  # noqa: E402

BEFORE = "07b6580"  # main before issue 10: taxonomy 1.0.0, first statement per rule, no context rules

# Capability and look-alike lines mixed into the generated pages, so matching has real work to do.
_MIXED = [
    "技术要求：前端设备支持人脸抓拍及人脸识别比对，识别准确率不低于98%。",
    "平台支持车牌识别、车辆轨迹查询及卡口过车数据汇聚。",
    "部署WiFi探针采集周边手机MAC地址，并支持电子围栏（IMSI采集）。",
    "支持维族人员实时预警功能，支持民族属性识别。",
    "同期采购的县民族中学食堂设备采购项目另行公告。",
    "重点人员动态管控，实现一人一档。",
    "The platform supports facial recognition and licence plate recognition at checkpoints.",
    "交换机支持MAC地址学习，脉冲电子围栏接入周界报警主机。",
]


def _mixed_page(rng: random.Random) -> list[str]:
    lines = page_lines(rng)
    if rng.random() < 0.5:
        lines[rng.randrange(len(lines))] = rng.choice(_MIXED)
    return lines


def generate(folder: Path, documents: int, pages_per_document: int, seed: int = 11) -> list[Path]:
    """Text PDFs of procurement-like lines with a capability line on about every other page (cached)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = [folder / f"scan-{seed}-{pages_per_document}-{i:05d}.pdf" for i in range(documents)]
    for path in paths:
        pages = [_mixed_page(rng) for _ in range(pages_per_document)]
        if not path.exists():
            write_pdf(path, pages)
    return paths


def scan_document(conn: Connection, document_id: int) -> None:
    """Detection alone on a stored document: read its pages, match, store the findings."""
    taxonomy = load()
    found = scan_pages(pages.texts(conn, document_id), taxonomy, document_id=document_id)
    with transaction(conn):
        findings.replace(conn, document_id, [finding_row(f) for f in found], taxonomy.categories)
        analyses.record(conn, document_id, analyses.CAPABILITIES, taxonomy.version, now())


def run(paths: list[Path], folder: Path, scan: bool) -> tuple[float, float, int, int, float]:
    """CPU and wall seconds to ingest (and scan) `paths` into a fresh store; pages and findings stored; CPU seconds
    spent inside scanning alone (measured within the same run, so machine noise hits both sides equally)."""
    db = folder / f"bench-{time.monotonic_ns()}.db"
    conn = connect(db)
    cpu, wall, scan_cpu = time.process_time(), time.perf_counter(), 0.0
    for result in ingest_paths(conn, db, paths, jobs=1):
        if result.status == "error":
            raise SystemExit(f"ingest failed: {result.path}: {result.error}")
        if scan and result.document_id is not None:
            started = time.process_time()
            scan_document(conn, result.document_id)
            scan_cpu += time.process_time() - started
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    pages = conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    found = conn.execute("SELECT count(*) FROM findings").fetchone()[0]
    conn.close()
    return cpu, wall, pages, found, scan_cpu


def match_seconds(texts: list[str], repeat: int = 3) -> float:
    compiled = matcher()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            compiled.match(text)
        best = min(best, time.perf_counter() - start)
    return best


def page_texts(paths: list[Path], folder: Path) -> list[str]:
    db = folder / "texts.db"
    conn = connect(db)
    list(ingest_paths(conn, db, paths, jobs=1))
    texts = [row[0] for row in conn.execute("SELECT raw_text FROM pages ORDER BY document_id, number")]
    conn.close()
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--pages-per-doc", type=int, default=25)
    parser.add_argument("--before", default=BEFORE, help="git revision whose detection quality is compared")
    parser.add_argument("--no-quality", action="store_true", help="measure overhead only")
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / "oversight-bench-scan-pdfs"
    paths = generate(cache, args.documents, args.pages_per_doc)

    start = time.perf_counter()
    matcher(load())
    compile_ms = (time.perf_counter() - start) * 1000

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        run(paths[:2], folder, True)  # warm caches and imports for both contenders
        ingest_only, with_scan = [], []
        for _ in range(3):
            ingest_only.append(run(paths, folder, False))
            with_scan.append(run(paths, folder, True))
        texts = page_texts(paths, folder)
    base, _, pages, _, _ = min(ingest_only)
    scanned, _, _, found, _ = min(with_scan)
    between_runs = scanned / base - 1
    # Headline: scanning's share of the same run (between-run differences on a shared machine swamp a 2 % cost).
    overhead = min(scan / (total - scan) for total, _, _, _, scan in with_scan)
    one = match_seconds(texts)
    four = match_seconds([text * 4 for text in texts])
    per_page = 1000 / pages
    print(f"pages={pages} chars_per_page={sum(map(len, texts)) / len(texts):.0f} findings={found}")
    print(
        f"cpu: ingest_only={base:.2f}s ({base * per_page:.2f} ms/page)  ingest+scan={scanned:.2f}s "
        f"({scanned * per_page:.2f} ms/page)  between runs={between_runs * 100:.1f}%  "
        f"within run={overhead * 100:.1f}%"
    )
    print(
        f"wall: ingest_only={min(r[1] for r in ingest_only):.2f}s  "
        f"ingest+scan={min(r[1] for r in with_scan):.2f}s  (best of 3 each)"
    )
    print(
        f"match alone: 1x={one / len(texts) * 1e6:.0f} us/page  4x={four / len(texts) * 1e6:.0f} us/page  "
        f"4x/1x={four / one:.2f} (at most 4 is linear)"
    )
    print(
        f"overhead={overhead:.3f} ingest_ms_per_page={base * per_page:.3f} "
        f"scan_ms_per_page={overhead * (scanned / (1 + overhead)) * per_page:.3f} between_runs={between_runs:.3f} "
        f"match_us_per_page={one / len(texts) * 1e6:.0f} "
        f"scale_4x={four / one:.2f} compile_ms={compile_ms:.0f} ok={int(overhead <= 0.10 and four / one <= 4.4)}"
        + ("" if args.no_quality else " " + quality.compare(args.before))
    )


if __name__ == "__main__":
    main()
