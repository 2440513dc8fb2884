"""Score one analysed query name against one analysed listed name, and say why.

Names with a core (companies, persons) match on their cores, within a script exactly or with a typo budget, across
scripts through pinyin (大华 = Dahua). Everything else only adjusts: an industry word whose sector the listed party
does not work in rejects the pair outright (大华银行 is a bank, not Dahua Technology), a different number rejects
(第五十二研究所 is not the 38th), a place where the listed party is not costs some (branches sit in many cities, but
a registered name from elsewhere is often another company). Names without a core
(agencies: 乌鲁木齐市公安局) match on their signature: the same kinds of body and the same place, or a place inside
the listed body's jurisdiction, which makes the query a subordinate bureau of a listed one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from oversight.screen import pinyin
from oversight.screen.config import rounded
from oversight.screen.lexicon import lexicon
from oversight.screen.names import NameForm, Token

if TYPE_CHECKING:  # the word aligner's score, carried with its lazily written notes (no import at run time)
    from oversight.screen.align import Scored

PINYIN: Final = {2: 0.75, 3: 0.85}  # by core length in characters; longer cores 0.92: short romanisations are ambiguous
PINYIN_LONG: Final = 0.92
MIN_PINYIN_CORE: Final = 2  # a one-character core never matches through pinyin; two characters stay below the threshold
# (PINYIN[2]) unless a descriptor or place beside them agrees (Dahua Jishu = 大华技术)
PINYIN_AGREES: Final = 0.1  # bonus per agreeing descriptor or place beside a pinyin match
HOMOPHONE: Final = {3: 0.85}  # longer cores 0.92; two-character homophones are different names
HOMOPHONE_LONG: Final = 0.92
HAN_TYPO: Final = 0.85
TRANSLATION: Final = 0.95
SUBORDINATE: Final = 0.85
EXTRA_LISTED_WEIGHT: Final = 0.3
UNKNOWN_SECTOR: Final = 0.7
AGENCY_MISMATCH: Final = 0.6
PLACE_DIFFERS: Final = 0.9
TOKEN_FUZZY: Final = 0.8  # one edit in five letters
SIDE_WORD: Final = 0.01
SIDE_WORDS_CAP: Final = 0.03


class Comparison:
    """How a query meets one listed name: a score, the method, and why (`notes`; a word alignment's own notes,
    `Scored.notes`, are written out only when asked for)."""

    __slots__ = ("_notes", "alignment", "method", "score")

    def __init__(self, score: float, method: str, notes: tuple[str, ...], alignment: Scored | None = None) -> None:
        self.score = score  # 0 means rejected; `notes` then say why
        self.method = method  # exact | fuzzy | homophone | pinyin | translation | subordinate | rejected
        self._notes, self.alignment = notes, alignment

    @property
    def notes(self) -> tuple[str, ...]:
        return self._notes if self.alignment is None else (*self.alignment.notes, *self._notes)

    def noted(self, note: str) -> Comparison:
        """The same comparison with one more note."""
        return Comparison(self.score, self.method, (*self._notes, note), self.alignment)


def compare(
    q: NameForm, c: NameForm, sectors: frozenset[str], places: frozenset[str], weight: Callable[[str], float]
) -> Comparison | None:
    """Compare query `q` with listed name `c` of a party working in `sectors` at `places` (gazetteer codes from all
    its names); None when they do not meet."""
    if q.cored and c.cored:
        return _cored(q, c, sectors, places, weight)
    if not q.cored and not c.cored and (q.concepts or q.place is not None):
        return _signature(q, c)
    return None


def _cored(
    q: NameForm, c: NameForm, sectors: frozenset[str], places: frozenset[str], weight: Callable[[str], float]
) -> Comparison | None:
    best = _NO_MATCH
    if q.han_core:
        if c.han_core:
            best = _han_han(q.han_core, c.han_core)
        elif c.latin_cores:
            best = _agreeing(_han_latin(q.han_core, c.latin_cores), q, c)
    if q.latin_cores:
        if c.latin_cores:
            latin = _latin_latin(q.latin_cores, c.latin_cores, weight)
        else:
            latin = _agreeing(_han_latin(c.han_core, q.latin_cores), q, c)
        best = latin if latin[0] > best[0] else best
    score, method, detail = best
    if score <= 0:
        return None
    notes = [detail]
    # Words beside the core that only one side has (a place, a descriptor) make the pair a little less exact.
    if q.side != c.side:
        score *= 1 - min(SIDE_WORDS_CAP, SIDE_WORD * len(q.side ^ c.side))
    if q.sectors:
        alien = q.sectors - sectors
        if sectors and alien:
            named = ", ".join(f"'{t.text}'" for t in q.tokens if t.sector in alien)
            return Comparison(
                0.0,
                "rejected",
                (
                    detail,
                    f"{named} names {'/'.join(sorted(alien))}; the listed party works in {'/'.join(sorted(sectors))}",
                ),
            )
        if not sectors:
            score *= UNKNOWN_SECTOR
            notes.append("industry word in the query; the listed party's sector is unknown")
    if q.numbers and c.numbers and not q.numbers & c.numbers:
        return Comparison(0.0, "rejected", (detail, f"numbers differ: {sorted(q.numbers)} vs {sorted(c.numbers)}"))
    if q.agency and not c.agency:
        score *= AGENCY_MISMATCH
        notes.append("query names a government body, the listed name a company")
    if place_differs(q.place_codes, places):
        score *= PLACE_DIFFERS
        notes.append("the query's place is not where the listed party is")
    return Comparison(rounded(score), method, tuple(notes))


_NO_MATCH: Final = (0.0, "", "")


def _han_han(a: str, b: str) -> tuple[float, str, str]:
    if a == b:
        return 1.0, "exact", f"core '{a}' = '{b}'"
    if len(a) >= 3 and pinyin.homophones(a, b):
        return HOMOPHONE.get(len(a), HOMOPHONE_LONG), "homophone", f"core '{a}' sounds as '{b}' ({pinyin.keys(b)[0]})"
    if min(len(a), len(b)) >= 4 and Levenshtein.distance(a, b, score_cutoff=1) <= 1:
        return HAN_TYPO, "fuzzy", f"core '{a}' ≈ '{b}' (one character differs)"
    return _NO_MATCH


def _latin_latin(qs: tuple[str, ...], cs: tuple[str, ...], weight: Callable[[str], float]) -> tuple[float, str, str]:
    joined_q, joined_c = "".join(qs), "".join(cs)
    if joined_q == joined_c:
        return 1.0, "exact", f"core '{' '.join(qs)}' = '{' '.join(cs)}'"
    pairs = []
    for i, a in enumerate(qs):
        for j, b in enumerate(cs):
            if a == b:
                pairs.append((1.0, i, j))
            elif len(a) >= 5 and len(b) >= 5:
                similarity = _token_similarity(a, b)
                if similarity:
                    pairs.append((similarity, i, j))
    aligned = 0.0
    exact = False
    if pairs:
        pairs.sort(reverse=True)
        used_q: set[int] = set()
        used_c: set[int] = set()
        matched = 0.0
        for similarity, i, j in pairs:
            if i not in used_q and j not in used_c:
                used_q.add(i)
                used_c.add(j)
                matched += similarity * weight(qs[i])
        total = sum(weight(t) for t in qs) + EXTRA_LISTED_WEIGHT * sum(
            weight(t) for j, t in enumerate(cs) if j not in used_c
        )
        aligned = matched / total
        exact = all(qs[i] == cs[j] for _, i, j in pairs if i in used_q and j in used_c)
    joined = _token_similarity(joined_q, joined_c) if min(len(joined_q), len(joined_c)) >= 6 else 0.0
    score = max(aligned, joined)
    if score <= 0:
        return 0.0, "", ""
    method = "exact" if score == 1.0 or (score == aligned and exact) else "fuzzy"
    return score, method, f"core '{' '.join(qs)}' ~ '{' '.join(cs)}' ({score:.2f})"


def _token_similarity(a: str, b: str) -> float:
    """1 for equal words; Damerau-Levenshtein similarity ≥ TOKEN_FUZZY for words of 5+ letters; else 0."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    budget = int(longest * (1 - TOKEN_FUZZY) + 1e-9)  # edits allowed: 1 per 5 letters
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > budget:
        return 0.0
    edits = DamerauLevenshtein.distance(a, b, score_cutoff=budget)
    return rounded(1 - edits / longest) if edits <= budget else 0.0


def _han_latin(han: str, latin: tuple[str, ...]) -> tuple[float, str, str]:
    if len(han) < MIN_PINYIN_CORE:
        return 0.0, "", ""  # one character spells too many names in pinyin
    joined = "".join(latin)
    if not len(han) <= len(joined) <= 6 * len(han):
        return 0.0, "", ""
    base = PINYIN.get(len(han), PINYIN_LONG)
    if pinyin.spells(han, joined) or (1 < len(latin) <= 3 and pinyin.spells(han, "".join(reversed(latin)))):
        return base, "pinyin", f"pinyin of '{han}' spells '{' '.join(latin)}'"
    if len(joined) >= 6:
        similarity = max(DamerauLevenshtein.normalized_similarity(key, joined) for key in pinyin.keys(han))
        if similarity >= 0.9:
            return base * similarity, "pinyin", f"pinyin of '{han}' ({pinyin.keys(han)[0]}) ≈ '{joined}'"
    return 0.0, "", ""


def _agreeing(result: tuple[float, str, str], q: NameForm, c: NameForm) -> tuple[float, str, str]:
    """A romanisation match gains a little for each other word that agrees: a shared descriptor, the same place."""
    score, method, detail = result
    if score <= 0:
        return result
    if q.concepts & c.concepts:
        score += PINYIN_AGREES
    if q.place is not None and c.place is not None and _same_place(q.place, c.place):
        score += PINYIN_AGREES
    return min(score, PINYIN_LONG), method, detail


def _signature(q: NameForm, c: NameForm) -> Comparison | None:
    if q.place is None and len(c.concepts) < 2:
        return None  # one translated word without a place beside it ('bureau', 公司) is no identity
    unit = c.agency and q.concepts > c.concepts
    if q.concepts != c.concepts and not unit:
        return None
    if q.numbers != c.numbers:
        return None
    qp, cp = q.place, c.place
    if (qp is None) != (cp is None):
        return None
    same = qp is None or _same_place(qp, cp)  # type: ignore[arg-type]
    within = not same and c.agency and _within(qp, cp)  # type: ignore[arg-type]
    if not (same or within):
        return None
    cross = {t.script for t in q.tokens} != {t.script for t in c.tokens}
    where = "" if qp is None else f"'{qp.text}' = '{cp.text}'" if same else f"'{qp.text}' lies within '{cp.text}'"  # type: ignore[union-attr]
    kinds = ", ".join(sorted(c.concepts))
    if same and not unit:
        method = "translation" if cross else "exact"
        detail = f"same body: {where}{'; ' if where else ''}{kinds}"
        return Comparison(TRANSLATION if cross else 1.0, method, (detail,))
    detail = f"subordinate body: {where or 'same place'}; the listed body is a {kinds}"
    if unit:
        detail += "; the query names a unit inside it"
    return Comparison(SUBORDINATE, "subordinate", (detail,))


def _same_place(a: Token, b: Token) -> bool:
    if a.codes and b.codes:
        return bool(a.codes & b.codes)
    return a.key == b.key


def place_differs(here: frozenset[str], places: frozenset[str]) -> bool:
    """Whether the places a query names (gazetteer codes) lie neither within nor around any place of the listed
    party's names: Taiwan Dahua is not Zhejiang Dahua."""
    return bool(here and places) and not (here & places or _inside(here, places) or _inside(places, here))


def _inside(inner: frozenset[str], outer: frozenset[str]) -> bool:
    lex = lexicon()
    return any(ancestor in outer for code in inner for ancestor in lex.ancestors(code))


def _within(a: Token, b: Token) -> bool:
    """Whether place `a` lies strictly inside place `b` (疏附县 inside 喀什地区 inside 新疆)."""
    if not (a.codes and b.codes) or a.codes & b.codes:
        return False
    lex = lexicon()
    return any(ancestor in b.codes for code in a.codes for ancestor in lex.ancestors(code))
