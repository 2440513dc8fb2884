"""Item tables: find header rows that name a brand, model, manufacturer or vendor column, then read the rows.

Tab- or pipe-separated rows map cell by cell. Space-separated rows (a PDF text layer) lose their cell borders:
the serial number, quantity, unit and prices at either end are peeled off by their shape, and the words left in
the middle are split among the middle columns by trying every split and keeping the one that reads best (a model
column that starts with a known model number, a brand column holding one known brand word, and so on).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from math import comb

from oversight.entities.catalog import key, vocabulary
from oversight.entities.layout import Cell, Line, line_at
from oversight.entities.literals import Literals, lower
from oversight.entities.products import chip_hits, maker_in, model_hits
from oversight.text.chinese import HAN_CHAR

ENTITY_COLUMNS = frozenset({"brand", "brand_model", "model", "manufacturer", "vendor"})
_SHAPED = frozenset({"serial", "quantity", "unit", "price", "origin"})
_SERIAL = re.compile(r"^\d{1,4}[.、]?$")
_NUMBER = re.compile(r"^[¥$]?\d[\d,.]*$")  # OCR writes thousands separators as dots too
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)$")
_MAX_TERM_WORDS = 4
_MAX_MIDDLE_WORDS = 14
_MAX_SPLITS = 4000  # beyond this many ways to split a row, fill the columns in order instead


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: the cell under each column role (only roles present in the header)."""

    line: Line
    cells: dict[str, Cell]
    text: str  # the whole row, for chip context


@lru_cache(maxsize=16384)
def column_role(term: str) -> str | None:
    """The column a header cell names (`单价（元）` -> price), or None."""
    columns = vocabulary().columns
    folded = key(term)
    return columns.get(folded) or columns.get(_TRAILING_PAREN.sub("", folded))


def headers(text: str, lines: list[Line]) -> dict[int, list[str]]:
    """The item-table header lines of a page (line index -> column roles): one search of the page for the terms
    of entity columns, then only the lines holding one are read as headers."""
    found: dict[int, list[str]] = {}
    for start, _, _ in _entity_terms().spans(lower(text)):
        index = line_at(lines, start)
        if index not in found:
            found[index] = _header_roles(lines[index]) or []
    return {index: roles for index, roles in sorted(found.items()) if roles}


def read_header(line: Line) -> list[str] | None:
    """Column roles of a header line ('' for unknown columns), or None when the line is not an item-table header."""
    if not _entity_terms().found(line.text):
        return None
    return _header_roles(line)


def _header_roles(line: Line) -> list[str] | None:
    if not line.cells:
        return None
    roles = [column_role(c.text) or "" for c in line.cells] if line.separated else _space_header(line.cells)
    known = [r for r in roles if r]
    if len(known) < 2 or not ENTITY_COLUMNS & set(known) or len(known) * 2 < len(roles):
        return None
    if len(known) < 3 and not {"brand", "model"} <= set(known) and "brand_model" not in known:
        return None
    return roles


def _space_header(cells: tuple[Cell, ...]) -> list[str]:
    """Greedy longest match of header terms over words (`Unit price (CNY)` is one column)."""
    roles: list[str] = []
    i = 0
    while i < len(cells):
        for n in range(min(_MAX_TERM_WORDS, len(cells) - i), 0, -1):
            role = column_role(" ".join(c.text for c in cells[i : i + n]))
            if role:
                roles.append(role)
                i += n
                break
        else:
            roles.append("")
            i += 1
    return roles


def read_rows(lines: list[Line], index: int, roles: list[str], heads: dict[int, list[str]]) -> Iterator[Row]:
    """Rows under the header at `lines[index]`, until a line that cannot be a row (or the next header)."""
    header = lines[index]
    for line in lines[index + 1 :]:
        if not line.cells:
            if line.text.strip():  # a ruled line between header and rows
                continue
            return
        if line.number in heads:
            return
        if header.separated:
            if not line.separated:
                return
            cells = {role: cell for role, cell in zip(roles, line.cells) if role and cell.text}
        else:
            if line.separated:
                return
            found = _space_row(line.cells, roles)
            if found is None:
                return
            cells = found
        yield Row(line, cells, line.text)


def _space_row(words: tuple[Cell, ...], roles: list[str]) -> dict[str, Cell] | None:
    """Assign words to columns; None when the ends do not have the shapes the header promises."""
    left = 0
    while left < len(roles) and roles[left] in _SHAPED:
        left += 1
    right = len(roles)
    while right > left and roles[right - 1] in _SHAPED:
        right -= 1
    if len(words) < left + (len(roles) - right) + 1:
        return None
    cells: dict[str, Cell] = {}
    for role, word in zip(roles[:left], words[:left]):
        if not _shaped(role, word.text):
            return None
        cells[role] = word
    tail = words[len(words) - (len(roles) - right) :]
    for role, word in zip(roles[right:], tail):
        if not _shaped(role, word.text):
            return None
        cells.setdefault(role, word)
    middle_words = words[left : len(words) - len(tail)]
    middle_roles = roles[left:right]
    if len(middle_words) > _MAX_MIDDLE_WORDS:
        return None
    for role, group in zip(middle_roles, _best_split(middle_words, middle_roles)):
        if role and group:
            cells.setdefault(role, Cell(group[0].start, group[-1].end, " ".join(w.text for w in group)))
    return cells


def _shaped(role: str, text: str) -> bool:
    if role == "serial":
        return bool(_SERIAL.match(text))
    if role in ("quantity", "price"):
        return bool(_NUMBER.match(text))
    if role == "unit":
        return key(text) in vocabulary().units
    return True


def _best_split(words: tuple[Cell, ...], roles: list[str]) -> list[tuple[Cell, ...]]:
    """The split of `words` into len(roles) consecutive groups (empty groups allowed) that scores best."""
    n, m = len(words), len(roles)
    if m == 0:
        return []
    if m == 1:
        return [words]
    if comb(n + m - 1, m - 1) > _MAX_SPLITS:
        return [words[i : i + 1] for i in range(m - 1)] + [words[m - 1 :]]
    best: tuple[float, list[tuple[Cell, ...]]] | None = None
    for cuts in combinations(range(n + m - 1), m - 1):  # stars and bars: groups may be empty
        groups, start, previous = [], 0, -1
        for cut in cuts:
            size = cut - previous - 1
            groups.append(words[start : start + size])
            start += size
            previous = cut
        groups.append(words[start:])
        score = sum(_group_score(role, group) for role, group in zip(roles, groups))
        if best is None or score > best[0]:
            best = (score, groups)
    return best[1] if best else [words]


def _group_score(role: str, group: tuple[Cell, ...]) -> float:
    """How plausible it is that `group` is the cell of column `role`."""
    if not group:
        return -1.5 if role in ("brand", "manufacturer") else -3.0
    return _text_score(role, " ".join(w.text for w in group), len(group), bool(HAN_CHAR.search(group[0].text)))


@lru_cache(maxsize=4096)
def _text_score(role: str, text: str, words: int, han_first: bool) -> float:
    if role in ("model", "brand_model"):
        score = 0.0
        hits = model_hits(text) + chip_hits(text, text)
        if hits and hits[0].start == 0:
            score += 3.0 if hits[0].end == len(text) else 2.0
        score += 1.0 if any(c.isdigit() for c in text) else -1.0
        score -= 1.0 if han_first and role == "model" else 0.0
        return score
    if role in ("brand", "manufacturer"):
        score = 1.0 if words == 1 else -1.0 * (words - 1)
        if _known_brand(text):
            score += 2.0
        if model_hits(text) or chip_hits(text, text):
            score -= 2.0
        if HAN_CHAR.search(text):
            score += 0.5
        return score
    if role == "item":
        return 0.5 if HAN_CHAR.search(text) else 0.0
    return 0.0


@lru_cache(maxsize=1)
def _entity_terms() -> Literals[str]:
    """The header terms of entity columns: a line without one cannot head an item table."""
    return Literals(((t, t) for t, role in vocabulary().columns.items() if role in ENTITY_COLUMNS), ignore_case=True)


def _known_brand(text: str) -> bool:
    folded = text.lower()
    if maker_in(text):
        return True
    return any(name.lower() == folded for family in vocabulary().models for name in family.names)
