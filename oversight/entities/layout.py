"""Lines and cells of a page, with offsets into the page text.

Tables reach us in three shapes: tab-separated rows (DOCX, XLSX, HTML ingestors), `a | b | c` rows (plain-text
exports) and space-separated words (a PDF text layer, where cell borders are gone). A line is split into cells
by the strongest separator it has; space-split cells are only words, and the table reader decides which words
belong together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\S+")
_RULE = re.compile(r"^[\s\-=_+|:]*$")  # a ruled line between rows: "-----", "|---|---|"


@dataclass(frozen=True, slots=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Line:
    """One line; `separated` when its cells came from tabs or pipes rather than spaces."""

    number: int  # 0-based index on the page
    start: int
    end: int
    text: str
    cells: tuple[Cell, ...]
    separated: bool


def split_lines(text: str) -> list[Line]:
    """Every line of `text` with its cells; ruled lines keep their place but carry no cells."""
    lines: list[Line] = []
    start = 0
    for number, piece in enumerate(text.split("\n")):
        end = start + len(piece)
        lines.append(_line(number, start, piece))
        start = end + 1
    return lines


def _line(number: int, start: int, text: str) -> Line:
    if not text.strip() or _RULE.match(text):
        return Line(number, start, start + len(text), text, (), False)
    if "\t" in text:
        return Line(number, start, start + len(text), text, _split(text, start, "\t"), True)
    if text.count("|") >= 2:
        return Line(
            number, start, start + len(text), text, _split(text.strip().strip("|"), start + _lead(text), "|"), True
        )
    cells = tuple(Cell(start + m.start(), start + m.end(), m.group()) for m in _WORD.finditer(text))
    return Line(number, start, start + len(text), text, cells, False)


def _lead(text: str) -> int:
    """Offset of the first character after leading spaces and one leading pipe."""
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    return offset + 1 if stripped.startswith("|") else offset


def _split(text: str, start: int, separator: str) -> tuple[Cell, ...]:
    """Cells between separators, trimmed of surrounding whitespace; empty cells are kept (they hold a column)."""
    cells = []
    position = 0
    for part in text.split(separator):
        inner = len(part) - len(part.lstrip())
        stripped = part.strip()
        cells.append(Cell(start + position + inner, start + position + inner + len(stripped), stripped))
        position += len(part) + len(separator)
    return tuple(cells)
