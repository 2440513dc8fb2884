"""Document zones: where a page carries a standard clause or template rather than text about this purchase.

A clause is found by its signature (data/clauses.yaml: 监狱企业, 财库〔…〕, 提起诉讼 …) and is the sentence around
it: back to the sentence end before it, on to the sentence end after it, at most `window` characters either way and
never across a blank line nor back over a title line (a document's title is never part of a clause). Mentions inside are context: the entity stage keeps them, marks
them `zone: clause`, and never screens them as parties of the purchase.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from oversight.entities.cues import cues
from oversight.text.fold import fold

_BREAKS = ("。", "\n\n", "\r\n\r\n")


@lru_cache(maxsize=1)
def _clauses() -> tuple[re.Pattern[str], int]:
    path = resources.files("oversight.entities").joinpath("data", "clauses.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = sorted({fold(s["text"]) for s in data["signatures"]}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words)), int(data["window"])


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Spans of a folded page that stand in a standard clause."""
    pattern, window = _clauses()
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        start = max(0, m.start() - window)
        end = min(len(text), m.end() + window)
        start = max(
            [start] + [text.rfind(b, start, m.start()) + len(b) for b in _BREAKS if b in text[start : m.start()]]
        )
        start = _after_title(text, start, m.start())
        stops = [i for i in (text.find(b, m.end(), end) for b in _BREAKS) if i >= 0]
        end = min(stops) + 1 if stops else end
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _after_title(text: str, start: int, at: int) -> int:
    """`start`, or the start of the line after the last title line between `start` and `at`."""
    line_end = text.rfind("\n", start, at)
    while line_end >= start:
        line_start = text.rfind("\n", 0, line_end) + 1
        if text[line_start:line_end].strip().endswith(cues().title_endings):
            return line_end + 1
        line_end = text.rfind("\n", start, line_start - 1) if line_start > start else -1
    return start


def in_spans(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) overlaps one of `spans`."""
    return any(start < e and end > s for s, e in spans)
