"""Literal anchors of a regular expression: strings of which every match must contain at least one.

The matcher finds all anchors of all rules in one Aho-Corasick pass over the page and runs a rule's regex only
near its anchors, so a page costs one automaton pass however many rules the taxonomy holds. Anchors are derived
from the parsed pattern (the prefilter idea of RE2 and Hyperscan), so taxonomy authors write plain regular
expressions and never list anchors by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

# The standard library's own regex parser; private and untyped, so typed here as Any.
C: Any = import_module("re._constants")
_parser: Any = import_module("re._parser")

_MAX_SET = 64  # literal sets larger than this are not expanded further
_EMPTY = frozenset({""})


@dataclass(frozen=True, slots=True)
class _Info:
    """What a sub-pattern guarantees about its matches."""

    exact: frozenset[str] | None  # every match is one of these strings (None: not a small finite set)
    prefix: frozenset[str]  # every match starts with one of these ({""}: nothing known)
    best: frozenset[str] | None  # every match contains one of these (None: nothing known)


def anchors(pattern: str, flags: int = 0) -> frozenset[str]:
    """The anchor set of `pattern`; empty when no literal is required (such a pattern cannot be prefiltered)."""
    info = _sequence(_parser.parse(pattern, flags), bool(flags & re.IGNORECASE))
    found = info.best or frozenset()
    # A string containing another anchor adds nothing: the shorter one already fires wherever it does.
    return frozenset(s for s in found if not any(t != s and t in s for t in found))


def _score(strings: frozenset[str]) -> tuple[int, float, int]:
    """Prefer long anchors (rarer in text): by the shortest, then the mean length, then fewer of them."""
    lengths = [len(s) for s in strings]
    return min(lengths), sum(lengths) / len(lengths), -len(lengths)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    usable = [s for s in (a, b) if s and "" not in s]
    return max(usable, key=_score) if usable else None


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _MAX_SET:
        return None
    return frozenset(x + y for x in a for y in b)


def _sequence(items: Iterable[tuple[Any, Any]], fold: bool) -> _Info:
    run: frozenset[str] | None = _EMPTY  # product of the exact items since the last break
    prefix: frozenset[str] | None = None  # set once the first non-exact item is met
    best: frozenset[str] | None = None
    for op, av in items:
        info = _item(op, av, fold)
        if info.exact is not None and run is not None:
            product = _product(run, info.exact)
            if product is not None:
                run = product
                continue
        # The run ends here: it, extended by the item's prefix, is a required substring.
        head = _product(run, info.prefix) if run is not None else None
        best = _better(best, _better(run, head))
        best = _better(best, info.best)
        if prefix is None:
            prefix = head if head is not None else (run or _EMPTY)
        run = info.exact
    if prefix is None:  # every item was exact and the products stayed small
        return _Info(run, run or _EMPTY, _better(best, run))
    return _Info(None, prefix, _better(best, run))


def _item(op: Any, av: Any, fold: bool) -> _Info:
    if op is C.LITERAL:
        char = chr(av).lower() if fold else chr(av)
        return _Info(frozenset({char}), frozenset({char}), frozenset({char}))
    if op is C.IN:
        chars: set[str] = set()
        for sub_op, sub_av in av:
            if sub_op is not C.LITERAL:
                return _Info(None, _EMPTY, None)
            chars.add(chr(sub_av).lower() if fold else chr(sub_av))
        strings = frozenset(chars)
        return _Info(strings, strings, strings) if len(strings) <= 8 else _Info(None, _EMPTY, None)
    if op is C.SUBPATTERN:
        return _sequence(av[-1], fold)
    if op is C.ATOMIC_GROUP:
        return _sequence(av, fold)
    if op is C.BRANCH:
        branches = [_sequence(branch, fold) for branch in av[1]]
        exact: frozenset[str] | None = None
        exacts = [b.exact for b in branches if b.exact is not None]
        if len(exacts) == len(branches):
            exact = frozenset[str]().union(*exacts)
            exact = exact if len(exact) <= _MAX_SET else None
        prefix = frozenset[str]().union(*(b.prefix for b in branches))
        bests = [best for b in branches if (best := _better(b.best, b.prefix)) is not None]
        best = frozenset[str]().union(*bests) if len(bests) == len(branches) else None
        return _Info(exact, prefix if "" not in prefix else _EMPTY, best)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, body = av
        inner = _sequence(body, fold)
        if low == 0:
            optional = high == 1 and inner.exact is not None
            return _Info(inner.exact | _EMPTY if optional and inner.exact is not None else None, _EMPTY, None)
        exact = inner.exact if low == high == 1 else None
        return _Info(exact, inner.prefix, _better(inner.best, inner.prefix))
    return _Info(None, _EMPTY, None)
