"""Organisation names in running text, found by the legal form that ends them.

Chinese names are unspaced, so a name is read leftwards from its ending (有限公司, 公安局 ...) over Han characters
until punctuation or a word that introduces a name (在, 由, 委托 ...), and over a line break where the line above
was wrapped in the middle of the name (`layout.wrapped`). English names
are the run of capitalised words before `Co., Ltd.`, `Public Security Bureau` and the like. These are candidates:
screening decides whether any of them is a listed party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from oversight.entities.catalog import vocabulary
from oversight.entities.layout import compact, line_bounds, wrapped
from oversight.entities.literals import Literals
from oversight.text.chinese import HAN_CHAR

_MAX_BRACKET = 8
_ALIAS_NOTES = ("以下简称", "下称", "简称", "以下称")  # `XX公司（以下简称招标人）和YY`: the bracket ends a name


@dataclass(frozen=True, slots=True)
class Name:
    start: int
    end: int
    suffix: str
    government: bool


@lru_cache(maxsize=1)
def _han_suffixes() -> Literals[bool]:
    """Every legal form and organisation suffix, each with whether it names a government body."""
    vocab = vocabulary()
    government = set(vocab.government_suffixes)
    return Literals((s, s in government) for s in vocab.company_suffixes + vocab.government_suffixes)


@lru_cache(maxsize=1)
def _latin_suffixes() -> Literals[bool]:
    """The English legal forms and suffixes: a page without one names no English organisation by its form."""
    vocab = vocabulary()
    return Literals((s, True) for s in vocab.english_company_suffixes + vocab.english_government_suffixes)


@lru_cache(maxsize=1)
def _latin_pattern() -> re.Pattern[str]:
    vocab = vocabulary()
    suffixes = sorted(vocab.english_company_suffixes + vocab.english_government_suffixes, key=len, reverse=True)
    terminal = "|".join(re.escape(t) for t in vocab.english_terminal)
    word = rf"(?!(?:{terminal})(?![A-Za-z]))(?!Co\.?,)(?:[A-Z]|[a-z]+[A-Z])[A-Za-z0-9&'-]*\.?"
    joiner = r"(?:[ ]+(?:and|of|for|the|&))?"
    # `Axon Enterprise, Inc.`: a comma may stand before the legal form
    return re.compile(
        rf"(?<![A-Za-z0-9])(?:{word}{joiner}[ ]+){{0,7}}{word}(?:,[ ]*|[ ]+)"
        rf"(?P<suffix>{'|'.join(map(re.escape, suffixes))})(?![A-Za-z])"
    )


def find_names(text: str) -> list[Name]:
    """Candidate organisation names on a folded page, in order."""
    vocab = vocabulary()
    found = []
    for suffix_at, end, (government, *_) in _han_suffixes().leftmost_longest(text):
        if text.startswith(vocab.not_before, end):
            continue
        start = _han_start(text, suffix_at)
        if start is not None and not compact(text[start:end]).endswith(_non_parties()):
            found.append(Name(start, end, text[suffix_at:end], government))
    if _latin_suffixes().found(text):
        english_government = set(vocab.english_government_suffixes)
        for m in _latin_pattern().finditer(text):
            start = _latin_start(m.group())
            found.append(Name(m.start() + start, m.end(), m.group("suffix"), m.group("suffix") in english_government))
    return sorted(found, key=lambda n: n.start)


def _latin_start(name: str) -> int:
    """Where a Latin name begins inside its match: after the last ` and ` when an `of` came before it (`City of
    Port St. Lucie and Axon Enterprise, Inc.` lists two parties; `Procter and Gamble Co.` is one)."""
    joined = name.rfind(" and ")
    return joined + len(" and ") if joined > 0 and " of " in name[:joined] else 0


@lru_cache(maxsize=1)
def _non_parties() -> tuple[str, ...]:
    return tuple(vocabulary().non_parties)


def _wrap_above(text: str, line_start: int) -> int | None:
    """Where the line above `line_start` ends, when its last word was wrapped onto this line; else None."""
    above_start, above_end = line_bounds(text, line_start - 1)
    below_end = line_bounds(text, line_start)[1]
    return above_end if wrapped(text[above_start:above_end], text[line_start:below_end]) else None


def _han_start(text: str, suffix_at: int) -> int | None:
    """Where the name ending at `suffix_at` begins, or None when what precedes names no one."""
    vocab = vocabulary()
    i = suffix_at
    while i > 0 and suffix_at - i < vocab.max_name_chars:
        char = text[i - 1]
        if HAN_CHAR.match(char):
            i -= 1
        elif char == ")":
            opened = text.rfind("(", max(0, i - 1 - _MAX_BRACKET), i - 1)
            if opened < 0 or "\n" in text[opened:i] or text.startswith(_ALIAS_NOTES, opened + 1):
                break
            i = opened
        elif char == "\n" and suffix_at - i < 2 and (above := _wrap_above(text, i)) is not None:
            i = above  # `有\n限公司`: a legal form at the start of a line, its name wrapped from the line above
        else:
            break
    body = compact(text[i:suffix_at])
    cut = max((body.rfind(stop) + len(stop) for stop in vocab.left_stops if stop in body), default=0)
    body = body[cut:]
    if cut == 0 and body.startswith("年") and (i == 0 or not HAN_CHAR.match(text[i - 1])):
        body = body[2:] if body.startswith("年度") else body[1:]  # `2024 年XX局`: the year is no part of the name
    if len(body) < 2 or body.startswith("("):
        return None
    if (len(body) <= 2 and body[0] in vocab.determiners) or body.startswith(vocab.determiner_words):
        return None
    if text[suffix_at : suffix_at + 2] == "公司" and body[-1] in vocab.determiners:
        return None  # `发送至我公司`, `设立子公司`: a bare 公司 after a determiner names no one

    return suffix_at - len(body) if len(body) == suffix_at - i else _uncompact(text, i, suffix_at, len(body))


def _uncompact(text: str, start: int, end: int, keep: int) -> int:
    """Where the last `keep` characters of text[start:end], line breaks not counted, begin."""
    at = end
    while keep > 0 and at > start:
        at -= 1
        if text[at] not in "\r\n":
            keep -= 1
    return at
