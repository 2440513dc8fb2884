"""Analyse one company, agency or person name into typed tokens that Chinese and Latin forms share.

Why typed tokens: what makes 杭州海康威视数字技术股份有限公司 Hikvision is its core 海康威视; the legal form is noise,
the leading place (杭州) and descriptors (数字, 技术) are weak evidence, and an industry word (银行, 人寿, 工程咨询) names a
sector that can prove a look-alike is a different business. Agencies (乌鲁木齐市公安局) have no core at all: their
identity is the place plus the kind of body, so places are strong there. Words in both scripts map to one concept
key (技术 = technology, 公安局 = public security bureau, 喀什 = Kashgar = the same gazetteer code), which is how a Chinese
name meets a list that only prints English.

Input is folded first: NFKC (full-width to half-width), traditional to simplified (the project's OpenCC character
map, oversight.text.chinese), case and diacritics.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Final

from oversight.screen import pinyin
from oversight.screen.lexicon import BRANCH, LEGAL, LEVEL, PLACE, Lexicon, PlaceRef, Term, fold_latin, lexicon
from oversight.screen.memo import Memo
from oversight.text.chinese import HAN, simplified_map

CORE: Final = "core"
NUMBER: Final = "number"
AGENCY: Final = "agency"
INDUSTRY: Final = "industry"
DESCRIPTOR: Final = "descriptor"
STOP: Final = "stop"
CONCEPT_KINDS: Final = frozenset({AGENCY, INDUSTRY, DESCRIPTOR})
_IDENTITY_KINDS: Final = frozenset(
    {CORE, NUMBER, PLACE, AGENCY, INDUSTRY, DESCRIPTOR}
)  # a name with none of these is kept whole
_SUFFIX_KINDS: Final = frozenset({LEGAL, BRANCH})

_PIECES: Final = re.compile(rf"([{HAN}]+)|([a-z0-9]+)")
_WORDS: Final = re.compile(r"[a-z0-9]+")
_HAN_RUNS: Final = re.compile(rf"[{HAN}]+")
_ASCII_ALNUM: Final = re.compile(r"[A-Za-z0-9]")
_ACCENTED_LETTER: Final = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")
_HAN_NUMBER: Final = re.compile(r"^第?([零〇一二两三四五六七八九十百千]+|\d+)$")
_ACRONYM: Final = re.compile(r"\s*\(([A-Z](?:\.?[A-Z0-9]){1,7}\.?)\)")
_LABEL: Final = re.compile(r"^[^:]{1,12}:(?=.)")
_ORDINAL: Final = re.compile(r"^(\d+)(?:st|nd|rd|th)?$")
_PLACE_SUFFIX: Final = "省市县区州旗盟镇乡"
_LATIN_LEVEL_AFTER: Final = frozenset(
    {"county", "district", "city", "municipal", "prefecture", "prefectural", "province"}
)
_DIGITS: Final = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS: Final = {"十": 10, "百": 100, "千": 1000}


_EMPTY: Final[frozenset[str]] = frozenset()  # shared by every analysis and __init__ default without them


@dataclass(slots=True)
class Token:
    """One word or known phrase of a name. Analyses are cached and share tokens: never change one."""

    text: str  # surface form after folding
    kind: str  # core | number | place | descriptor | industry | agency | gov | level | country | stop | legal | branch
    key: str  # concept key, place key or the core itself
    script: str  # han | latin
    codes: frozenset[str] = frozenset()  # gazetteer codes of a place
    sector: str = ""

    # Written out: a dataclass's generated __init__ is interpreted Python even in the compiled build (oversight.native).
    def __init__(
        self, text: str, kind: str, key: str, script: str, codes: frozenset[str] = _EMPTY, sector: str = ""
    ) -> None:
        self.text, self.kind, self.key, self.script, self.codes, self.sector = text, kind, key, script, codes, sector


@dataclass(slots=True)
class NameForm:
    """A name analysed for matching; `notes` say which transformations were applied (for explanations).

    Cached per name and read-only by contract (not a frozen dataclass only because those are slow to build).
    """

    original: str
    tokens: tuple[Token, ...]
    folds: tuple[str, ...]  # folding steps that changed the text (traditional → simplified, label dropped)
    han_core: str
    latin_cores: tuple[str, ...]
    numbers: frozenset[str]
    concepts: frozenset[str]
    sectors: frozenset[str]  # sectors named by industry words only
    place: Token | None  # the most specific place
    agency: bool
    person: bool = False
    places: tuple[Token, ...] = field(default=())
    surface: tuple[tuple[str, str], ...] = field(
        default=()
    )  # (kind, key) of every word: equal surfaces are the same name
    side: frozenset[str] = frozenset()  # keys of the places and descriptors beside the core
    place_codes: frozenset[str] = frozenset()
    legal: bool = False  # carries a legal form, i.e. is written as a registered name
    cored: bool = False  # has a distinctive core (companies, persons); agencies have none

    # Written out: a dataclass's generated __init__ is interpreted Python even in the compiled build (oversight.native).
    def __init__(
        self,
        original: str,
        tokens: tuple[Token, ...],
        folds: tuple[str, ...],
        han_core: str,
        latin_cores: tuple[str, ...],
        numbers: frozenset[str],
        concepts: frozenset[str],
        sectors: frozenset[str],
        place: Token | None,
        agency: bool,
        person: bool = False,
        places: tuple[Token, ...] = (),
        surface: tuple[tuple[str, str], ...] = (),
        side: frozenset[str] = _EMPTY,
        place_codes: frozenset[str] = _EMPTY,
        legal: bool = False,
        cored: bool = False,
    ) -> None:
        self.original, self.tokens, self.folds, self.han_core, self.latin_cores = (
            original,
            tokens,
            folds,
            han_core,
            latin_cores,
        )
        self.numbers, self.concepts, self.sectors, self.place, self.agency = numbers, concepts, sectors, place, agency
        self.person, self.places, self.surface, self.side, self.place_codes = person, places, surface, side, place_codes
        self.legal, self.cored = legal, cored

    @property
    def empty(self) -> bool:
        return not (self.cored or self.numbers or self.concepts or self.place)

    @property
    def latin_joined(self) -> str:
        return "".join(self.latin_cores)

    @property
    def notes(self) -> tuple[str, ...]:
        notes = list(self.folds)
        for token in self.tokens:
            if token.kind in (LEGAL, BRANCH):
                notes.append(f"{'legal form' if token.kind == LEGAL else 'branch marker'} '{token.text}' set aside")
        if self.cored and self.places:
            notes.append("place " + ", ".join(f"'{p.text}'" for p in self.places) + " weighed weakly")
        return tuple(notes)


@cache
def _traditional() -> frozenset[str]:
    """The characters the shared map changes: most names contain none and need no translation."""
    return frozenset(chr(code) for code in simplified_map())


def read(name: str, person: bool = False, shared: bool = False) -> NameForm:
    """Fold and tokenise `name`; `person` keeps every word as identity (no legal forms, places or terms). Not
    remembered: a screening call reads its query once (`analyze` remembers listed names and explanations, and shares
    their common parts: `shared`)."""
    lex = lexicon()
    notes: list[str] = []
    text = unicodedata.normalize("NFKC", name).strip()
    if ":" in text and _LABEL.match(text):
        notes.append(f"label '{text.split(':', 1)[0]}' dropped")
        text = _LABEL.sub("", text)
    if "(" in text and _ACRONYM.search(text) and _ACRONYM.sub("", text).strip():
        notes.append("acronym " + ", ".join(_ACRONYM.findall(text)) + " set aside")
        text = _ACRONYM.sub("", text)
    if not text.isascii() and not _traditional().isdisjoint(text):
        notes.append("traditional → simplified")
        text = text.translate(simplified_map())
    if text.isascii():
        tokens = _latin(_WORDS.findall(fold_latin(text)), lex, person)
    elif not _ASCII_ALNUM.search(text) and not _ACCENTED_LETTER.search(text):
        tokens = [token for run in _HAN_RUNS.findall(text) for token in _han(run, lex, person)]
    else:
        folded = fold_latin(text)
        tokens = []
        latin_words: list[str] = []
        for match in _PIECES.finditer(folded):
            han, word = match.groups()
            if word:
                latin_words.append(word)
                continue
            tokens.extend(_latin(latin_words, lex, person))
            latin_words = []
            tokens.extend(_han(han, lex, person))
        tokens.extend(_latin(latin_words, lex, person))
    kinds = {t.kind for t in tokens}
    if kinds & _SUFFIX_KINDS:
        tokens = _demote_inner_legal(tokens)
    if not kinds & _IDENTITY_KINDS:
        tokens = [Token(t.text, CORE, t.text, t.script) for t in tokens if t.kind != STOP] or tokens
    return _form(name, tuple(tokens), notes, lex, person, shared)


def _remembered(name: str, person: bool = False) -> NameForm:
    return read(name, person, shared=True)


analyze: Final = lru_cache(maxsize=32768)(_remembered)


def _form(name: str, tokens: tuple[Token, ...], folds: list[str], lex: Lexicon, person: bool, shared: bool) -> NameForm:
    han: list[str] = []
    latin: list[str] = []
    codes: list[str] = []
    numbers, concepts, sectors, places, surface, side = [], [], [], [], [], []
    agency = legal = False
    for t in tokens:
        kind = t.kind
        if kind != STOP:
            pair = (kind, t.key)
            surface.append(_PAIRS.setdefault(pair, pair) if shared else pair)
        if kind == CORE:
            (han if t.script == "han" else latin).append(t.key)
        elif kind == PLACE:
            places.append(t)
            side.append(t.key)
            codes.extend(t.codes)
        elif kind == NUMBER:
            numbers.append(t.key)
        elif kind == LEGAL:
            legal = True
        elif kind in CONCEPT_KINDS:
            concepts.append(t.key)
            if kind == DESCRIPTOR:
                side.append(t.key)
            elif kind == INDUSTRY and t.sector:
                sectors.append(t.sector)
            agency = agency or kind == AGENCY
    if len(_PAIRS) > _MAX_PAIRS:
        _PAIRS.clear()
    return NameForm(
        name,
        tokens,
        tuple(folds),
        "".join(han),
        tuple(latin),
        _frozen(numbers),
        _frozen(concepts),
        _frozen(sectors),
        _most_specific(tuple(places), lex) if places else None,
        agency,
        person,
        tuple(places),
        tuple(surface),
        _frozen(side),
        _frozen(codes),
        legal,
        bool(han or latin),
    )


_WORDS_READ: Final[Memo[str, Token]] = Memo(65536)
_PERSON_WORDS: Final[Memo[str, Token]] = Memo(65536)

# Analyses are cached per name: sharing the empty set (_EMPTY) and the (kind, key) pairs of common words keeps the objects
# each cached analysis adds, and so the garbage collector's rounds over them, few.
_PAIRS: Final[dict[tuple[str, str], tuple[str, str]]] = {}
_MAX_PAIRS: Final = 65536


def _frozen(items: list[str]) -> frozenset[str]:
    return frozenset(items) if items else _EMPTY


def _most_specific(places: tuple[Token, ...], lex: Lexicon) -> Token | None:
    best, depth = None, -1
    for token in places:
        level = 9 if not token.codes else max(lex.depth(code) for code in token.codes)
        if level >= depth:
            best, depth = token, level
    return best


def _han(run: str, lex: Lexicon, person: bool) -> list[Token]:
    if person:
        return [Token(run, CORE, run, "han")]
    # Leftmost-longest known words (the automaton picks them); what lies between them is core.
    out: list[Token] = []
    i = 0
    for end, (length, payload) in lex.han.iter_long(run):
        start = end - length + 1
        if not _accept(payload, start, out, start > i, run[end + 1 :], lex):
            continue
        if start > i:
            out.extend(_han_core(run[i:start], out))
        out.append(_han_token(run[start : end + 1], payload))
        i = end + 1
    if i < len(run):
        out.extend(_han_core(run[i:], out))
    return out


def _accept(
    payload: Term | PlaceRef, start: int, before: list[Token], core_pending: bool, rest: str, lex: Lexicon
) -> bool:
    """A bare place name (杭州) counts only where names put places: first, after another place, after the legal
    form where a branch is named (…有限公司北京分公司), or right before the legal form, where a company abroad or in
    another city names its place (大华技术香港有限公司, 华为技术日本株式会社)."""
    if not isinstance(payload, PlaceRef) or not payload.bare:
        return True
    if start == 0 or (bool(before) and before[-1].kind in (PLACE, LEGAL, BRANCH)):
        return not core_pending
    return bool(before) and _opens_with_legal_form(rest, lex)


def _opens_with_legal_form(text: str, lex: Lexicon) -> bool:
    found = next(iter(lex.han.iter_long(text)), None)
    if found is None:
        return False
    end, (length, payload) = found
    return end - length + 1 == 0 and isinstance(payload, Term) and payload.kind == LEGAL


@lru_cache(maxsize=16384)
def _han_token(surface: str, payload: Term | PlaceRef) -> Token:
    if isinstance(payload, PlaceRef):
        return Token(surface, PLACE, "#" + min(payload.codes), "han", payload.codes)
    return Token(surface, payload.kind, payload.concept, "han", sector=payload.sector)


def _han_core(run: str, before: list[Token]) -> list[Token]:
    number = _HAN_NUMBER.match(run)
    if number:
        return [Token(run, NUMBER, str(_han_int(number.group(1))), "han")]
    at_start = not before or before[-1].kind == PLACE
    if at_start and 3 <= len(run) <= 6 and run[-1] in _PLACE_SUFFIX:
        # An unknown place (东湖县): keep it as a place so that agencies named after it stay distinct.
        return [Token(run, PLACE, "?" + pinyin.keys(run[:-1])[0], "han")]
    return [Token(run, CORE, run, "han")]


def _han_int(text: str) -> int:
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        else:
            total += (digit or 1) * _UNITS[char]
            digit = 0
    return total + digit


def _latin(words: list[str], lex: Lexicon, person: bool) -> list[Token]:
    if person:
        return [_person_word(word) for word in words]
    out: list[Token] = []
    widths, n, i = lex.phrase_width, len(words), 0
    while i < n:
        word = words[i]
        if widths.get(word, 0) > 1 or (i + 1 < n and words[i + 1] in _LATIN_LEVEL_AFTER):
            token, width = _latin_phrase(words, i, lex)
        else:
            token, width = _word(word), 1
        out.append(token)
        i += width
    kinds = [t.kind for t in out]
    if LEVEL in kinds:
        out = _latin_context(out)
    if kinds.count(CORE) > 1:
        out = _typos(out, lex)
    return out


def _typos(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """A misspelt generic word ('cmpany', 'infrmation') is read as that word while another core word remains."""
    cores = sum(1 for t in tokens if t.kind == CORE)
    for k, token in enumerate(tokens):
        if cores < 2 or token.kind != CORE:
            continue
        typo = lex.fuzzy_term(token.text)
        if typo is not None:
            term = lex.latin[(typo,)]
            tokens[k] = Token(token.text, term.kind, term.concept, "latin", sector=term.sector)  # type: ignore[union-attr]
            cores -= 1
    return tokens


def _person_word(word: str) -> Token:
    """Every word of a person's name is identity, except the stop words of name particles (remembered per word)."""
    found = _PERSON_WORDS.get(word)
    if found is None:
        payload = lexicon().latin.get((word,))
        kind = STOP if isinstance(payload, Term) and payload.kind == STOP else CORE
        found = _PERSON_WORDS.put(word, Token(word, kind, word, "latin"))
    return found


def _latin_phrase(words: list[str], i: int, lex: Lexicon) -> tuple[Token, int]:
    """The longest known phrase at `i` (a county name only when a level word follows it), else the word alone."""
    for width in range(min(lex.phrase_width.get(words[i], 1), len(words) - i), 0, -1):
        phrase = tuple(words[i : i + width])
        payload = lex.latin.get(phrase)
        county = lex.latin_county.get(phrase)
        if county is not None and i + width < len(words) and words[i + width] in _LATIN_LEVEL_AFTER:
            payload = PlaceRef(county.codes | payload.codes, True) if isinstance(payload, PlaceRef) else county
        if payload is None:
            continue
        surface = " ".join(phrase)
        if isinstance(payload, PlaceRef):
            return Token(surface, PLACE, "#" + min(payload.codes), "latin", payload.codes), width
        return Token(surface, payload.kind, payload.concept, "latin", sector=payload.sector), width
    return _word(words[i]), 1


def _word(word: str) -> Token:
    """One Latin word on its own: a known word, a number, or a core. Tokens are never changed, so one serves all
    (remembered per word)."""
    found = _WORDS_READ.get(word)
    if found is None:
        found = _WORDS_READ.put(word, _word_token(word))
    return found


def _word_token(word: str) -> Token:
    payload = lexicon().latin.get((word,))
    if isinstance(payload, PlaceRef):
        return Token(word, PLACE, "#" + min(payload.codes), "latin", payload.codes)
    if payload is not None:
        return Token(word, payload.kind, payload.concept, "latin", sector=payload.sector)
    ordinal = _ORDINAL.match(word)
    if ordinal:
        return Token(word, NUMBER, str(int(ordinal.group(1))), "latin")
    return Token(word, CORE, word, "latin")


def _latin_context(tokens: list[Token]) -> list[Token]:
    """Level words count as such only beside a place; a word before 'county' is an unknown place."""
    out = list(tokens)
    for k, token in enumerate(out):
        nxt = out[k + 1] if k + 1 < len(out) else None
        prev = out[k - 1] if k else None
        if (
            token.kind == CORE
            and nxt is not None
            and nxt.kind == LEVEL
            and nxt.text in _LATIN_LEVEL_AFTER
            and (prev is None or prev.kind in (PLACE, LEVEL))
        ):
            out[k] = Token(token.text, PLACE, "?" + token.text, "latin")
    for k, token in enumerate(out):
        if token.kind != LEVEL:
            continue
        near = [out[j] for j in range(max(0, k - 3), min(len(out), k + 2)) if j != k]
        if not any(t.kind == PLACE for t in near):
            out[k] = Token(token.text, CORE, token.text.replace(" ", ""), "latin")
    return out


def _demote_inner_legal(tokens: list[Token]) -> list[Token]:
    """Latin legal words only at the end count as legal forms ('Co-operative Bank' keeps its 'co')."""
    last_core = max((k for k, t in enumerate(tokens) if t.kind == CORE), default=-1)
    if not any(t.kind in _SUFFIX_KINDS and t.script == "latin" for t in tokens[:last_core]):
        return tokens
    return [
        Token(t.text, CORE, t.text.replace(" ", ""), t.script)
        if t.kind in (LEGAL, BRANCH) and t.script == "latin" and k < last_core
        else t
        for k, t in enumerate(tokens)
    ]
