"""Find the taxonomy's terms on one page of raw text, with quotes cut from the raw text.

One pass over the page's matching view finds every anchor of every rule (`literals.Literals`); only a rule
whose anchor occurs is run, and only in a window around that anchor. A candidate is then checked for English word
boundaries and for a benign context of its category overlapping it, and mapped back to raw offsets. A match
inside another of its category is then dropped, so one stated capability is one finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from oversight.detect.context import Lines
from oversight.detect.literals import Literals
from oversight.detect.taxonomy import Pattern, Rule, Taxonomy, load
from oversight.detect.view import View, build_view


@dataclass(frozen=True, slots=True)
class Match:
    """One rule's first accepted occurrence on a page; offsets are into the raw page text."""

    rule: str
    category: str
    severity: str
    quote: str
    start: int
    end: int
    context: str


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
        """The findings of `raw`: `rule_matches`, less any lying inside another match of its category.

        An inner match states nothing the longer quote does not (民族人员识别 inside 少数民族人员识别), and a
        reader would count one capability twice.
        """
        return _outermost(self.rule_matches(raw))

    def rule_matches(self, raw: str) -> list[Match]:
        """Every rule that fires on `raw`, once per rule (its first occurrence), in page order."""
        if not raw:
            return []
        view = build_view(raw)
        found: dict[int, tuple[int, int]] = {}
        for anchor_start, anchor_end, targets in self.anchors.find(view.text, view.codes):
            for index, pattern in targets:
                if index in found:
                    continue
                span = self._verify(self.rules[index], pattern, view, anchor_start, anchor_end)
                if span is not None:
                    found[index] = span
        if not found:
            return []
        lines = Lines(raw)
        matches = [self._to_raw(self.rules[index], view, lines, *span) for index, span in found.items()]
        return sorted(matches, key=lambda m: (m.start, m.rule))

    def _verify(
        self, rule: Rule, pattern: Pattern, view: View, anchor_start: int, anchor_end: int
    ) -> tuple[int, int] | None:
        """The first acceptable match of `pattern` in the window around its anchor, as a view span."""
        text = view.text
        position = max(0, anchor_end - pattern.width)
        stop = min(len(text), anchor_start + pattern.width)
        while position < stop:
            found = pattern.regex.search(text, position, stop)
            if found is None:
                return None
            span = self._accept(rule, view, found.start(), found.end())
            if span is not None:
                return span
            position = found.start() + 1
        return None

    def _accept(self, rule: Rule, view: View, start: int, end: int) -> tuple[int, int] | None:
        if start == end:
            return None
        end = self._word_end(view, start, end)
        if end is None or self._benign(rule, view.text, start, end):
            return None
        return start, end

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

    @staticmethod
    def _to_raw(rule: Rule, view: View, lines: Lines, start: int, end: int) -> Match:
        raw_start, raw_end = view.raw_span(start, end)
        return Match(
            rule.id,
            rule.category,
            rule.severity,
            lines.raw[raw_start:raw_end],
            raw_start,
            raw_end,
            lines.context(raw_start, raw_end),
        )


def _outermost(matches: list[Match]) -> list[Match]:
    """The matches (in page order) not inside another of their category; of equal spans, the first rule by id."""
    kept: list[Match] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end, m.rule)):
        if not any(k.category == match.category and k.start <= match.start and match.end <= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: (m.start, m.rule))


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
