"""Split a person, company or vessel name into typed words for alignment, in Latin letters.

rigour does the analysis (`rigour.names.analyze_names`: tokenising, legal forms and organisation types in many
languages as ORG_CLASS symbols, stop words and name particles, numbers and ordinals, places, and NAME/NICK symbols
that join a given name across scripts and nicknames: Bibi = Benjamin, باراك = Barack). We add what the screening
guards need: each word's role (distinctive name, generic word, place, number, legal form, particle, initial), its
Latin form (ICU transliteration through `fold.latin`), and the candidate keys an index shares with it (the word and
its one-letter deletions), so that whole-list screening reaches every name the pair scorer can match.

Generic words come from data: `data/generic_words.csv` plus the descriptor and industry words of `data/terms.csv`
and the Latin legal forms of `data/legal_forms.csv`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import count, pairwise
from typing import Final, Literal

from rigour.names import Name, NamePartTag, NameTypeTag, Symbol, analyze_names
from rigour.territories import get_territories
from rigour.text import metaphone

from oversight.datafile import read_csv
from oversight.screen import indic, inflection, korean, skeleton, spellings, thai
from oversight.screen.fold import fold, latin
from oversight.screen.lexicon import PlaceRef, Term, lexicon
from oversight.screen.memo import Memo
from oversight.text.chinese import HAN

Kind = Literal["person", "organization", "object"]
Role = Literal["name", "generic", "location", "number", "legal", "stop", "initial"]
KINDS: Final[tuple[Kind, ...]] = ("person", "organization", "object")
_TAG: Final[dict[Kind, NameTypeTag]] = {
    "person": NameTypeTag.PER,
    "organization": NameTypeTag.ORG,
    "object": NameTypeTag.OBJ,
}
_SCHEMA_KIND: Final[dict[str, Kind]] = {
    "Person": "person",
    "Company": "organization",
    "Organization": "organization",
    "PublicBody": "organization",
    "Vessel": "object",
    "Airplane": "object",
    "Asset": "object",
    "Security": "object",
}
_CAT: Final = Symbol.Category
_NAME_CATEGORIES: Final = (_CAT.NAME, _CAT.NICK)
_GENERIC_CATEGORIES: Final = (_CAT.SYMBOL, _CAT.DOMAIN)
# Han and Hangul (not kana, which spells foreign names by sound): a changed character is a changed name.
_SYLLABIC: Final = re.compile(rf"[\u1100-\u11ff\uac00-\ud7af{HAN}]")  # Hangul jamo and syllables, Han
# Scripts that leave most vowels unwritten (Hebrew, Arabic, Syriac) or whose vowel signs ICU's romanisation drops
# (Thai, Lao): their words meet a Latin spelling by consonant skeleton (محمد: mhmd = Mohammed), never as a typo.
_UNVOWELLED: Final = re.compile(r"[\u0590-\u05ff\u0600-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u0e00-\u0eff]")
_NOT_LETTER: Final = re.compile(r"[^a-z0-9]+")
_KATAKANA_NAME: Final = re.compile(r"[\u30a0-\u30ff\u31f0-\u31ff\uff65\s\u00b7\u2022\u2027\u2219]+")
_KATAKANA_SPLIT: Final = re.compile(r"[\s\u00b7\u30fb\u2022\u2027\uff65\u2219\u30a0=]+")
_HANGUL_NAME: Final = re.compile(r"[\uac00-\ud7af]{2,4}")  # a Korean person's name in Hangul syllables
# Arabic and Hebrew spelling variants that name the same word: vowel signs, tatweel, hamza seats, ta marbuta, and
# the Persian and Urdu forms of yeh, kaf and heh (علی = علي, کاظم = كاظم), which are the same letters.
_SCRIPT_VARIANTS: Final = str.maketrans(
    {"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0649": "\u064a"}
    | {"\u0629": "\u0647", "\u0640": None}
    | dict.fromkeys(range(0x064B, 0x0660), None)
    | {0x0670: None}
    | {"\u06cc": "\u064a", "\u06d2": "\u064a", "\u06a9": "\u0643", "\u06c1": "\u0647", "\u06be": "\u0647"}
    | {"\u06c0": "\u0647", "\u06d5": "\u0647"}
    | dict.fromkeys(range(0x0591, 0x05C8), None)
)
MIN_KEY_DELETIONS: Final = 4
MIN_SOUND: Final = 3  # two-consonant sound keys (Wright, Ruto: RT) join too many different names
MIN_PREFIX_WORD, PREFIX = 8, 4
_LONE_ROMAN: Final = {
    "i": "1",
    "v": "5",
    "x": "10",
}  # words this long also key on their one-letter deletions (typos reach their name)


_NONE: Final[frozenset[str]] = frozenset()  # shared by every word without symbols (fewer objects for the collector)


@dataclass(slots=True, eq=False)
class Part:
    """One word of an analysed name; shared by cached analyses, never changed (not frozen: those build slowly)."""

    text: str  # Latin letters, lower case
    role: Role
    symbols: frozenset[str]  # "NAME:Q…", "NICK:BEN", "LOCATION:cn", "NUMERIC:2", "ORG_CLASS:LLC", "DOMAIN:BANK"
    keys: frozenset[str]  # candidate keys: the word, its one-letter deletions (see also `joins`)
    # written in Han, Hangul or kana (one changed character is another name, never a typo), or in a script that
    # leaves vowels unwritten (met by its consonant skeleton)
    syllabic: bool = False
    raw: str = ""  # the word as written, when syllabic
    sound: str = ""  # metaphone key (Husayn = Hussein = HSN), for words left over on both sides
    skeleton: str = ""  # consonant skeleton of a person's Latin word or transliterated foreign name (skeleton.py)
    reading: int = -1  # one number per distinct reading of a word (`reading`): align remembers word-pair scores by it
    # skeleton keys ('≈'): how a Latin query word finds a listed transliteration (贝拉克, محمد) and the reverse
    sounds: frozenset[str] = frozenset()
    # more candidate keys: the word written together with the word before or after it (Vladimir Putin ~ VladimirPutin),
    # apart from `keys`, which many names share word by word
    joins: tuple[str, ...] = ()

    # Written out: a dataclass's generated __init__ is interpreted Python even in the compiled build (oversight.native).
    def __init__(
        self,
        text: str,
        role: Role,
        symbols: frozenset[str],
        keys: frozenset[str],
        syllabic: bool = False,
        raw: str = "",
        sound: str = "",
        skeleton: str = "",
        reading: int = -1,
        sounds: frozenset[str] = _NONE,
        joins: tuple[str, ...] = (),
    ) -> None:
        self.text, self.role, self.symbols, self.keys, self.syllabic = text, role, symbols, keys, syllabic
        self.raw, self.sound, self.skeleton, self.reading, self.sounds = raw, sound, skeleton, reading, sounds
        self.joins = joins

    def shares_key(self, other: Part) -> bool:
        """Whether the two words have a key (own or joined) in common."""
        return (
            self.meets(other.keys)
            or any(j in other.joins for j in self.joins)
            or any(j in self.keys for j in other.joins)
        )

    def meets(self, keys: AbstractSet[str]) -> bool:
        """Whether one of this word's keys (its own or joined) is among `keys`."""
        return not self.keys.isdisjoint(keys) or any(j in keys for j in self.joins)


@dataclass(slots=True, eq=False)
class Parsed:
    """A name analysed for one kind of entity; cached and shared, never changed (not frozen: those build slowly).
    Built by `parse`."""

    original: str
    kind: Kind
    comparable: str  # all words joined by spaces
    parts: tuple[Part, ...]
    identity: tuple[Part, ...]  # words that say who or what: all but particles and legal forms
    unspaced: str  # all letters without spaces (SiemensAG = Siemens AG, PolPot = Pol Pot)
    initials: str  # first letters of a name of three or more words (People's Liberation Army: pla), else ''
    anchors: tuple[Part, ...]  # the words that can anchor a match: distinctive ones, or all when there are none
    legal_forms: frozenset[str]  # ORG_CLASS symbols of its legal forms
    leading: tuple[Part, ...] = ()  # a person written 'FAMILY, Given': the first family and the first given word
    distinctive: bool = False  # has a distinctive word (role 'name')
    numbers: frozenset[str] = frozenset()  # values of its number words (`numbers`)
    _anchor_keys: frozenset[str] | None = None

    # Written out: a dataclass's generated __init__ is interpreted Python even in the compiled build (oversight.native).
    def __init__(
        self,
        original: str,
        kind: Kind,
        comparable: str,
        parts: tuple[Part, ...],
        identity: tuple[Part, ...],
        unspaced: str,
        initials: str,
        anchors: tuple[Part, ...],
        legal_forms: frozenset[str],
        leading: tuple[Part, ...] = (),
        distinctive: bool = False,
        numbers: frozenset[str] = _NONE,
        _anchor_keys: frozenset[str] | None = None,
    ) -> None:
        self.original, self.kind, self.comparable, self.parts, self.identity = (
            original,
            kind,
            comparable,
            parts,
            identity,
        )
        self.unspaced, self.initials, self.anchors, self.legal_forms = unspaced, initials, anchors, legal_forms
        self.leading, self.distinctive, self.numbers, self._anchor_keys = leading, distinctive, numbers, _anchor_keys

    @classmethod
    def of(cls, original: str, kind: Kind, parts: tuple[Part, ...], family_words: int = 0) -> Parsed:
        identity: list[Part] = []
        names: list[Part] = []
        forms: list[str] = []
        values: set[str] = set()
        for p in parts:
            role = p.role
            if role == "legal":
                for symbol in p.symbols:
                    if symbol.startswith("ORG_CLASS:"):
                        forms.append(symbol)
            elif role != "stop":
                identity.append(p)
                if role == "name":
                    names.append(p)
                elif role == "number":
                    values.update(numbers(p))
        comparable = " ".join([p.text for p in parts])
        words = [p.text for p in identity]
        initials = "".join([w[0] for w in words]) if len(words) >= 3 and all(w.isalpha() for w in words) else ""
        # Distinctive words anchor; a name without any (Deutsche Bank) is anchored by all its words.
        leading = (names[0], names[family_words]) if 0 < family_words < len(names) else ()
        # Reuse equal tuples: a cached analysis then holds fewer objects for the garbage collector to walk.
        identity_tuple = parts if len(identity) == len(parts) else tuple(identity)
        anchors = identity_tuple if not names or len(names) == len(identity) else tuple(names)
        return Parsed(
            original,
            kind,
            comparable,
            parts,
            identity_tuple,
            comparable.replace(" ", ""),
            initials,
            anchors,
            frozenset(forms) if forms else _NONE,
            leading,
            bool(names),
            frozenset(values) if values else _NONE,
        )

    @property
    def anchor_keys(self) -> frozenset[str]:
        """Keys of the anchor words, and of the whole name ('=' + unspaced, '=' + initials): what a listed name is
        found by. Worked out when first asked (index building; the pair gate asks it of listed names only)."""
        keys = self._anchor_keys
        if keys is None:
            found = set().union(*(p.keys for p in self.anchors), *(p.joins for p in self.anchors))
            found.add("=" + self.unspaced)
            # Latin words of a person also key on their skeletons, which only a transliterated query word carries.
            found.update(
                *(skeleton.latin_keys(p.text, p.skeleton) for p in self.anchors if p.skeleton and not p.syllabic)
            )
            # Transliterated words also key on their skeletons in the space Latin query words probe (`probes`).
            found.update(*(p.sounds for p in self.anchors if p.syllabic))
            if self.initials:
                found.add("=" + self.initials)
            keys = self._anchor_keys = frozenset(found)
        return keys

    def keyed(self, other: Parsed) -> int:
        """How many of this name's anchor words share a key with the other name's anchors."""
        keys = other.anchor_keys
        return sum(1 for p in self.anchors if p.meets(keys) or not probes(p).isdisjoint(keys))


def probes(part: Part) -> frozenset[str]:
    """The skeleton keys a Latin word looks for among transliterated listed words (only those carry them)."""
    return _NONE if part.syllabic else part.sounds


def numbers(part: Part) -> frozenset[str]:
    """The values a number word stands for (NUMERIC symbols), else its text."""
    return frozenset({s for s in part.symbols if s.startswith("NUMERIC:")} or {part.text})


def keyed_needed(ours: int, theirs: int) -> int:
    """Anchor words that must share a key for a hit: half of the shorter name's, rounded up (one for one word), and
    half of the longer name's, rounded down: one shared word does not make a seven-word name a candidate for a
    two-word one (the words left over would outweigh it)."""
    return max((min(ours, theirs) + 1) // 2, max(ours, theirs) // 2)


def kind_of(schema: str | None, name: str = "") -> tuple[Kind, str]:
    """The kind of entity a list schema names; for LegalEntity or none, a guess from the name, with the reason."""
    if schema in _SCHEMA_KIND:
        return _SCHEMA_KIND[schema], f"schema {schema}"
    words = [p for p in parse(name, "organization").parts] if name else []
    if any(p.role in ("legal", "generic") for p in words):
        return "organization", "guessed: the name carries a legal form or an organisation word"
    return "person", "guessed: no legal form or organisation word, read as a person's name"


def read(name: str, kind: Kind) -> Parsed:
    """Analyse `name` as a `kind`; an unreadable name gives no parts (and matches nothing). Not remembered: see
    `parse` (listed names, remembered) and `Readings` (a query, for one screening call)."""
    text = fold(name)
    if not text.isascii():
        # Thai letters written but not spoken, and Indic words with the marks the tokeniser drops, are read first.
        text = indic.romanised(thai.spoken(text))
    best: Parsed | None = None
    person = kind == "person"
    if person and not text.isascii():
        text = _untitled(text)
    # Person-name symbols would load rigour's whole given-name table (tens of seconds, ~1 ms a name): people are
    # matched on their transliterated words instead.
    analysed_names = analyze_names(_TAG[kind], [text], symbols=not person, phonetics=False, consolidate=False)
    family = _family_words(text) if person else 0
    persian = person and not text.isascii() and _PERSIAN.search(text) is not None
    foreign = person and skeleton.FOREIGN_DOT.search(text) is not None
    for analysed in analysed_names:
        words = _parts(analysed, kind, persian)
        if person and not text.isascii() and any(_HANGUL_NAME.fullmatch(p.raw) for p in words):
            words = [piece for p in words for piece in _korean(p)]
        parts = _join_keys(words)
        if foreign:
            parts = tuple(_transliterated(p) if p.syllabic and p.role == "name" else p for p in parts)
            if _KATAKANA_NAME.fullmatch(text):
                parts = _katakana(parts, text)
        parsed = Parsed.of(name, kind, parts, family)
        if best is None or len(parsed.parts) > len(best.parts):
            best = parsed
    return best or Parsed.of(name, kind, ())


parse: Final = lru_cache(maxsize=131072)(read)  # `read`, remembered: listed names and their kind guesses analyse once


class Readings:
    """One query's analyses by kind, worked out when first asked and kept for one screening call only. Queries are
    not remembered across calls: a bulk run of distinct names would keep every analysis alive, and the garbage
    collector would walk them again and again."""

    __slots__ = ("_by_kind", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self._by_kind: dict[Kind, Parsed] = {}

    def __call__(self, kind: Kind) -> Parsed:
        found = self._by_kind.get(kind)
        if found is None:
            found = self._by_kind[kind] = read(self.name, kind)
        return found


def _transliterated(part: Part) -> Part:
    """A word of a foreign name written in Chinese (贝拉克 of 贝拉克·奥巴马) also keys on its consonant skeleton."""
    bones = skeleton.of_han(part.raw)
    return _resounded(part, part.keys | skeleton.keys(bones), part.raw, part.sound, bones)


def _katakana(parts: tuple[Part, ...], text: str) -> tuple[Part, ...]:
    """The words of a foreign name written in katakana (ウラジーミル・プーチン) meet their Latin spelling by consonant
    classes, as Chinese transliterations do (`skeleton.of_kana`), not by the spelling of their romanisation."""
    written = [w for w in _KATAKANA_SPLIT.split(text) if w]
    if len(written) != len(parts):
        return parts
    out = []
    for part, kana in zip(parts, written, strict=True):
        if part.role != "name":
            out.append(part)
            continue
        bones = skeleton.of_kana(part.text, kana)
        out.append(_resounded(part, part.keys | skeleton.keys(bones), kana, "", bones))
    return tuple(out)


def _resounded(part: Part, keys: frozenset[str], raw: str, sound: str, bones: str) -> Part:
    """A word of a name, read again by its sound once its keys are complete: a new syllabic Part with the same
    text, role, symbols and joined keys (`_join_keys`)."""
    out = _new_part(part.text, part.role, part.symbols, keys, True, raw, sound, bones)
    out.joins = part.joins
    return out


def _korean(part: Part) -> list[Part]:
    """A Korean name written as one word (김정은) is a one-syllable family name and a given name, each meeting its
    Latin spelling by Korean consonants (`skeleton.of_korean`: gim = Kim; jeongeun = Jong Un, two words in Latin)."""
    if not _HANGUL_NAME.fullmatch(part.raw):
        return [part]
    pieces = (part.raw[:1], part.raw[1:]) if len(part.raw) > 2 else (part.raw,)
    out = []
    for k, piece in enumerate(pieces):
        text = latin(piece)
        bones = skeleton.of_korean(text)
        keys = frozenset({text}) | skeleton.keys(bones) | korean.keys(piece, family=k == 0 and len(pieces) > 1)
        out.append(_new_part(text, part.role, part.symbols, keys, True, piece, "", bones))
    return out


def _family_words(text: str) -> int:
    """Name words before the one comma of a person written 'FAMILY, Given' (list style: TORRES FELIX, Javier)."""
    if text.count(",") != 1:
        return 0
    family, given = text.split(",")
    if not given.strip():
        return 0
    return sum(1 for p in parse(family, "person").identity if p.role == "name")


def _parts(analysed: Name, kind: Kind, persian: bool = False) -> list[Part]:
    """Typed words; a number written in several words (Forty-Four) becomes one number word."""
    words = analysed.parts
    symbols: dict[int, set[str]] = {}  # word position -> its symbols
    merged: dict[int, tuple[int, str]] = {}  # first word of a several-word number -> (its last word, its value)
    spans = analysed.spans
    if spans:
        index = {id(p): i for i, p in enumerate(words)}
        for span in spans:
            symbol = span.symbol
            category = _category(symbol.category)
            positions = [index[id(part)] for part in span.parts]
            for position in positions:
                symbols.setdefault(position, set()).add(f"{category}:{symbol.id}")
            if category == "NUMERIC" and len(positions) > 1 and kind != "person":
                merged[min(positions)] = (max(positions), str(symbol.id))
    out: list[Part] = []
    k, count = 0, len(words)
    while k < count:
        if k in merged:
            last, value = merged[k]
            text = "".join(latin(w.comparable) for w in words[k : last + 1])
            out.append(_new_part(text, "number", frozenset({"NUMERIC:" + value}), frozenset({"#" + value})))
            k = last + 1
            continue
        word = words[k]
        found = symbols.get(k)
        if kind != "person" and not word.form.isascii() and not (found and any(s[:9] == "LOCATION:" for s in found)):
            place = inflection.territory(word.form)  # a place name in another case (России: of Russia)
            if place is not None:
                found = (found or set()) | {"LOCATION:" + place}
        out.append(
            _part(
                word.form, word.comparable, word.tag, word.numeric, frozenset(found) if found else _NONE, kind, persian
            )
        )
        k += 1
    if kind != "person":
        _roman_last(out)
    return out


@cache
def _category(category: object) -> str:
    return str(category).rsplit(".", 1)[-1]


def _roman_last(parts: list[Part]) -> None:
    """A lone I, V or X closing a company name is a series number (Citigroup Capital Trust I, Fund X)."""
    identity = [k for k, p in enumerate(parts) if p.role not in ("stop", "legal")]
    if len(identity) > 1 and parts[identity[-1]].text in _LONE_ROMAN:
        k = identity[-1]
        value = _LONE_ROMAN[parts[k].text]
        parts[k] = _new_part(parts[k].text, "number", frozenset({"NUMERIC:" + value}), frozenset({"#" + value}))


_PartFields = tuple[str, Role, frozenset[str], frozenset[str], bool, str, str, str, int, frozenset[str]]
_READINGS: Final[Memo[tuple[str, Role, frozenset[str], bool, str, str, str], int]] = Memo(262144)
_next_reading: Final = count().__next__


def reading(text: str, role: Role, symbols: frozenset[str], syllabic: bool, raw: str, sound: str, bones: str) -> int:
    """One number per distinct reading of a word (everything alignment compares, not its candidate keys), so that
    word-pair similarities are remembered by two integers. Per word, like the other word caches; numbers are never
    reused when the table is emptied, so a forgotten reading only costs a new number."""
    key = (text, role, symbols, syllabic, raw, sound, bones)
    found = _READINGS.get(key)
    return _READINGS.put(key, _next_reading()) if found is None else found


def _new_part(
    text: str,
    role: Role,
    symbols: frozenset[str],
    keys: frozenset[str],
    syllabic: bool = False,
    raw: str = "",
    sound: str = "",
    bones: str = "",
) -> Part:
    return _built(_fields(text, role, symbols, keys, syllabic, raw, sound, bones))


def _built(f: _PartFields) -> Part:
    """A Part from its fields, spelt out: Part(*fields) cannot call the compiled constructor directly."""
    return Part(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9])


def _fields(
    text: str,
    role: Role,
    symbols: frozenset[str],
    keys: frozenset[str],
    syllabic: bool,
    raw: str,
    sound: str,
    bones: str,
) -> _PartFields:
    """A Part's fields, its reading number and skeleton keys last."""
    return (
        text,
        role,
        symbols,
        keys,
        syllabic,
        raw,
        sound,
        bones,
        reading(text, role, symbols, syllabic, raw, sound, bones),
        skeleton.probe_keys(bones) if syllabic else skeleton.latin_probes(text, bones) if bones else _NONE,
    )


def _part(
    form: str,
    comparable: str,
    tag: NamePartTag,
    numeric: bool,
    symbols: frozenset[str],
    kind: Kind,
    persian: bool = False,
) -> Part:
    """A new Part for each word of each name (alignment tells words apart by identity), from remembered fields."""
    key = (form, comparable, tag, numeric, symbols, kind, persian)
    found = _PART_FIELDS.get(key)
    if found is None:
        found = _PART_FIELDS.put(key, _part_fields(form, comparable, tag, numeric, symbols, kind, persian))
    return _built(found)


_PART_FIELDS: Final[Memo[tuple[str, str, NamePartTag, bool, frozenset[str], Kind, bool], _PartFields]] = Memo(131072)


def _part_fields(
    form: str, comparable: str, tag: NamePartTag, numeric: bool, symbols: frozenset[str], kind: Kind, persian: bool
) -> _PartFields:
    """A word's Latin form, role, symbols, keys and sound, worked out once per word (names repeat their words)."""
    text = latin(comparable)
    unvowelled = _UNVOWELLED.search(form) is not None
    if unvowelled:
        text = _NOT_LETTER.sub("", text) or text  # ICU writes the Arabic ain and hamza as ? or '
    role = _role(text, tag, numeric, symbols, kind)
    if role == "number":
        number = next((s.split(":", 1)[1] for s in symbols if s.startswith("NUMERIC:")), text)
        symbols = symbols | {"NUMERIC:" + number}
        keys, syllabic, raw, sound, bones = frozenset({"#" + number}), False, "", "", ""
    elif _SYLLABIC.search(form):
        keys, syllabic, raw, sound, bones = frozenset({text}), True, form, "", ""
    elif unvowelled:
        bones = _written_skeleton(form, persian) if role == "name" else ""
        keys, syllabic, raw, sound = (
            frozenset({text}) | skeleton.keys(bones),
            True,
            form.translate(_SCRIPT_VARIANTS),
            "",
        )
    else:
        keys, syllabic, raw = _keys(text, symbols), False, ""
        if role == "name" and len(text) >= spellings.SHORTEST:  # romanisations of one word meet (`spellings`)
            keys = keys | {spellings.KEY + spellings.common(text)}
        sound = metaphone(text) if len(text) >= 3 and text.isalpha() else ""
        sound = sound if len(sound) >= MIN_SOUND else ""
        bones = skeleton.of_latin(text) if kind == "person" and role == "name" and text.isalpha() else ""
    return _fields(text, role, symbols, keys, syllabic, raw, sound, bones)


_ARTICLE: Final = "\u0627\u0644"  # the Arabic article al- (الأسد = al-Assad), which Latin writes apart or leaves out
# A heh closing a word, or before a closing yeh (خامنه‌ای, the zero-width joiner dropped): in Persian a vowel that
# Latin writes as e or eh (Khamenei, Fatemeh); the feminine ending ta marbuta (read as heh, `_SCRIPT_VARIANTS`) is
# written as a vowel or as h alike (أسامة: Osama; هنية: Haniyeh).
_FINAL_HEH: Final = re.compile("\u0647(?:\u0627?\u064a)?$")
_THAI_C, _THAI_PH = re.compile(r"c(?!h)"), re.compile(r"ph")
_THAI_VOWEL_CARRIER: Final = "\u0e2d"  # o ang: a silent initial or a vowel, never a consonant Latin writes
_THAI_RO: Final = "\u0e23"
# Letters of Persian (and Urdu) that Arabic lacks: a name written with one is read as Persian (`_written_skeleton`).
_PERSIAN: Final = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]")
# Arabic letters that Persian speaks as z or s (zal, zad, za: z; se, sad: s), and Latin spells so in Persian names
# (رضایی: Rezaei, not Redai; رمضانی: Ramezani; ثابتی: Sabeti); ICU romanises them by their Arabic sounds (d, dh, th).
_PERSIAN_SOUNDS: Final = str.maketrans(
    {"\u0630": "\u0632", "\u0636": "\u0632", "\u0638": "\u0632", "\u062b": "\u0633", "\u0635": "\u0633"}
)
_THAI_CONSONANT: Final = re.compile("[\u0e01-\u0e2e]")


@lru_cache(maxsize=65536)
def _written_skeleton(form: str, persian: bool = False) -> str:
    """The consonant skeleton of a word of an unvowelled script, from what is spoken: the Arabic article and
    feminine ending dropped, Thai letters marked silent (and the vowel carrier) dropped, Hebrew and Arabic letters
    that Latin spells in several ways kept ambiguous (`skeleton.of_written`); in a Persian name (`persian`) waw is
    also the consonant v (جواد: Javad)."""
    script = ""
    if "\u0600" <= form[0] <= "\u08ff" or form[0] >= "\ufb50":
        script = "persian" if persian else "arabic"
        form = form.translate(_SCRIPT_VARIANTS)  # (ta marbuta becomes heh)
        if persian:
            form = form.translate(_PERSIAN_SOUNDS)
        if form.startswith(_ARTICLE) and len(form) > 3:
            form = form[2:]
        final = _FINAL_HEH.search(form) if len(form) > 2 else None
        if final is not None:  # written h or none (`skeleton.OPTIONAL_H`)
            stem = form[: final.start()] + form[final.start() + 1 :]
            return skeleton.optional_h(_written_skeleton(stem, persian) if stem else "")
    elif "\u0590" <= form[0] <= "\u05ff" or "\ufb1d" <= form[0] <= "\ufb4f":
        script = "hebrew"
    elif "\u0e00" <= form[0] <= "\u0e7f":
        script = "thai"
        form = form.replace(_THAI_VOWEL_CARRIER, "") or form
    text = latin(form)
    text = _NOT_LETTER.sub("", text) or text
    if script == "thai":  # ICU writes cho chan as c (Latin: Chan, Chai), and aspirated p as ph (Latin: ph, p, bh)
        text = _THAI_PH.sub("B", _THAI_C.sub("ch", text))
        if len(form) > 2 and form[-1] == _THAI_RO and _THAI_CONSONANT.match(form[-2]) and text.endswith("r"):
            text = text[:-1] + skeleton.OPTIONAL_R  # a ro closing a cluster: silent in RTGS, kept by custom
    return skeleton.of_written(text, script)


def _join_keys(parts: list[Part]) -> tuple[Part, ...]:
    """Each word also keys on itself written together with the next word (Vladimir Putin ~ VladimirPutin). The
    parts are this name's own, just built: their keys are completed here, before anyone shares them."""
    for first, second in pairwise(parts):
        if first.role not in ("stop", "number") and second.role not in ("stop", "number"):
            joined = first.text + second.text
            first.joins = (*first.joins, joined)
            second.joins = (joined,)
            if (
                first.syllabic
                and second.syllabic
                and skeleton.marked(first.skeleton)
                and skeleton.marked(second.skeleton)
            ):
                _join_sounds(first, second, joined)
    return tuple(parts)


def _join_sounds(first: Part, second: Part, joined: str) -> None:
    """Two words of an unvowelled script that Latin writes as one (عبد الله = Abdullah) also key and probe on their
    joined consonants."""
    bones = skeleton.joined_letters(first.skeleton, second.skeleton)
    keys, sounds = skeleton.keys(bones), skeleton.probe_keys(bones)
    for part in (first, second):
        part.keys, part.sounds = part.keys | keys, part.sounds | sounds


def _role(text: str, tag: NamePartTag, numeric: bool, symbols: frozenset[str], kind: Kind) -> Role:
    if kind == "person" and len(text) == 1 and text.isalpha():
        return "initial"  # before stop words: 'A.' is an initial, not the English article
    if tag == NamePartTag.STOP:
        return "stop"
    if kind == "person":
        if numeric:
            return "number"
        return "legal" if tag == NamePartTag.LEGAL else "name"
    if numeric or _roman(text, symbols) or (len(text) > 1 and any(s.startswith("NUMERIC:") for s in symbols)):
        return "number"
    if tag == NamePartTag.LEGAL or any(s.startswith("ORG_CLASS:") for s in symbols) or text in _legal_words():
        return "legal"
    if any(s.startswith("LOCATION:") and s != "LOCATION:zz" for s in symbols) or _place(text):
        return "location"
    if text in _generic_words() or any(s.split(":", 1)[0] in ("SYMBOL", "DOMAIN") for s in symbols):
        return "generic"
    return "name"


def _roman(text: str, symbols: frozenset[str]) -> bool:
    """Roman numerals as series markers (Fund VIII, Solutions II); a lone 'i', 'v', 'x' or 'c' is a letter."""
    return len(text) > 1 and set(text) <= set("ivxlc") and any(s.startswith("NUMERIC:") for s in symbols)


def _keys(text: str, symbols: frozenset[str]) -> frozenset[str]:
    keys = {text} | {s for s in symbols if s.split(":", 1)[0] in ("NAME", "NICK")}
    if len(text) >= MIN_KEY_DELETIONS:
        keys.update(text[:i] + text[i + 1 :] for i in range(len(text)))
    if len(text) >= MIN_PREFIX_WORD:
        keys.add("^" + text[:PREFIX])  # two typos past the start (Trafalgura / Trafigura) still meet
    return frozenset(keys)


@cache
def _generic_words() -> frozenset[str]:
    """Words that describe rather than name an organisation (data: generic_words.csv, terms.csv)."""
    words = {row["word"] for row in _rows("generic_words.csv")}
    for tokens, payload in lexicon().latin.items():
        if len(tokens) == 1 and isinstance(payload, Term) and payload.kind not in ("legal", "branch"):
            words.add(tokens[0])
    return frozenset(words)


@cache
def _legal_words() -> frozenset[str]:
    return frozenset(
        tokens[0]
        for tokens, payload in lexicon().latin.items()
        if len(tokens) == 1 and isinstance(payload, Term) and payload.kind in ("legal", "branch")
    )


@lru_cache(maxsize=65536)
def _place(word: str) -> bool:
    """A country (rigour's territory names in many languages: Nederland, Schweiz) or a Chinese place."""
    return word in _place_words() or word in _countries()


@cache
def _countries() -> frozenset[str]:
    """One-word country and place names from rigour's territory data, in many languages (Nederland, Schweiz,
    Mexico, Taipei)."""
    names: set[str] = set()
    try:
        from rigour._core import territories_jsonl  # the data behind `rigour.territories.lookup_territory`
        from rigour.data import iter_jsonl_text

        countries = {t.code for t in get_territories() if t.is_country}
        for data in iter_jsonl_text(territories_jsonl()):
            if data["code"] in countries:
                names.update(data.get("names_strong", []))
            names.update(data.get("places", []))  # capitals and regions (Taipei, Montevideo, Hampshire)
    except ImportError:  # a rigour without it: English names only
        pass
    names.update(t.name for t in get_territories() if t.is_country)
    return frozenset(w for w in (latin(fold(n).lower()) for n in names) if w.isalpha() and len(w) >= 4)


@cache
def _place_words() -> frozenset[str]:
    lex = lexicon()
    words = {t[0] for t, p in lex.latin.items() if len(t) == 1 and isinstance(p, PlaceRef)}
    words.update(t[0] for t, p in lex.latin.items() if len(t) == 1 and isinstance(p, Term) and p.kind == "country")
    return frozenset(words)


def _untitled(text: str) -> str:
    """A person's name without the courtesy and professional titles written before it (data: titles.csv), in
    scripts whose titles rigour does not remove as it removes Mr and Dr: a title is no one's name."""
    words = text.split()
    titles = _titles()
    k = 0
    while k < len(words) - 1 and words[k] in titles:
        k += 1
    return " ".join(words[k:]) if k else text


@cache
def _titles() -> frozenset[str]:
    rows = read_csv("oversight.screen", "data/titles.csv", ("title", "script", "meaning", "source"))
    return frozenset(fold(row["title"]) for row in rows)


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("oversight.screen").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))
