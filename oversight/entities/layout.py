"""Lines and cells of a page, with offsets into the page text.

Tables reach us in three shapes: tab-separated rows (DOCX, XLSX, HTML ingestors), `a | b | c` rows (plain-text
exports) and space-separated words (a PDF text layer, where cell borders are gone). A line is split into cells
by the strongest separator it has; space-split cells are only words, and the table reader decides which words
belong together.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_WORD = re.compile(r"\S+")
_RULE = re.compile(r"^[\s\-=_+|:]*$")  # a ruled line between rows: "-----", "|---|---|"


@dataclass(frozen=True, slots=True)
class Cell:
    start: int
    end: int
    text: str


class Line:
    """One line; `separated` when its cells came from tabs or pipes rather than spaces.

    Cells are split on first use: most lines of a page are never read as table rows or label cells.
    """

    __slots__ = ("_cells", "end", "number", "start", "text")

    def __init__(self, number: int, start: int, text: str) -> None:
        self.number = number  # 0-based index on the page
        self.start = start
        self.end = start + len(text)
        self.text = text
        self._cells: tuple[Cell, ...] | None = None

    @property
    def cells(self) -> tuple[Cell, ...]:
        if self._cells is None:
            ruled = not self.text.strip() or bool(_RULE.match(self.text))
            self._cells = () if ruled else _cells(self.start, self.text)
        return self._cells

    @property
    def separated(self) -> bool:
        text = self.text
        return ("\t" in text or text.count("|") >= 2) and bool(self.cells)

    def __repr__(self) -> str:
        return f"Line({self.number}, {self.start}, {self.text!r})"


def split_lines(text: str) -> list[Line]:
    """Every line of `text` with its cells; ruled lines keep their place but carry no cells."""
    lines: list[Line] = []
    start = 0
    for number, piece in enumerate(text.split("\n")):
        lines.append(Line(number, start, piece))
        start += len(piece) + 1
    return lines


def line_at(lines: list[Line], offset: int) -> int:
    """Index of the line that holds `offset` (the last line for an offset past the end)."""
    return max(0, bisect_right(lines, offset, key=lambda line: line.start) - 1)


def _cells(start: int, text: str) -> tuple[Cell, ...]:
    if "\t" in text:
        return _split(text, start, "\t")
    if text.count("|") >= 2:
        return _split(text.strip().strip("|"), start + _lead(text), "|")
    return tuple(Cell(start + m.start(), start + m.end(), m.group()) for m in _WORD.finditer(text))


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
