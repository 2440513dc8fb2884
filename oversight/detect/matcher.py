"""Find the taxonomy's terms on one page of raw text, with quotes cut from the raw text.

One pass over the page's matching view finds every anchor of every rule (`literals.Literals`); only a rule
whose anchor occurs is run, and only in a window around that anchor. A candidate is then checked for English word
boundaries, for a benign context of its category overlapping it, and, for a term with ordinary meanings too, for
its required context in the same sentence or row; then mapped back to raw offsets, where a statement that denies,
bans or cites the capability is dropped. A match inside another of its category is then dropped, so one stated
capability is one quote. Every remaining statement of a rule is kept: a page's finding for a rule carries all of
them, ranked by the kind of statement (`quotes.kind`), the best as its own quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from oversight.detect import quotes
from oversight.detect.context import Lines
from oversight.detect.literals import Literals
from oversight.detect.quotes import QuoteKind
from oversight.detect.taxonomy import Pattern, Rule, Taxonomy, load
from oversight.detect.view import View, build_view

MAX_QUOTES = 12  # statements kept per rule and page (a keyword-stuffed page repeats itself)


@dataclass(frozen=True, slots=True)
class Quote:
    """One statement of a rule on a page; offsets are into the raw page text."""

    quote: str
    start: int
    end: int
    context: str
    kind: QuoteKind


@dataclass(frozen=True, slots=True)
class Match:
    """A rule's finding on a page: its best-ranked statement, and all of them (best first) in `quotes`."""

    rule: str
    category: str
    severity: str
    quote: str
    start: int
    end: int
    context: str
    kind: QuoteKind = "prose"
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True, slots=True)
class _Hit:
    rule: Rule
    quote: Quote
    sentence: tuple[int, int]  # raw span of the quote's sentence or row


class Matcher:
    """The compiled taxonomy: build once per process (see `matcher()`), then call `match` per page."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.rules = taxonomy.rules
        by_anchor: dict[str, list[tuple[int, Pattern]]] = {}
        for index, rule in enumerate(self.rules):
            for pattern in rule.patterns:
                for anchor in pattern.anchors:
                    by_anchor.setdefault(anchor, []).append((index, pattern))
        self.anchors = Literals({anchor: tuple(targets) for anchor, targets in by_anchor.items()})

    def match(self, raw: str) -> list[Match]:
        """The findings of `raw`, one per rule, less statements lying inside another of their category.

        An inner match states nothing the longer quote does not (民族人员识别 inside 少数民族人员识别), and a
        reader would count one capability twice.
        """
        return _grouped(self._unsubsumed(_outermost(self._hits(raw))))

    def rule_matches(self, raw: str) -> list[Match]:
        """Every rule that fires on `raw`, once per rule with all its statements, in page order."""
        return _grouped(self._hits(raw))

    def _hits(self, raw: str) -> list[_Hit]:
        if not raw:
            return []
        view = build_view(raw)
        found: dict[int, list[tuple[int, int]]] = {}
        for anchor_start, anchor_end, targets in self.anchors.find(view.text, view.codes):
            for index, pattern in cast(tuple[tuple[int, Pattern], ...], targets):
                spans = found.setdefault(index, [])
                if len(spans) >= MAX_QUOTES or any(s <= anchor_start and anchor_end <= e for s, e in spans):
                    continue
                span = self._verify(self.rules[index], pattern, view, anchor_start, anchor_end)
                if span is not None and span not in spans:
                    spans.append(span)
        if not any(found.values()):
            return []
        lines = Lines(raw)
        hits = (self._to_raw(self.rules[i], view, lines, *span) for i, spans in found.items() for span in spans)
        return [hit for hit in hits if hit is not None]

    def _verify(
        self, rule: Rule, pattern: Pattern, view: View, anchor_start: int, anchor_end: int
    ) -> tuple[int, int] | None:
        """The first acceptable match of `pattern` around its anchor (and reaching it), as a view span."""
        text = view.text
        position = max(0, anchor_end - pattern.width)
        stop = min(len(text), anchor_start + pattern.width)
        while position < stop:
            found = pattern.regex.search(text, position, stop)
            if found is None or found.start() >= anchor_end:
                return None
            span = self._accept(rule, view, found.start(), found.end())
            if span is not None and span[1] > anchor_start:
                return span
            position = found.start() + 1
        return None

    def _accept(self, rule: Rule, view: View, start: int, end: int) -> tuple[int, int] | None:
        if start == end:
            return None
        end_at = self._word_end(view, start, end)
        if end_at is None or self._benign(rule, view.text, start, end_at):
            return None
        if not self._supported(rule, view.text, start, end_at):
            return None
        return start, end_at

    def _word_end(self, view: View, start: int, end: int) -> int | None:
        """English matches must start on a word boundary and end on one, perhaps after an inflection."""
        text = view.text
        if _is_word(text[start]) and not view.gap_before(start) and _is_word(text[start - 1]):
            return None
        if not _is_word(text[end - 1]):
            return end
        stop = end
        while not view.gap_before(stop) and _is_word(text[stop]):
            stop += 1
        if stop == end or self.taxonomy.suffixes.fullmatch(text, end, stop):
            return stop
        return None

    def _benign(self, rule: Rule, text: str, start: int, end: int) -> bool:
        """A benign context of the rule's category overlapping the match suppresses it."""
        benign = self.taxonomy.categories[rule.category].benign
        if benign is None:
            return False
        window = self.taxonomy.benign_window
        position, stop = max(0, start - window), min(len(text), end + window)
        while position < stop:
            found = benign.search(text, position, stop)
            if found is None or found.start() >= end:
                return False
            if found.end() > start and found.end() > found.start():
                return True
            position = found.start() + 1
        return False

    def _supported(self, rule: Rule, text: str, start: int, end: int) -> bool:
        """A term with ordinary meanings needs its context in the same sentence or row (view line), nearby."""
        if rule.context is None:
            return True
        window = self.taxonomy.context_window
        left = max(text.rfind("\n", 0, start) + 1, start - window)
        right = text.find("\n", end)
        right = min(len(text) if right < 0 else right, end + window)
        return rule.context.search(text, left, right) is not None

    def _unsubsumed(self, hits: list[_Hit]) -> list[_Hit]:
        """Hits less those of a category that is the means of another stated in the same sentence.

        "Facial recognition that looks for Uyghurs" is one capability, ethnic profiling, carried out by face
        recognition: the ethnicity finding quotes it, and the sentence (its context) shows the means.
        """
        categories = self.taxonomy.categories
        ends = [(h, categories[h.rule.category].subsumes) for h in hits if categories[h.rule.category].subsumes]
        if not ends:
            return hits
        return [h for h in hits if not any(h.rule.category in means and _same_sentence(h, e) for e, means in ends)]

    def _to_raw(self, rule: Rule, view: View, lines: Lines, start: int, end: int) -> _Hit | None:
        """The hit in raw offsets with its sentence and kind; None when the sentence denies or cites it."""
        raw_start, raw_end = view.raw_span(start, end)
        left, right = lines.span(raw_start, raw_end)
        if quotes.denied(self.taxonomy.denial, lines.raw[left:raw_start]):
            return None
        context = lines.raw[left:right].strip()
        kind = quotes.kind(lines.line(raw_start))
        return _Hit(rule, Quote(lines.raw[raw_start:raw_end], raw_start, raw_end, context, kind), (left, right))


def _outermost(hits: list[_Hit]) -> list[_Hit]:
    """The hits not inside another of their category; of equal spans, the first rule by id."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.quote.start, -h.quote.end, h.rule.id)):
        q = hit.quote
        if not any(
            k.rule.category == hit.rule.category and k.quote.start <= q.start and q.end <= k.quote.end for k in kept
        ):
            kept.append(hit)
    return kept


def _grouped(hits: list[_Hit]) -> list[Match]:
    """One Match per rule: its statements ranked by kind, then page order; the best is the Match's quote."""
    by_rule: dict[str, list[_Hit]] = {}
    for hit in hits:
        by_rule.setdefault(hit.rule.id, []).append(hit)
    matches = []
    for group in by_rule.values():
        ranked = tuple(sorted((h.quote for h in group), key=lambda q: (quotes.RANK[q.kind], q.start)))
        best, rule = ranked[0], group[0].rule
        matches.append(
            Match(
                rule.id, rule.category, rule.severity, best.quote, best.start, best.end, best.context, best.kind, ranked
            )
        )
    return sorted(matches, key=lambda m: (m.start, m.rule))


def _same_sentence(a: _Hit, b: _Hit) -> bool:
    """Does either quote lie in the other's sentence (sentences are cut at most LIMIT characters from a quote)?"""
    return a.sentence[0] <= b.quote.start < a.sentence[1] or b.sentence[0] <= a.quote.start < b.sentence[1]


def _is_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def matcher(taxonomy: Taxonomy | None = None) -> Matcher:
    """The compiled matcher for `taxonomy` (default: the shipped one), built once per process."""
    return _compiled(taxonomy or load())


@lru_cache(maxsize=4)
def _compiled(taxonomy: Taxonomy) -> Matcher:
    return Matcher(taxonomy)


def match_text(raw: str) -> list[Match]:
    """Match one page of raw text against the shipped taxonomy."""
    return matcher().match(raw)
