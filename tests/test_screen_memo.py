"""The bounded memo of the screening hot path: remembers, stays within its size, forgets whole when full."""

from __future__ import annotations

from oversight.screen.config import rounded
from oversight.screen.memo import Memo


def test_memo_remembers_and_stays_within_its_size() -> None:
    memo: Memo[str, int] = Memo(3)
    assert memo.get("a") is None
    assert memo.put("a", 1) == 1 and memo.get("a") == 1
    for key, value in (("b", 2), ("c", 3)):
        memo.put(key, value)
    assert len(memo) == 3
    memo.put("d", 4)  # full: emptied, then the new value kept
    assert len(memo) == 1 and memo.get("d") == 4 and memo.get("a") is None


def test_rounded_scores_equal_round_to_four_places() -> None:
    for score in (0.123456, 0.87654321, 1.0, 0.00005, 2 / 3, 0.99995):
        assert rounded(score) == round(score, 4)
        assert rounded(score) == round(score, 4)  # remembered
