"""Ingest throughput against raw pypdfium2 text extraction, in one run on the same generated text PDFs.

Prints pages/s of `oversight ingest --jobs 1` (a real CLI run into a fresh SQLite store) and of a bare
single-process pypdfium2 loop, their ratio, and the ingest's peak RSS at the corpus size and at twice it (it must
not grow with the corpus). Then OCR seconds per page and exact phrase recovery on the scanned dev documents.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.synthetic import text_pdfs  # noqa: E402


def raw_pdfium(paths: list[Path]) -> tuple[int, float]:
    """The baseline: open each PDF and pull every page's text, nothing else."""
    start = time.perf_counter()
    pages = 0
    for path in paths:
        document = pdfium.PdfDocument(str(path))
        for page in document:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        document.close()
    return pages, time.perf_counter() - start


def cli_ingest(paths: list[Path], folder: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of `oversight ingest --jobs 1` on a fresh store."""
    db = folder / f"bench-{time.monotonic_ns()}.db"
    listing = folder / "inputs"
    listing.mkdir(exist_ok=True)
    for old in listing.iterdir():
        old.unlink()
    for path in paths:
        (listing / path.name).symlink_to(path)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "oversight", "ingest", "--jobs", "1", "--db", str(db), "--format", "json", str(listing)],
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ingest failed with status {status}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=2000, help="total pages in the larger run")
    parser.add_argument("--pages-per-doc", type=int, default=20)
    parser.add_argument("--skip-ocr", action="store_true")
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / "oversight-bench-pdfs"
    documents = max(1, args.pages // args.pages_per_doc)
    double = text_pdfs(cache, 2 * documents, args.pages_per_doc)
    paths = double[:documents]

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        raw_pdfium(paths)  # warm the page cache for both contenders
        pages, raw_seconds = raw_pdfium(paths)
        ingest_seconds, rss = cli_ingest(paths, folder)
        _, rss_double = cli_ingest(double, folder)
    raw_rate, ingest_rate = pages / raw_seconds, pages / ingest_seconds
    ratio = ingest_rate / raw_rate
    print(
        f"pages={pages} raw_pypdfium2={raw_rate:.0f} pages/s  ingest_jobs1={ingest_rate:.0f} pages/s "
        f"(includes process start)  ratio={ratio:.2f}"
    )
    print(f"peak RSS: {rss:.0f} MB at {pages} pages, {rss_double:.0f} MB at {2 * pages} pages")
    figures = {
        "pages": pages,
        "raw_pages_s": f"{raw_rate:.0f}",
        "ingest_pages_s": f"{ingest_rate:.0f}",
        "ratio": f"{ratio:.2f}",
        "rss_mb": f"{rss:.0f}",
        "rss_double_mb": f"{rss_double:.0f}",
    }
    if not args.skip_ocr:
        from bench.ocr import measure

        ocr = measure()
        print(f"OCR: {ocr['seconds_per_page']:.2f} s/page, {ocr['phrases_exact']:.0%} of labelled phrases exact")
        figures.update(ocr_s_page=f"{ocr['seconds_per_page']:.2f}", ocr_exact=f"{ocr['phrases_exact']:.3f}")
    print(" ".join(f"{k}={v}" for k, v in figures.items()))


if __name__ == "__main__":
    main()
