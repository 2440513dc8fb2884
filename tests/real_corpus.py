"""Where the real development corpus, its watchlists and the scorer lie (../shared beside the repository, as CI
lays it out). One home for these paths: tests/test_parties_real.py and the benches read them from here."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "data" / "corpus-real"
LISTS = [
    SHARED / "data" / "watchlists" / "ofac-sdn-2021",
    SHARED / "data" / "watchlists" / "un-2026" / "consolidated.xml",
]
SCORER = SHARED / "tools" / "score_real.py"
