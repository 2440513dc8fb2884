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
from oversight.entities.layout import Cell, Line, compact, line_at, wrapped
from oversight.entities.literals import lower
from oversight.entities.products import chip_hits, maker_in, model_hits
from oversight.text.chinese import HAN_CHAR

ENTITY_COLUMNS = frozenset({"brand", "brand_model", "model", "manufacturer", "vendor"})
_SHAPED = frozenset({"serial", "quantity", "unit", "price", "origin"})
_SERIAL = re.compile(r"^\d{1,4}[.、]?$")
_NUMBER = re.compile(r"^[¥$]?\d[\d,.]*$")  # OCR writes thousands separators as dots too
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)$")
_MAX_TERM_WORDS = 4
_MAX_MIDDLE_WORDS = 14
_MAX_ROW_LINES = 6  # a row wrapped over more lines than this is not read as one
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


@dataclass(frozen=True, slots=True)
class Header:
    """An item-table header line: the role of each column ('' for unknown columns), and the words after it on the
    same line that already begin the first row (a PDF text layer puts a row on the header's line when their
    baselines meet)."""

    roles: list[str]
    rest: tuple[Cell, ...] = ()
    inline: bool = False  # the header stands inside a longer line, its rows after it on that line only


def headers(text: str, lines: list[Line]) -> dict[int, Header]:
    """The item-table header lines of a page, by line index: one search of the page for the terms of entity
    columns, then only the lines holding one are read as headers."""
    found: dict[int, Header] = {}
    lowered, terms, at = lower(text), _entity_pattern(), 0
    while (term := terms.search(lowered, at)) is not None:
        index = line_at(lines, term.start())
        header = _header(lines[index])
        if header:
            found[index] = header
        at = lines[index].end + 1  # on to the next line: one term is enough to look at a line
    return found


def _header(line: Line) -> Header | None:
    if len(line.text.split(None, 1)) < 2 and line.text.count("|") < 2:
        return None  # one word, not even a pipe row: too few columns to head a table
    if line.separated:
        roles = [column_role(c.text) or "" for c in line.cells]
        return Header(roles) if _heads_a_table(roles) else None
    roles, starts = _space_header(line.cells)
    rest = line.cells[starts[-1] :]
    if roles and roles[0] == "serial":  # unknown words from a serial number on already begin the first row
        for k in range(len(roles) - 1, 0, -1):
            if roles[k]:
                break
            if _SERIAL.match(line.cells[starts[k]].text) and not any(roles[k:]):
                roles, rest = roles[:k], line.cells[starts[k] : starts[-1]]
                break
    if _heads_a_table(roles):
        return Header(roles, rest)
    return _inline_header(line.cells, roles, starts)


def _heads_a_table(roles: list[str]) -> bool:
    known = [r for r in roles if r]
    if len(known) < 2 or not ENTITY_COLUMNS & set(known) or len(known) * 2 < len(roles):
        return False
    return len(known) >= 3 or {"brand", "model"} <= set(known) or "brand_model" in known


def _inline_header(cells: tuple[Cell, ...], roles: list[str], starts: list[int]) -> Header | None:
    """A header inside a longer line, its rows after it on the same line: a flattened HTML notice or a PDF line
    that lost its breaks (`…主要标的信息 名称 品牌 规格型号 数量 单价 空调 美的 KFR-72GW 281 5390 七、…`). The longest
    run of known columns, at least three with a serial or number column at one end, heads the table; the words
    after it are read as rows."""
    best: tuple[int, int] | None = None
    run_start = None
    for k, role in enumerate([*roles, ""]):
        if role and run_start is None:
            run_start = k
        elif not role and run_start is not None:
            if k - run_start >= 3 and (best is None or k - run_start > best[1] - best[0]):
                best = (run_start, k)
            run_start = None
    if best is None or not _heads_a_table(roles[best[0] : best[1]]):
        return None
    if roles[best[0]] not in _SHAPED and roles[best[1] - 1] not in _SHAPED:
        return None  # without a serial number or a number column at one end, rows have no edges to read by
    return Header(roles[best[0] : best[1]], cells[starts[best[1]] : starts[-1]], inline=True)


def _space_header(cells: tuple[Cell, ...]) -> tuple[list[str], list[int]]:
    """Greedy longest match of header terms over words (`Unit price (CNY)` is one column): the roles, and the
    word each begins at (then the number of words, closing the list)."""
    roles: list[str] = []
    starts: list[int] = []
    i = 0
    while i < len(cells):
        starts.append(i)
        for n in range(min(_MAX_TERM_WORDS, len(cells) - i), 0, -1):
            role = column_role(" ".join(c.text for c in cells[i : i + n]))
            if role:
                roles.append(role)
                i += n
                break
        else:
            roles.append("")
            i += 1
    return roles, [*starts, len(cells)]


def read_rows(lines: list[Line], index: int, header: Header, heads: dict[int, Header]) -> Iterator[Row]:
    """Rows under the header at `lines[index]`, until a line that cannot be a row (or the next header)."""
    roles = header.roles
    separated = lines[index].separated
    at = index + 1
    if header.inline:
        yield from _inline_rows(lines[index], header)
        return
    if header.rest:
        block = _space_block(lines, index, roles, heads, list(header.rest))
        if block is None:
            return
        cells, used = block
        yield Row(lines[index], cells, "\n".join(line.text for line in lines[index : index + used]))
        at = index + used
    while at < len(lines):
        line = lines[at]
        if not line.cells:
            if line.text.strip():  # a ruled line between header and rows
                at += 1
                continue
            return
        if line.number in heads or line.separated != separated:
            return
        if separated:
            cells = {role: cell for role, cell in zip(roles, line.cells) if role and cell.text}
            yield Row(line, cells, line.text)
            at += 1
            continue
        block = _space_block(lines, at, roles, heads, list(line.cells))
        if block is None:
            return
        cells, used = block
        yield Row(line, cells, "\n".join(line.text for line in lines[at : at + used]))
        at += used


def _inline_rows(line: Line, header: Header) -> Iterator[Row]:
    """Rows one after another in the words after an inline header: each the shortest run of words that fills the
    columns with the shapes the header promises; the first run that cannot ends the table."""
    words, at = header.rest, 0
    while at < len(words):
        for n in range(1, min(len(words) - at, len(header.roles) + _MAX_MIDDLE_WORDS) + 1):
            cells = _space_row(words[at : at + n], header.roles)
            if cells is not None:
                yield Row(line, cells, line.text)
                at += n
                break
        else:
            return


def _space_block(
    lines: list[Line], at: int, roles: list[str], heads: dict[int, Header], words: list[Cell]
) -> tuple[dict[str, Cell], int] | None:
    """A row of a space-separated table that begins with `words` on line `at`, and the number of lines it takes:
    a PDF text layer breaks a row wherever one of its cells wraps, so while the words read so far do not fill the
    columns, the next line (not a new row, not a header) is read on; a Han word wrapped at the edge of its cell
    is glued back (`layout.wrapped`)."""
    for used in range(1, _MAX_ROW_LINES + 1):
        cells = _space_row(tuple(words), roles)
        if cells is not None:
            return cells, used
        below = lines[at + used] if at + used < len(lines) else None
        if below is None or not _continues(below, roles, heads):
            return None
        words = _glued(words, lines[at + used - 1], below)
    return None


def _continues(line: Line, roles: list[str], heads: dict[int, Header]) -> bool:
    """Whether `line` can carry the wrapped rest of a row: a few words, no header, no serial number of its own."""
    cells = line.cells
    if not cells or line.separated or line.number in heads or len(cells) > len(roles):
        return False
    return not (roles[0] == "serial" and _SERIAL.match(cells[0].text))


def _glued(words: list[Cell], above: Line, below: Line) -> list[Cell]:
    """`words` and the words of `below`, the first of them joined to the last word when it was wrapped there (the
    joined cell spans the line break, which its text keeps, so offsets still index the page)."""
    rest = list(below.cells)
    if words and words[-1].end > above.start and wrapped(above.text, below.text):
        last, first = words[-1], rest.pop(0)
        between = above.text[last.end - above.start :] + "\n" + below.text[: first.start - below.start]
        words = [*words[:-1], Cell(last.start, first.end, last.text + between + first.text)]
    return words + rest


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
    text = " ".join(compact(w.text) for w in group)
    return _text_score(role, text, len(group), bool(HAN_CHAR.search(group[0].text)))


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
def _entity_pattern() -> re.Pattern[str]:
    """The header terms of entity columns, lower case, as one pattern for `headers`: searched once per line that
    holds one, it skips the many repeats of a term in running text (投标人) that an automaton would report."""
    terms = sorted({t for t, role in vocabulary().columns.items() if role in ENTITY_COLUMNS}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, terms)))


def _known_brand(text: str) -> bool:
    folded = text.lower()
    if maker_in(text):
        return True
    return any(name.lower() == folded for family in vocabulary().models for name in family.names)
