"""Where the real development corpora, their watchlists and the scorer lie, and one way to score a corpus: scan it
into a fresh store with the lists loaded first, as a new user would, then run the scorer with floors.

../shared lies beside the repository (as CI lays it out) and holds corpus-real, the lists and the scorer;
tests/data/corpus-found holds the real documents the project found itself. One home for these paths:
tests/test_parties_real.py, tests/test_parties_found.py and the benches read them from here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "corpus-real"
FOUND = ROOT / "tests" / "data" / "corpus-found"
LISTS = [
    SHARED / "data" / "watchlists" / "ofac-sdn-2021",
    SHARED / "data" / "watchlists" / "un-2026" / "consolidated.xml",
]
SCORER = SHARED / "tools" / "score_real.py"


def _oversight(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args], cwd=ROOT, capture_output=True, text=True, timeout=1200
    )


def scan_and_score(corpus: Path, floors: list[str], tmp: Path) -> subprocess.CompletedProcess[str]:
    """`oversight scan --format jsonl` of `corpus` into a fresh store (the lists loaded first), scored against its
    labels.json by the shared scorer with `floors`; the scorer's exit status says whether they held."""
    db = str(tmp / "oversight.db")
    loaded = _oversight("lists", "load", *map(str, LISTS), "--db", db)
    assert loaded.returncode == 0, loaded.stderr
    scanned = _oversight("scan", str(corpus), "--db", db, "--format", "jsonl", "-j", "2")
    assert '"type": "entity"' in scanned.stdout, scanned.stderr
    out = tmp / "scan.jsonl"
    out.write_text(scanned.stdout, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(SCORER), str(corpus / "labels.json"), str(out), *floors],
        capture_output=True,
        text=True,
        timeout=300,
    )
