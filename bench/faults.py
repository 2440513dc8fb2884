"""Fault bench (issue 14): every hostile-input probe against the real CLI, judged from outside.

Runs the whole probe list of tests/probes.py, the slow memory bombs and long documents included, and prints per
probe pass/fail, wall time and the peak RSS of the main process and of its workers. The baseline is the
budget itself: a worker must stay within 1 GB and the main process within 500 MB on every probe.

    python3 bench/faults.py [--fast] [--only NAME ...]

The last line is `probes=… failed=… max_worker_rss_mb=… max_main_rss_mb=… worker_budget_mb=1024 main_budget_mb=500`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import MAIN_LIMIT_MB, WORKER_LIMIT_MB, judge  # noqa: E402
from tests.probes import PROBES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="Only the probes CI runs (no slow bombs).")
    parser.add_argument("--only", nargs="*", default=[], help="Run only the probes with these names.")
    args = parser.parse_args()
    chosen = [p for p in PROBES if (not args.fast or not p.slow) and (not args.only or p.name in args.only)]
    failed = 0
    worker_peak = main_peak = 0.0
    with tempfile.TemporaryDirectory(prefix="oversight-faults-") as scratch:
        for probe in chosen:
            outcome = judge(probe, Path(scratch) / probe.name)
            run = outcome.run
            worker_peak = max(worker_peak, run.worker_mb)
            main_peak = max(main_peak, run.main_mb)
            failed += bool(outcome.problems)
            verdict = "pass" if not outcome.problems else "FAIL " + "; ".join(outcome.problems)
            print(
                f"{probe.name:28} {verdict[:160]:40} wall={run.wall_s:6.1f}s main={run.main_mb:5.0f}MB"
                f" worker={run.worker_mb:5.0f}MB rc={run.rc}",
                flush=True,
            )
    print(
        f"probes={len(chosen)} failed={failed} max_worker_rss_mb={worker_peak:.0f} max_main_rss_mb={main_peak:.0f}"
        f" worker_budget_mb={WORKER_LIMIT_MB} main_budget_mb={MAIN_LIMIT_MB}"
    )


if __name__ == "__main__":
    main()
