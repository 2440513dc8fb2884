"""The real development corpus through `oversight scan`, scored by the project's scorer, holds the party floors.

../shared/data/corpus-real (40 real documents with gold parties and not_parties) is scanned into a fresh store
with OFAC SDN 2021 and UN 2026 loaded first, exactly as a new user would; ../shared/tools/score_real.py then
checks party precision, recall of every role, listed-party recall, screening precision and that no not_party is
reported. Skipped where the shared corpus is not present (a fresh CI machine has only the repository).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.real_corpus import CORPUS, LISTS, SCORER

ROOT = Path(__file__).resolve().parents[1]
FLOORS = [
    "--min-party-precision", "0.95",
    "--min-party-recall", "0.90",
    "--min-listed-recall", "0.95",
    "--min-screen-precision", "0.98",
    "--max-not-parties", "0",
]  # fmt: skip

pytestmark = pytest.mark.skipif(
    not (CORPUS / "labels.json").exists() or not SCORER.exists() or not all(p.exists() for p in LISTS),
    reason="the shared real corpus, lists and scorer are not here",
)


def _oversight(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "oversight", *args], cwd=ROOT, capture_output=True, text=True, timeout=1200
    )


def test_real_corpus_parties_hold_their_floors(tmp_path: Path) -> None:
    db = str(tmp_path / "oversight.db")
    loaded = _oversight("lists", "load", *map(str, LISTS), "--db", db)
    assert loaded.returncode == 0, loaded.stderr
    scanned = _oversight("scan", str(CORPUS), "--db", db, "--format", "jsonl", "-j", "2")
    assert '"type": "entity"' in scanned.stdout, scanned.stderr
    out = tmp_path / "scan.jsonl"
    out.write_text(scanned.stdout, encoding="utf-8")
    score = subprocess.run(
        [sys.executable, str(SCORER), str(CORPUS / "labels.json"), str(out), *FLOORS],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert score.returncode == 0, score.stdout[-3000:]
