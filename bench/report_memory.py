"""Report memory (issue 14): peak RSS of `oversight report --all --no-images` as the store grows, ours and the
previous writer, in one run.

For each size a store of that many documents is generated straight through the store API (tests/bulk_store.py:
real SQLite, three pages each, findings, parties, notices; no ingest, which would take hours), then the report
runs in a subprocess with this tree's code and with the previous writer: the package as it was at BASELINE
(exported with `git archive`), which kept every document's index row in memory. Peak RSS of the process is
sampled from /proc every 20 ms (tests/hostile.py). Growth is MB per 10,000 documents between the smallest and
the largest size, and `est_rss_100k_mb` extends it to 100,000 documents. Both runs' index.json must be
byte-identical (the index lists every document either way).

    python3 bench/report_memory.py [--sizes 2000 8000] [--baseline REF]

The last line is `docs_small=… rss_small_mb=… docs_large=… rss_large_mb=… growth_mb_per_10k=… est_rss_100k_mb=…
baseline_rss_small_mb=… baseline_rss_large_mb=… baseline_growth_mb_per_10k=… baseline_est_rss_100k_mb=…
identical_index=…`.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.bulk_store import bulk_store  # noqa: E402
from tests.hostile import Run, run_cli  # noqa: E402

BASELINE = "6c71da0f7ff2879c438ef515d4eb9509e7ea01c0"  # main before the index rows moved to disk


def export(ref: str, folder: Path) -> Path | None:
    """The `oversight` package at `ref` under `folder` (run from there, `-m oversight` imports it first)."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", ref, "oversight"], capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"baseline {ref} not available ({exc}); measuring ours only", file=sys.stderr)
        return None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def report(db: Path, out: Path, code: Path) -> Run:
    run = run_cli("report", "--all", "--no-images", "-o", str(out), "--db", str(db), cwd=code, timeout=900)
    if run.rc != 0:
        raise SystemExit(f"report failed (rc {run.rc}) with the code in {code}: {run.err[-500:]}")
    return run


def slope(small: tuple[int, float], large: tuple[int, float]) -> float:
    """MB per 10,000 documents between two (documents, MB) points."""
    return (large[1] - small[1]) * 10_000 / (large[0] - small[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs=2, type=int, default=[2000, 8000], metavar="N", help="Two store sizes.")
    parser.add_argument("--baseline", default=BASELINE, help="Git ref of the previous writer.")
    args = parser.parse_args()
    small_n, large_n = sorted(args.sizes)
    ours: dict[int, float] = {}
    theirs: dict[int, float] = {}
    identical = True
    with tempfile.TemporaryDirectory(prefix="oversight-report-memory-") as scratch:
        folder = Path(scratch)
        baseline = export(args.baseline, folder / "baseline")
        for size in (small_n, large_n):
            start = time.monotonic()
            db = bulk_store(folder / f"s{size}.db", size)
            made = time.monotonic() - start
            run = report(db, folder / f"ours-{size}", ROOT)
            ours[size] = run.main_mb
            line = f"docs={size:6} generated={made:5.0f}s ours: rss={run.main_mb:6.1f}MB wall={run.wall_s:5.0f}s"
            if baseline is not None:
                old = report(db, folder / f"base-{size}", baseline)
                theirs[size] = old.main_mb
                same = all(
                    (folder / f"ours-{size}" / name).read_bytes() == (folder / f"base-{size}" / name).read_bytes()
                    for name in ("index.json", "index.md")
                )
                identical = identical and same
                line += f"  baseline: rss={old.main_mb:6.1f}MB wall={old.wall_s:5.0f}s  same index: {same}"
            print(line, flush=True)
            db.unlink()
    growth = slope((small_n, ours[small_n]), (large_n, ours[large_n]))
    fields = [
        f"docs_small={small_n}",
        f"rss_small_mb={ours[small_n]:.1f}",
        f"docs_large={large_n}",
        f"rss_large_mb={ours[large_n]:.1f}",
        f"growth_mb_per_10k={growth:.1f}",
        f"est_rss_100k_mb={ours[large_n] + growth * (100_000 - large_n) / 10_000:.0f}",
    ]
    if theirs:
        old_growth = slope((small_n, theirs[small_n]), (large_n, theirs[large_n]))
        fields += [
            f"baseline_rss_small_mb={theirs[small_n]:.1f}",
            f"baseline_rss_large_mb={theirs[large_n]:.1f}",
            f"baseline_growth_mb_per_10k={old_growth:.1f}",
            f"baseline_est_rss_100k_mb={theirs[large_n] + old_growth * (100_000 - large_n) / 10_000:.0f}",
            f"identical_index={'yes' if identical else 'no'}",
        ]
    print(" ".join(fields))


if __name__ == "__main__":
    main()
