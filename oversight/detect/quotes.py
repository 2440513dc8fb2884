"""What kind of statement a quote is, so a finding can show the one an editor would pick first.

A capability named in a specification row, an item of a purchase list or a contract clause is evidence that it was
bought; the same words in a headline, a table of contents or a cited title only point at it. A finding keeps every
statement of its rule on the page and ranks them by kind (then by page order). A statement that denies or forbids
the capability ("does not perform facial recognition", 不具备人脸识别功能, a ban, a cited 《title》) is no
statement of it at all: the matcher drops it (see `denied`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from oversight.text.chinese import simplified_map

QuoteKind = Literal["spec", "prose", "heading", "toc"]
RANK: dict[QuoteKind, int] = {"spec": 0, "prose": 1, "heading": 2, "toc": 3}
_DENIAL_REACH = 120  # raw characters before a hit searched for a denial cue

_TOC = re.compile(r"(\.{4,}|…{2,}|·{4,}|-{4,}|_{4,})\s*\d+\s*$")
_HEADING = re.compile(
    r"^\s*(#+\s|第[一二三四五六七八九十百\d]{1,4}[章节篇部分]|[一二三四五六七八九十]+、|\d+(\.\d+)+\s)"
)
_ITEM = re.compile(r"^\s*(\d+[.．、)）]|[（(]\d+[)）]|[•·▪■◆●\-–—*★☆])")
_SPEC = re.compile(
    r"[:：≥≤]|\t|\s{2,}\S|\|"
    r"|支持|应当?|须|需|具备|具有|要求|参数|不低于|不少于|不超过|采购|购买|中标|成交|合同|服务|系统|设备|功能"
    r"|\b(shall|must|supports?|required?|requirements?|capab\w*|specification|contract\w*|purchase\w*|procure\w*)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[。；;，,]|[.!?](\s|$)")


def kind(line: str) -> QuoteKind:
    """The kind of statement the page line holding a quote makes."""
    text = line.strip()
    if _TOC.search(text):
        return "toc"
    if _HEADING.match(text) and len(text) <= 40 and not _SENTENCE.search(text):
        return "heading"
    if _ITEM.match(text) or _SPEC.search(text):
        return "spec"
    if _is_title(text):
        return "heading"
    return "prose"


def _is_title(text: str) -> bool:
    """A short line without sentence punctuation whose English words are mostly capitalised."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
    if not words or len(text) > 100 or _SENTENCE.search(text):
        return False
    return bool(sum(w[0].isupper() for w in words) >= 0.6 * len(words))


@lru_cache(maxsize=1)
def _folding() -> dict[int, int]:
    return simplified_map()


def denied(denial: re.Pattern[str] | None, before: str) -> bool:
    """Does the raw text just before a hit (from its sentence start) deny, forbid or cite it?"""
    if denial is None:
        return False
    text = unicodedata.normalize("NFKC", before[-_DENIAL_REACH:]).lower().translate(_folding())
    return denial.search(text) is not None
