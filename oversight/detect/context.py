"""The sentence or table row around a quote, cut from the raw page text.

Extracted text breaks lines where the page ran out of width, so a line break alone does not end a sentence: a
line that does not end in sentence punctuation runs on into the next one when it is nearly as long as the page's
longest line, or when the next line starts in lower case, unless the next line starts a list item. Within that
run of lines the context stops at sentence ends, and at most LIMIT characters from the quote on each side.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

LIMIT = 160
_FULL_LINE = 0.8  # a line at least this share of the longest line was wrapped by the page width
_WRAPPING = 30  # pages whose longest line is shorter than this are lists, not wrapped prose
_ITEM = re.compile(r"\s*(\d+[.．、)）]|[（(]\d+[)）]|[一二三四五六七八九十]+、|[•·▪■◆●\-–—*★☆])")
_SENTENCE_END = re.compile(r"[。！？；!?;]|\.(?=\s)")
_ENDS_SENTENCE = tuple("。！？；!?;.:：")


class Lines:
    """Line boundaries of one page, computed once for all its quotes."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        lines = raw.splitlines(keepends=True)
        self.starts = [0, *accumulate(len(line) for line in lines)]
        self.texts = [line.rstrip("\r\n") for line in lines]
        self.longest = max((len(t.strip()) for t in self.texts), default=0)

    def _runs_on(self, index: int) -> bool:
        """Does line `index` continue on the next line?"""
        text = self.texts[index].strip()
        if not text or text.endswith(_ENDS_SENTENCE) or index + 1 >= len(self.texts):
            return False
        following = self.texts[index + 1]
        if _ITEM.match(following):
            return False
        full = self.longest >= _WRAPPING and len(text) >= _FULL_LINE * self.longest
        return full or following.lstrip()[:1].islower()

    def context(self, start: int, end: int) -> str:
        """The sentence or row holding raw [start, end)."""
        left, right = self.span(start, end)
        return self.raw[left:right].strip()

    def line(self, offset: int) -> str:
        """The whole line holding raw `offset`."""
        if not self.texts:
            return ""
        return self.texts[max(0, bisect_right(self.starts, offset) - 1)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [left, right) of the sentence or row holding raw [start, end)."""
        if not self.texts:
            return 0, 0
        first = max(0, bisect_right(self.starts, start) - 1)
        last = min(len(self.texts) - 1, max(first, bisect_right(self.starts, max(start, end - 1)) - 1))
        while first > 0 and self._runs_on(first - 1) and start - self.starts[first - 1] <= LIMIT:
            first -= 1
        while last + 1 < len(self.texts) and self._runs_on(last) and self.starts[last + 1] - end <= LIMIT:
            last += 1
        left = max(self.starts[first], start - LIMIT)
        right = min(self.starts[last] + len(self.texts[last]), end + LIMIT)
        ends_before = [m.end() for m in _SENTENCE_END.finditer(self.raw, left, start)]
        after = _SENTENCE_END.search(self.raw, end, right)
        left = ends_before[-1] if ends_before else left
        right = after.end() if after else right
        return left, right
