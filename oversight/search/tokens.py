"""Search tokens: how page text and queries are cut into the terms the full-text index holds.

Chinese is written without spaces and a one- or two-character term (维, 海康, 维族) must be findable. Text is
first folded as detection folds it (`oversight.text.fold.match_table`: NFKC, lower case, traditional to
simplified), so 維族 finds 维族 and the reverse; folding is one table lookup per character and keeps offsets. Runs
of other letters and digits are word tokens. CJK text is indexed as character pairs: each CJK character becomes
the pair it forms with the next token when that is also a CJK character (海康威视 -> 海康 康威 威视 视), else the
character alone. A query is the same pairs as a phrase, so 海康威视 asks for 海康 康威 威视 in a row, a
two-character term is a single token, and a lone character is a prefix (维*: 维族, 维修, 维). Pairs are far rarer
than single characters, which keeps phrase matching cheap on common characters. Separators between CJK characters
do not break a pair, so a term matches across a line break. A query's last word token may be a prefix (`DS-2CD*`
is ds then any word starting 2cd); it is written with a trailing PREFIX mark in the phrase tuples this module
passes around.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

from oversight.text.chinese import CJK_RANGES, CJK_SUPPLEMENTARY
from oversight.text.fold import match_table
from oversight.text.normalize import normalize

SEPARATOR, WORD, CJK = 0, 1, 2
_BMP = 0x10000
_SPACE = ord(" ")
_LAYOUT = "cjk-pairs+words/1"  # bump when the way tokens are cut changes
PREFIX = "*"  # marks a phrase's last word token as a prefix


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Folded code point and token class of every BMP code point."""
    folded = match_table()[:_BMP]
    kinds = np.fromiter(
        (WORD if chr(code).isalnum() else SEPARATOR for code in folded.tolist()), dtype=np.uint8, count=_BMP
    )
    for low, high in CJK_RANGES:
        kinds[(folded >= low) & (folded < high)] = CJK
    return folded, kinds


@lru_cache(maxsize=1)
def scheme() -> str:
    """Fingerprint of the tokeniser (tables and token layout): an index built with another must be rebuilt."""
    folded, kinds = _tables()
    digest = hashlib.sha256(_LAYOUT.encode())
    digest.update(folded.tobytes())
    digest.update(kinds.tobytes())
    return digest.hexdigest()[:16]


def fold(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Folded code points of `text` (one per character) and the token class of each."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    folded, kinds = _tables()
    low = np.minimum(codes, _BMP - 1)
    high = codes >= _BMP
    out = np.where(high, codes, folded[low])
    classes = np.where(
        high, np.where((codes >= CJK_SUPPLEMENTARY[0]) & (codes < CJK_SUPPLEMENTARY[1]), CJK, SEPARATOR), kinds[low]
    )
    return out, classes.astype(np.uint8)


def index_texts(texts: list[str]) -> list[str]:
    """The index form of each text: its tokens separated by spaces (a few numpy passes over the whole batch)."""
    if not texts:
        return []
    codes, kinds = fold("".join(text + "\n" for text in texts))
    size = len(codes)
    starts = np.cumsum([0] + [len(text) + 1 for text in texts[:-1]])
    joints = starts[1:] - 1
    cjk = kinds == CJK
    # The first token character at or after each position; the newlines joining texts stop the search, so a
    # pair never spans two texts.
    marks = np.where(kinds != SEPARATOR, np.arange(size), size)
    marks[joints] = joints
    after = np.append(np.minimum.accumulate(marks[::-1])[::-1], size)
    at = np.flatnonzero(cjk)
    partner = after[at + 1]
    paired = partner < size
    paired[paired] = cjk[partner[paired]]
    pair = np.zeros(size, dtype=np.uint32)
    pair[at[paired]] = codes[partner[paired]]
    pad = np.where(cjk, _SPACE, 0).astype(np.uint32)
    body = np.where(kinds == SEPARATOR, _SPACE, codes).astype(np.uint32)
    spread = np.stack([pad, body, pair, pad], axis=1).ravel()
    compact = spread[spread != 0].tobytes().decode("utf-32-le")
    # Slots kept per character: the body always, two pads per CJK character, and its pair partner.
    kept = 1 + 2 * cjk.astype(np.int64) + (pair != 0)
    lengths = np.add.reduceat(kept, starts)
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    return [compact[a : b - 1] for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist())]


def query_tokens(term: str) -> tuple[str, ...]:
    """Tokens of a query term, one per CJK character and one per word, normalised and folded as page text is."""
    codes, kinds = fold(normalize(term).text)
    text = codes.tobytes().decode("utf-32-le", "surrogatepass")
    tokens, start = [], None
    for position, kind in enumerate(kinds.tolist()):
        if start is not None and kind != WORD:
            tokens.append(text[start:position])
            start = None
        if kind == CJK:
            tokens.append(text[position])
        elif kind == WORD and start is None:
            start = position
    if start is not None:
        tokens.append(text[start:])
    return tuple(tokens)


def match_phrase(tokens: tuple[str, ...]) -> str:
    """The FTS5 phrase that finds `tokens` (from `query_tokens`, the last maybe marked PREFIX) in index tokens."""
    prefix = tokens[-1].endswith(PREFIX)
    tokens = (*tokens[:-1], tokens[-1].removesuffix(PREFIX))
    cjk = [is_cjk(token) for token in tokens]
    out = []
    for index, token in enumerate(tokens):
        if not cjk[index]:
            out.append(token)
        elif index + 1 < len(tokens):
            out.append(token + tokens[index + 1] if cjk[index + 1] else token)
        elif not (index and cjk[index - 1]):  # a last character not covered by the pair before it
            return '"' + " ".join([*out, token]) + '"*'
    return '"' + " ".join(out) + '"' + ("*" if prefix else "")


def is_cjk(token: str) -> bool:
    """Whether a query token is one CJK character."""
    return len(token) == 1 and bool(fold(token)[1][0] == CJK)


def find(text: str, phrases: tuple[tuple[str, ...], ...]) -> list[tuple[int, int, int]]:
    """(start, end, phrase number) of every place in `text` where one of the phrases (`query_tokens`) occurs as
    the index matches it, in text order; offsets are into `text`, which folding keeps."""
    codes, kinds = fold(text)
    folded = codes.tobytes().decode("utf-32-le", "surrogatepass")
    solid = np.flatnonzero(kinds != SEPARATOR)
    hits = []
    for number, phrase in enumerate(phrases):
        first = phrase[0].removesuffix(PREFIX)
        position = folded.find(first)
        while position >= 0:
            end = _token_at(folded, kinds, position, phrase[0])
            for token in phrase[1:]:
                if end is None:
                    break
                following = int(np.searchsorted(solid, end))
                end = _token_at(folded, kinds, int(solid[following]), token) if following < len(solid) else None
            if end is not None:
                hits.append((position, end, number))
            position = folded.find(first, position + 1)
    return sorted(hits)


def _token_at(folded: str, kinds: np.ndarray, start: int, token: str) -> int | None:
    """The end of the token starting at `start` if it is `token` (or, for a PREFIX token, begins with it)."""
    if kinds[start] == CJK:
        return start + 1 if folded[start] == token else None
    prefix = token.endswith(PREFIX)
    stem = token.removesuffix(PREFIX)
    end = start + len(stem)
    if folded[start:end] != stem or (start and kinds[start - 1] == WORD):
        return None
    if prefix:
        while end < len(kinds) and kinds[end] == WORD:
            end += 1
        return end
    return None if end < len(kinds) and kinds[end] == WORD else end
