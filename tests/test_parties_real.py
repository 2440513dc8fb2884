"""The real development corpus through `oversight scan`, scored by the project's scorer, holds the party floors.

../shared/data/corpus-real (40 real documents with gold parties and not_parties) is scanned into a fresh store
with OFAC SDN 2021 and UN 2026 loaded first, exactly as a new user would; ../shared/tools/score_real.py then
checks party precision, recall of every role, listed-party recall, screening precision and that no not_party is
reported. Skipped where the shared corpus is not present (a fresh CI machine has only the repository).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.real_corpus import CORPUS, LISTS, SCORER, scan_and_score

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


def test_real_corpus_parties_hold_their_floors(tmp_path: Path) -> None:
    score = scan_and_score(CORPUS, FLOORS, tmp_path)
    assert score.returncode == 0, score.stdout[-3000:]
