"""Score a query name against a listed name word by word, by the kind of entity listed, and say why.

People: words align in any order (family-first lists), an initial meets the name it begins, a nickname or a name in
another script meets its name through rigour's NAME/NICK symbols, and dropped middle names or patronymics cost
little once every distinctive word of the shorter name is found; but when each side keeps a name the other lacks
(Barack Obama, Michelle Obama; al-Tikriti, al-Mosuli) it is another person. Companies and public bodies: legal forms
are set aside (a different legal form costs a little), generic words (bank, group, technology) weigh little and can
never carry a hit, a different number or place separates entities (Fund VIII / IX, Bank of China / Bank of Chad), a
place that opens a name (Chinese registrations) is weak. Vessels and aircraft compare like companies without
generic words. rapidfuzz computes the edit distances; every knob is in `config.MatchConfig`.

A hit needs an anchor: a distinctive word aligned with one that shares a candidate key (the same word, one edit
apart, or a NAME symbol). The index finds candidates by the same keys, so list screening reaches every pair hit.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from rapidfuzz.distance import OSA

from oversight.screen import korean, skeleton, spellings
from oversight.screen.config import DEFAULT, MatchConfig, rounded
from oversight.screen.fold import fold, is_latin
from oversight.screen.memo import Memo
from oversight.screen.parts import Kind, Parsed, Part, keyed_needed, numbers, parse

_ROLE_WEIGHT: Final = {"name": 1.0, "initial": 1.0}
MIN_WHOLE: Final = 6  # a word this long is a whole name, not an abbreviation (Ben / Benjamin)
SHORT_SWAP: Final = 6  # a letter swapped in a word this short must keep its sound (Vital / Vitol; not Robin / Mobin)
MIN_SUFFIX: Final = 3  # letters added to a whole word that make another name, not a typo (Michel / Michelle: two)
Words = tuple[Part, ...]  # a name's words, in order
_SYMBOL_PREFIXES: Final = ("NAME:", "NICK:", "DOMAIN:", "SYMBOL:", "LOCATION:", "NUMERIC:")


class Scored:
    """A pair's score and why. The words of the alignment are written out only when `notes` is asked for: a screening
    run scores many more pairs than it explains (explanations are written for reported matches, when shown)."""

    __slots__ = ("_aligned", "_notes", "score")

    def __init__(
        self,
        score: float,  # 0..1; 0 when no anchor
        notes: tuple[str, ...],
        aligned: tuple[list[tuple[Part, Part, float]], list[Part], list[Part]] | None = None,
    ) -> None:
        self.score, self._notes, self._aligned = score, notes, aligned

    @property
    def notes(self) -> tuple[str, ...]:
        aligned = self._aligned
        if aligned is None:
            return self._notes
        return (_explain(aligned[0], aligned[1], aligned[2]), *self._notes)


NO_MATCH: Final = Scored(0.0, ())


def score(q: Parsed, c: Parsed, config: MatchConfig = DEFAULT, floor: float = 0.0, gated: bool = False) -> Scored:
    """Score query `q` against listed name `c` (both analysed as the listed entity's kind). A pair that a guard
    holds below `floor` is no match (screening needs no score below its threshold, nor the words of why); `gated`:
    the caller has checked the index's key gate (`NameIndex.gate`), which includes the key count below."""
    if not q.parts or not c.parts:
        return NO_MATCH
    if q.comparable == c.comparable and not _syllabic_differs(q, c):
        return Scored(1.0, (f"'{q.comparable}' = '{c.comparable}'",))
    if q.unspaced == c.unspaced and not _syllabic_differs(q, c):
        return Scored(config.joined_score, (f"'{q.comparable}' = '{c.comparable}' but for spaces",))
    abbreviated = q.unspaced == c.initials or c.unspaced == q.initials
    if (
        q.kind != "person"
        and abbreviated
        and len(q.unspaced) > 2
        and _organisation_like(c if q.unspaced == c.initials else q)
    ):
        return Scored(config.acronym_score, (f"'{q.comparable}' abbreviates '{c.comparable}'",))
    if c.kind == "object" and _legal(q) and not _legal(c):
        return NO_MATCH  # a company (Viana Ltda.) is not the vessel or aircraft of its name
    qs, cs = q.identity, c.identity
    if not qs or not cs or (not gated and q.keyed(c) < keyed_needed(len(q.anchors), len(c.anchors))):
        return NO_MATCH  # most words must meet their counterpart by key: loose spellings cannot carry a hit
    if (qs[0].syllabic or cs[0].syllabic) and q.kind == "person":
        spelt = _korean(q, c, config)
        if spelt is not None:
            return spelt
    memo = _MEMO.of(config)
    aligned = _align(qs, cs, config, memo, q.kind == "person", floor)
    if aligned is None:
        return NO_MATCH
    pairs, extra_q, extra_c = aligned
    if _one_word_misheard(q, c, pairs):
        return NO_MATCH
    distinctive = q.distinctive and c.distinctive
    if distinctive:
        exact = any(s == 1.0 for _, _, s in pairs)
        for a, b, s in pairs:
            if a.role != "name" or b.role != "name" or (not exact and _short_loose(a, b, s, config)):
                continue
            if a.shares_key(b) or _across(a, b, s, config):
                break
        else:
            return NO_MATCH  # no distinctive word aligned through a shared key
    elif extra_q or extra_c or not any(s == 1.0 for _, _, s in pairs):
        return NO_MATCH  # no distinctive word: every word must match, one exactly (Bank of Chima; not Taipei/Taipen)
    explained_pairs, explained_q, explained_c = pairs, extra_q, extra_c  # before numbers are set aside
    # Numbers are weighed by the guard below (a factor), not as words: Fund VIII / IX is the same name, renumbered.
    if q.numbers or c.numbers:
        pairs = [(a, b, s) for a, b, s in pairs if a.role != "number"]
        extra_q = [p for p in extra_q if p.role != "number"]
        extra_c = [p for p in extra_c if p.role != "number"]
    guards: list[str] = []
    branch = q.kind != "person" and _branch(q, c, pairs, extra_q, extra_c)
    cap, factor = _cap(q, c, branch, extra_q, extra_c, guards, config)
    if q.leading or c.leading:
        cap = min(cap, _leading_cap(q, c, pairs, extra_q + extra_c, guards, config))
    if cap * factor < floor:
        return NO_MATCH
    notes: list[str] = []
    factor_q = config.extra_query
    factor_c = config.extra_listed_person if q.kind == "person" else config.extra_listed
    sure = sum(s == 1.0 or _transliterates(a, b) for a, b, s in pairs)  # exact words, or a foreign name's sounds
    if q.kind == "person" and _contained(qs, cs, extra_q, extra_c) and sure >= 2:
        factor_q = factor_c = config.extra_contained
        notes.append("every name of the shorter name found; extra names weigh little")
    roles = memo.role_weights
    matched = total = 0.0
    for a, b, s in pairs:
        if a.role == "initial" or b.role == "initial":
            weight = config.initial_weight
        else:
            weight = max(roles.get(a.role, 1.0), roles.get(b.role, 1.0))
        matched += weight * s
        total += weight
    # A branch's added place weighs as a place of registration does (Hikvision USA: the place it trades in).
    total += sum(factor_q * (config.extra_leading_place if branch else _extra_weight(p, qs, config)) for p in extra_q)
    if q.kind == "person":
        total += sum(factor_c * _extra_weight(p, cs, config) for p in extra_c)
    else:
        compound = _compound(c) if any(p.role == "name" for p in extra_c) else _NO_WORDS
        named = config.extra_listed_name
        total += sum((named if p.text in compound else factor_c) * _extra_weight(p, cs, config) for p in extra_c)
    value = matched / total if total else 1.0
    notes += guards
    value = min(value, cap) * factor
    if q.kind != "person" and not branch:  # a branch abroad takes that country's legal form (Inc, GmbH)
        forms_q, forms_c = q.legal_forms, c.legal_forms
        if forms_q and forms_c and not forms_q & forms_c:
            value *= config.legal_form_differs
            notes.append("legal forms differ")
    return Scored(rounded(value), tuple(notes), (explained_pairs, explained_q, explained_c))


def _align(
    qs: Words, cs: Words, config: MatchConfig, memo: _Memo, person: bool, floor: float = 0.0
) -> tuple[list[tuple[Part, Part, float]], list[Part], list[Part]] | None:
    """Best one-to-one word pairs (greedy by similarity), then words written joined on one side (JanDaniel), then
    loose ones (`_soft`). None when a `floor` above the substitution cap cannot be reached: each side keeps a
    word that nothing on the other side can still pair with."""
    known = memo.similar
    candidates = []
    for i, a in enumerate(qs):
        row = a.reading << 32
        for j, b in enumerate(cs):
            key = row | b.reading
            similarity = known.get(key)
            if similarity is None:
                similarity = known[key] = _similarity(a, b, config)
            if similarity > 0:
                candidates.append((similarity, -abs(i - j), i, j))
    candidates.sort(reverse=True)
    used_q: dict[int, tuple[int, float]] = {}
    used_c: set[int] = set()
    for similarity, _, i, j in candidates:
        if i not in used_q and j not in used_c:
            used_q[i] = (j, similarity)
            used_c.add(j)
    pairs = [(qs[i], cs[j], s) for i, (j, s) in sorted(used_q.items())]
    extra_q = [p for i, p in enumerate(qs) if i not in used_q]
    extra_c = [p for j, p in enumerate(cs) if j not in used_c]
    if floor > config.substitution_cap and extra_q and extra_c and _stranded(extra_q, extra_c, person, config, memo):
        return None
    if extra_q or extra_c:
        pairs, extra_q, extra_c = _joined(pairs, extra_q, extra_c, qs, cs, config)
    if extra_q and extra_c:
        pairs, extra_q, extra_c = _soft(pairs, extra_q, extra_c, config, memo.soft)
    return pairs, extra_q, extra_c


def _stranded(extra_q: list[Part], extra_c: list[Part], person: bool, config: MatchConfig, memo: _Memo) -> bool:
    """Whether each side keeps a word of a substituting role (`_cap`) that no later step can pair: no loose
    spelling, sound or prefix of a left-over word of the other side (`_soft`), no joined spelling (`_joined`: one
    text inside the other), no initials (`_initials`: a query word of 2-3 letters). Then the substitution cap holds
    whatever the rest of the alignment does."""
    substituted = ("name", "initial") if person else ("name", "generic")
    if any(2 <= len(a.text) <= 3 for a in extra_q):
        return False
    if any(p.syllabic for p in extra_q) or any(p.syllabic for p in extra_c):
        return False  # words of another script may still pair by skeleton, alone or joined (`_joined`)
    lone_q = [a for a in extra_q if a.role in substituted]
    lone_c = [b for b in extra_c if b.role in substituted]
    if not lone_q or not lone_c:
        return False
    return _lone(lone_q, extra_c, memo, config, True) and _lone(lone_c, extra_q, memo, config, False)


def _lone(words: list[Part], others: list[Part], memo: _Memo, config: MatchConfig, query: bool) -> bool:
    """Whether one of `words` can pair with none of `others` (`query`: `words` are the query's)."""
    known, soft = memo.pairable, memo.soft
    for word in words:
        for other in others:
            a, b = (word, other) if query else (other, word)
            key = a.reading << 32 | b.reading
            found = known.get(key)
            if found is None:
                found = known[key] = a.text in b.text or b.text in a.text or bool(_soft_similarity(a, b, config, soft))
            if found:
                break
        else:
            return True
    return False


def _soft(
    pairs: list[tuple[Part, Part, float]],
    extra_q: list[Part],
    extra_c: list[Part],
    config: MatchConfig,
    known: dict[int, float],
) -> tuple[list[tuple[Part, Part, float]], list[Part], list[Part]]:
    """Words left over on both sides that still look like one word: spelt alike within a looser budget, sounding
    alike (Husayn / Hussein), or, in people's names, an abbreviation (Ben / Benjamin, JC / Jean-Claude). Never
    anchors: a hit still needs a distinctive word found by its keys."""
    soft = []
    for a in extra_q:
        for b in extra_c:
            similarity = _soft_similarity(a, b, config, known)
            if similarity:
                soft.append((similarity, id(a), id(b), a, b))
    soft.sort(key=lambda item: -item[0])
    for similarity, _, _, a, b in soft:
        if a in extra_q and b in extra_c:
            extra_q.remove(a)
            extra_c.remove(b)
            pairs.append((a, b, rounded(similarity)))
    if extra_q and extra_c and extra_q[0].role == "name":
        pairs, extra_q, extra_c = _initials(pairs, extra_q, extra_c, config)
    return pairs, extra_q, extra_c


def _soft_similarity(a: Part, b: Part, config: MatchConfig, known: dict[int, float]) -> float:
    """`_soft_similarity_of`, remembered per pair of word readings."""
    key = a.reading << 32 | b.reading
    found = known.get(key)
    if found is None:
        found = known[key] = _soft_similarity_of(a, b, config)
    return found


def _soft_similarity_of(a: Part, b: Part, config: MatchConfig) -> float:
    if a.role != b.role or a.role not in ("name", "generic") or a.syllabic or b.syllabic:
        return 0.0
    if a.role == "name" and _suffixed(a.text, b.text):
        return 0.0
    loose = _loose(a.text, b.text, config.soft_edits_per_letters, config.soft_power)
    if loose:
        return loose
    if a.role == "name" and spellings.same(a.text, b.text):
        return config.transliteration_score  # two romanisations of one word (Yanis / Giannis, Pyotr / Petr)
    if a.sound and a.sound == b.sound:
        return config.sound_score
    if a.role == "name" and 2 <= len(a.text) < len(b.text) and b.text.startswith(a.text):
        return config.initial_score * config.prefix_factor  # the query word begins the listed one (Ben / Benjamin)
    return 0.0


def _one_word_misheard(q: Parsed, c: Parsed, pairs: list[tuple[Part, Part, float]]) -> bool:
    """Names whose only pair of distinctive words is a short word with a letter changed that changes its sound
    (initials and generic words aside): with nothing else to agree, that is another name (Robin / Mobin, Horle /
    Horse, Kalita / Balita), while a changed vowel or two swapped letters is a typo (Vital / Vitol, Appel / Apple).
    In longer names the other words carry the match (Vladimir Pulin); a word read from another script is spelt
    loosely anyway (Ростех, Rostec)."""
    names = [(a, b, s) for a, b, s in pairs if a.role == b.role == "name"]
    if len(names) != 1 or not (is_latin(q.original) and is_latin(c.original)):
        return False
    a, b, s = names[0]
    return (
        s < 1.0
        and max(len(a.text), len(b.text)) <= SHORT_SWAP
        and (len(a.text) == len(b.text) or a.text[0] != b.text[0])
        and a.sound != b.sound
    )


def _suffixed(a: str, b: str, whole: int = MIN_WHOLE) -> bool:
    """One whole name (`whole` letters or more, longer than an abbreviation) is the other with a suffix of
    MIN_SUFFIX letters or more: a patronymic or another family name (Petrov / Petrovich, Ivanov / Ivanovsky)."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= whole and len(long) - len(short) >= MIN_SUFFIX and long.startswith(short)


def _loose(a: str, b: str, edits_per_letters: float, power: float) -> float:
    """Similarity of two words within the looser typo budget, else 0."""
    longest = max(len(a), len(b))
    budget = int(longest * edits_per_letters)
    if not budget or abs(len(a) - len(b)) > budget:
        return 0.0
    edits = OSA.distance(a, b, score_cutoff=budget)
    return float((1 - edits / longest) ** power) if edits <= budget else 0.0


def _initials(
    pairs: list[tuple[Part, Part, float]], extra_q: list[Part], extra_c: list[Part], config: MatchConfig
) -> tuple[list[tuple[Part, Part, float]], list[Part], list[Part]]:
    """A query word made of the initials of adjacent listed words (JC = Jean Claude)."""
    for part in list(extra_q):
        letters = part.text
        if not 2 <= len(letters) <= 3:
            continue
        for k in range(len(extra_c) - len(letters) + 1):
            run = extra_c[k : k + len(letters)]
            if all(p.text.startswith(ch) and len(p.text) > 1 for p, ch in zip(run, letters)):
                extra_q.remove(part)
                for p in run:
                    extra_c.remove(p)
                    pairs.append((part, p, config.initial_score))
                break
    return pairs, extra_q, extra_c


def _joined(
    pairs: list[tuple[Part, Part, float]],
    extra_q: list[Part],
    extra_c: list[Part],
    qs: Words,
    cs: Words,
    config: MatchConfig,
) -> tuple[list[tuple[Part, Part, float]], list[Part], list[Part]]:
    """A word left over on one side that is two adjacent left-over words of the other written together (also
    across scripts: Nasrallah = نصر الله, by consonant skeleton)."""
    pairs += [(part, first, score) for part, first, score in _join_side(extra_q, extra_c, cs, config)]
    pairs += [(first, part, score) for part, first, score in _join_side(extra_c, extra_q, qs, config)]
    return pairs, extra_q, extra_c


def _join_side(
    extra: list[Part], other_extra: list[Part], other: Words, config: MatchConfig
) -> list[tuple[Part, Part, float]]:
    """Words of `extra` spelt as two adjacent words of `other`; all three leave the extras (in place)."""
    found = []
    for part in list(extra):
        for run in _runs(other):
            if any(p not in other_extra for p in run):
                continue
            if len(run) == 2 and run[0].text + run[1].text == part.text and not _vowelless(part, run[0]):
                score = 1.0
            elif _transliterates_joined(part, run):
                score = config.transliteration_score
            else:
                continue
            extra.remove(part)
            for p in run:
                other_extra.remove(p)
            found.append((part, run[0], score))
            break
    return found


def _runs(words: Words) -> list[Words]:
    """Adjacent pairs of words, then (across scripts) runs of three: a Thai family name written by syllables in
    Latin (Chan-o-cha = จันทร์โอชา)."""
    return [words[k : k + width] for width in (2, 3) for k in range(len(words) - width + 1)]


def _across(a: Part, b: Part, similarity: float, config: MatchConfig) -> bool:
    """Words of two scripts that met as a transliteration (one word to one, or to two written together) through a
    skeleton that says enough (`skeleton.strong`)."""
    if a.syllabic == b.syllabic or not (similarity >= config.transliteration_score or _transliterates(a, b)):
        return False
    written, other = (a, b) if a.syllabic else (b, a)  # the Latin word: the whole of two joined written ones
    return skeleton.strong(skeleton.comparable(other.skeleton, other.text, written.skeleton))


def _short_loose(a: Part, b: Part, similarity: float, config: MatchConfig) -> bool:
    """Two differing Latin words, one shorter than `short_word`, met only loosely (`_soft`: Bali / Boali, Melo /
    Melon): short words match only exactly or by symbol, so such a pair anchors a hit only beside a word met
    exactly (Fjord Motor / Ford Motor)."""
    return (
        similarity < 1.0
        and a.syllabic == b.syllabic
        and min(len(a.text), len(b.text)) < config.short_word
        and a.symbols.isdisjoint(b.symbols)
    )


def _vowelless(a: Part, b: Part) -> bool:
    """A word written in Hebrew or Arabic script, romanised without its vowels, spelt as a Latin word without vowels:
    an abbreviation or initials (MR, B R), not the name (Amar, Bar)."""
    written, other = (a, b) if a.syllabic else (b, a)
    return skeleton.written(written.raw) and not any(v in other.text for v in "aeiouy")


def _transliterates_joined(part: Part, run: Words) -> bool:
    """One word and a `run` of two adjacent words in the other script (or three Latin ones) whose joined consonant
    skeletons are equal: joining already bends two names into one, so no consonant may differ on top of it (Omri
    Dayan is no Martin)."""
    first, second = run[0], run[-1]
    if any(part.syllabic == p.syllabic for p in run):
        return False
    if len(run) > 2:  # three Latin words read as one (Chan-o-cha): from their letters, whatever their own skeletons
        text = "".join(p.text for p in run)
        return (
            part.syllabic
            and skeleton.marked(part.skeleton)
            and skeleton.same(part.skeleton, skeleton.comparable(skeleton.of_latin(text), text, part.skeleton))
        )
    if part.syllabic and not skeleton.edges_agree(part.raw, part.raw, first.text + second.text):
        return False
    if first.syllabic and not skeleton.edges_agree(first.raw, second.raw, part.text):
        return False
    korean = skeleton.korean(part.skeleton) or skeleton.korean(first.skeleton)
    if not korean and not (part.skeleton and first.skeleton and second.skeleton):
        return False  # (a Korean side is read again joined, whatever the words' own skeletons: Yo, Hae have none)
    text = first.text + second.text
    if first.syllabic:  # two transliterated words: their joined skeleton in their own alphabet
        if skeleton.korean(first.skeleton):
            joined = skeleton.of_korean(text)
        elif skeleton.marked(first.skeleton):
            joined = skeleton.joined_letters(first.skeleton, second.skeleton)
        else:
            joined = skeleton.joined(first.skeleton, second.skeleton)
        return skeleton.same(skeleton.comparable(part.skeleton, part.text, joined), joined)
    joined = skeleton.comparable(skeleton.of_latin(text), text, part.skeleton)
    return skeleton.same(part.skeleton, joined)


def _similarity(a: Part, b: Part, config: MatchConfig) -> float:
    if a.syllabic or b.syllabic:
        if a.syllabic and b.syllabic:
            if a.raw == b.raw:
                return 1.0
            if _kana(a) and _kana(b):  # katakana spells by sound: its variants are spelling (ウラジミール)
                return _spelling(a.text, b.text, config.short_word, config.edits_per_letters, config.fuzzy_floor)
            return 0.0  # 习近平 / 习近朋: a changed character is another name
        if a.text == b.text and not _vowelless(a, b):
            return 1.0
        if _transliterates(a, b):
            return config.transliteration_score
        return _by_role(a, b, config) or 0.0  # never a typo of a word in another script
    if a.text == b.text:
        return 1.0
    if a.role == b.role == "name" and not (a.symbols or b.symbols):
        spelt = _spelling(a.text, b.text, config.short_word, config.edits_per_letters, config.fuzzy_floor)
        if spelt or not spellings.same(a.text, b.text):
            return spelt
        return config.transliteration_score  # two romanisations of one word (Qasym / Kassym, Zhomart / Jomart)
    by_role = _by_role(a, b, config)
    if by_role is not None:
        return by_role
    if a.role != b.role and "generic" in (a.role, b.role):
        return 0.0  # a name is never a misspelt generic word (Marie / marine)
    return _spelling(a.text, b.text, config.short_word, config.edits_per_letters, config.fuzzy_floor)


def _kana(part: Part) -> bool:
    return "\u30a0" <= part.raw[:1] <= "\u30ff"


def _by_role(a: Part, b: Part, config: MatchConfig) -> float | None:
    """Numbers, initials and shared symbols (nicknames, a name across scripts) meet by what they stand for; None
    when neither word is of those."""
    if a.role == "number" or b.role == "number":
        return 1.0 if a.role == b.role and numbers(a) & numbers(b) else 0.0
    if a.role == "initial" or b.role == "initial":
        long, short = (b, a) if a.role == "initial" else (a, b)
        if skeleton.opens_on_vowel(long.raw):
            return 0.0  # its Latin initial is any vowel, or the article's (al-Bukhari is no A.)
        return config.initial_score if short.role != long.role and long.text.startswith(short.text) else 0.0
    if a.symbols and b.symbols and any(s.startswith(_SYMBOL_PREFIXES) for s in a.symbols & b.symbols):
        return config.symbol_score
    return None


class _Memo:
    """Word-pair similarities remembered by the two words' readings (`parts.reading`), for one config at a time:
    the listed vocabulary repeats across candidates and queries (Muhammad, Ahmad, Bank, Trading)."""

    def __init__(self) -> None:
        self.config: MatchConfig | None = None
        self.similar: dict[int, float] = {}
        self.soft: dict[int, float] = {}
        self.pairable: dict[int, bool] = {}
        self.role_weights: dict[str, float] = {}

    def of(self, config: MatchConfig) -> _Memo:
        if config is not self.config or max(len(self.similar), len(self.soft), len(self.pairable)) > _MEMO_SIZE:
            self.clear()
            self.config = config
            self.role_weights = {role: _role_weight(role, config) for role in ("generic", "location", "number")}
        return self

    def clear(self) -> None:
        self.similar.clear()
        self.soft.clear()
        self.pairable.clear()


_MEMO_SIZE: Final = 262144
_MEMO: Final = _Memo()


def clear_caches() -> None:
    """Forget the remembered word-pair distances (benchmarks time each pass from scratch)."""
    _MEMO.clear()


def _spelling(a: str, b: str, short_word: float, edits_per_letters: float, floor: float) -> float:
    """Two differing words as one misspelt word: within the typo budget and above the floor, words long enough
    (remembered with the rest of `_similarity`, per pair of word readings)."""
    longest = max(len(a), len(b))
    if min(len(a), len(b)) < short_word:
        return 0.0
    budget = int(longest * edits_per_letters)
    if budget < 1 or abs(len(a) - len(b)) > budget:
        return 0.0
    if _suffixed(a, b, whole=0):  # both words are long enough already (short_word)
        return 0.0  # a whole name with a suffix is another name (Abramov / Abramovich, Karim / Karimov)
    edits = OSA.distance(a, b, score_cutoff=budget)
    if edits > budget:
        return 0.0
    similarity = 1 - edits / longest
    return similarity if similarity >= floor else 0.0


def _transliterates(a: Part, b: Part) -> bool:
    """A transliterated word (of a foreign name written in Chinese, or of an unvowelled script) and a Latin word whose
    consonant skeletons meet, each read in the transliteration's alphabet (`skeleton.comparable`)."""
    if a.syllabic == b.syllabic:
        return False
    written, other = (a, b) if a.syllabic else (b, a)
    # A Latin word without consonant classes (Yahya: h and y have none) is still read in consonant letters.
    if not written.skeleton or not (other.skeleton or skeleton.marked(written.skeleton)):
        return False
    if not skeleton.vowels_agree(written.raw, written.text, other.text):
        return False
    met = skeleton.meet(
        skeleton.comparable(a.skeleton, a.text, b.skeleton), skeleton.comparable(b.skeleton, b.text, a.skeleton)
    )
    return met and (not _kana(written) or skeleton.kana_agrees(written.text, written.raw, other.text))


def _korean(q: Parsed, c: Parsed, config: MatchConfig) -> Scored | None:
    """A Korean name in Hangul and a Latin name compared as wholes, syllable by syllable (`korean.same_name`): its
    given name is one word in Hangul and one, two or a hyphenated pair in Latin. None when this is not such a pair,
    and the word alignment decides."""
    written, spelt = (q, c) if q.parts[0].syllabic else (c, q)
    if not korean.is_syllable(written.parts[0].raw[:1] or "a"):  # Han names (most syllabic ones) leave at once
        return None
    if not all(p.syllabic for p in written.parts) or any(p.syllabic for p in spelt.parts):
        return None
    hangul = "".join([p.raw for p in written.parts])
    same = korean.same_name(hangul, [p.text for p in spelt.parts if p.role != "legal"])
    if same is None:
        return None
    if not same:
        return NO_MATCH
    return Scored(config.transliteration_score, (f"'{spelt.comparable}' spells the Korean name {hangul}",))


_NO_WORDS: Final[frozenset[str]] = frozenset()


@lru_cache(maxsize=16384)
def _compound_words(name: str, kind: Kind) -> frozenset[str]:
    """The distinctive words of `name` written hyphenated to another word (Lukoil-Neftekhim: lukoil, neftekhim)."""
    out: set[str] = set()
    for token in fold(name).split():
        pieces = [piece for piece in token.split("-") if any(ch.isalpha() for ch in piece)]
        if len(pieces) > 1:
            out.update(p.text for piece in pieces for p in parse(piece, kind).parts if p.role == "name")
    return frozenset(out) if out else _NO_WORDS


def _compound(c: Parsed) -> frozenset[str]:
    """`_compound_words` of a listed name (remembered per name: the listed side repeats)."""
    return _compound_words(c.original, c.kind) if "-" in c.original else _NO_WORDS


def _role_weight(role: str, config: MatchConfig) -> float:
    if role == "generic":
        return config.generic_weight
    if role == "location":
        return config.location_weight
    if role == "number":
        return config.number_weight
    return _ROLE_WEIGHT.get(role, 1.0)


def _extra_weight(part: Part, words: Words, config: MatchConfig) -> float:
    if part.role == "location" and words and words[0] is part:
        return config.extra_leading_place  # Hangzhou Hikvision: the place of registration
    if part.role == "initial":
        return config.initial_weight
    return _role_weight(part.role, config)


def _contained(qs: Words, cs: Words, extra_q: list[Part], extra_c: list[Part]) -> bool:
    """Every distinctive word of the shorter name was aligned."""
    shorter, extras = (qs, extra_q) if len(qs) <= len(cs) else (cs, extra_c)
    return not any(p.role == "name" for p in extras if p in shorter)


def _cap(
    q: Parsed,
    c: Parsed,
    branch: bool,
    extra_q: list[Part],
    extra_c: list[Part],
    notes: list[str],
    config: MatchConfig,
) -> tuple[float, float]:
    """The precision guards: each side keeps a distinctive word the other lacks, numbers or places differ."""
    cap, factor = 1.0, 1.0
    person = q.kind == "person"
    substituted = ("name", "initial") if person else ("name", "generic")
    if any(p.role in substituted for p in extra_q) and any(p.role in substituted for p in extra_c):
        cap = min(cap, config.substitution_cap)
        words = [p.text for p in extra_q if p.role in substituted], [p.text for p in extra_c if p.role in substituted]
        notes.append(f"each name keeps words the other lacks: {_listed(words[0])} / {_listed(words[1])}")
    if not person:
        if q.numbers != c.numbers:
            factor = config.number_differs
            notes.append(f"numbers differ: {sorted(q.numbers)} / {sorted(c.numbers)}")
        places_q = [p for p in extra_q if p.role == "location"]
        places_c = [p for p in extra_c if p.role == "location"]
        if _headless(q, c, extra_c):
            cap = min(cap, config.headless_cap)
            notes.append("the query lacks the listed name's first distinctive word")
        if branch:
            cap = min(cap, config.branch_cap)
            notes.append("the listed name with a place added: by its name a branch or subsidiary")
        elif (places_q and places_c) or ((places_q or places_c) and not _leading(places_q + places_c, q, c)):
            cap = min(cap, config.location_differs_cap)
            notes.append("places differ: " + ", ".join(p.text for p in places_q + places_c))
    return cap, factor


def _legal(name: Parsed) -> bool:
    return any(p.role == "legal" for p in name.parts)


def _headless(q: Parsed, c: Parsed, extra_c: list[Part]) -> bool:
    """A query of one distinctive word that matched a later word of a listed name of several, the first one left
    over: lists name a company by its head word, so the query is another bearer of the later word."""
    if sum(p.role == "name" for p in q.identity) != 1:
        return False
    names = [p for p in c.identity if p.role == "name"]
    return len(names) > 1 and names[0] in extra_c and not all(p in extra_c for p in names)


def _branch(
    q: Parsed, c: Parsed, pairs: list[tuple[Part, Part, float]], extra_q: list[Part], extra_c: list[Part]
) -> bool:
    """A company query that is a listed name plus places only (Hikvision USA Inc, Dahua Technology Europe): every
    word the query adds is a place, the listed name adds only generic words and a leading place of registration, and
    a distinctive word is spelt the same on both sides (not joined: Yamahdi is no Ya Mahdi branch). A name of generic
    words and places (Bank of China USA) stays 'places differ'."""
    return (
        bool(extra_q)
        and all(p.role == "location" for p in extra_q)
        and all(p.role in ("location", "generic") for p in extra_c)
        and _leading([p for p in extra_c if p.role == "location"], q, c)
        and any(a.role == b.role == "name" and a.text == b.text for a, b, _ in pairs)
    )


def _leading_cap(
    q: Parsed,
    c: Parsed,
    pairs: list[tuple[Part, Part, float]],
    extras: list[Part],
    notes: list[str],
    config: MatchConfig,
) -> float:
    """A person written 'FAMILY, Given' keeps its first family name, and its first given name spelt as that name
    (a typo, an initial, a nickname), not a loosely similar one: the same family name with another given name
    is a relative (Felix Torres / TORRES FELIX, Javier; Sanjay Gupta / GUPTA, Ajay)."""
    loose = {id(p) for a, b, s in pairs if s < 1.0 and _similarity(a, b, config) == 0 for p in (a, b)}
    missing = [p.text for p in (*q.leading, *c.leading) if p in extras]
    missing += [g.text for g in (q.leading[1:] + c.leading[1:]) if id(g) in loose]
    if not missing:
        return 1.0
    notes.append(f"a first family or given name is missing or only loosely spelt: {missing}")
    return config.leading_missing_cap


def _organisation_like(long: Parsed) -> bool:
    """Whether the long form of an acronym reads as an organisation (People's Liberation Army): a word that is not a
    name (generic, place, legal form), in Latin letters. Three names (Eutimio Lumbreras Navarrete) abbreviate to
    ELN by chance, not as the ELN."""
    return not any(p.syllabic for p in long.parts) and any(p.role != "name" for p in long.identity)


def _syllabic_differs(q: Parsed, c: Parsed) -> bool:
    raw_q = "".join(p.raw for p in q.parts if p.syllabic)
    raw_c = "".join(p.raw for p in c.parts if p.syllabic)
    return bool(raw_q and raw_c and raw_q != raw_c)


def _leading(places: list[Part], q: Parsed, c: Parsed) -> bool:
    """Every unmatched place opens its name (the place of registration, weak evidence)."""
    firsts = {id(q.identity[0]), id(c.identity[0])}
    return all(id(p) in firsts for p in places)


def _explain(pairs: list[tuple[Part, Part, float]], extra_q: list[Part], extra_c: list[Part]) -> str:
    bits = [
        f"'{a.text}'={_quoted(b.text)}" if s == 1.0 else f"'{a.text}'≈'{b.text}' ({_two_places(s)})"
        for a, b, s in pairs
    ]
    bits += [f"+'{p.text}' (query only)" for p in extra_q] + [f"+'{p.text}' (listed only)" for p in extra_c]
    return "; ".join(bits)


def _listed(words: list[str]) -> str:
    """str(words), the list written as Python writes it, without the generic call (see `_quoted`)."""
    return "[" + ", ".join([_quoted(w) for w in words]) + "]"


def _quoted(text: str) -> str:
    """repr(text), without the generic call for the usual word of letters and digits (printable, no quotes)."""
    return "'" + text + "'" if text.isalnum() else repr(text)


def _two_places(value: float) -> str:
    """f'{value:.2f}', remembered: every explanation writes similarities, and they repeat (formatting a float is a
    generic call that costs more than the rest of an explanation)."""
    found = _TWO_PLACES.get(value)
    return _TWO_PLACES.put(value, f"{value:.2f}") if found is None else found


_TWO_PLACES: Final[Memo[float, str]] = Memo(65536)
