"""Lines and cells of a page, with offsets into the page text, and where a word was wrapped onto the next line.

Tables reach us in three shapes: tab-separated rows (DOCX, XLSX, HTML ingestors), `a | b | c` rows (plain-text
exports) and space-separated words (a PDF text layer, where cell borders are gone). A line is split into cells
by the strongest separator it has; space-split cells are only words, and the table reader decides which words
belong together.

A PDF text layer also breaks a line wherever its box was full: a paragraph at the page edge, a table cell at its
column edge, often inside a name (`杭州海康威视数` / `字技术股份有限` / `公司`). Without coordinates, the text still
shows it: a box is filled before its text wraps, so the fragment before a wrap is as wide as the one after it, or
wider; a heading or the last word of another cell usually is not.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from oversight.text.chinese import HAN_CHAR

_WORD = re.compile(r"\S+")
_RULE = re.compile(r"^[\s\-=_+|:]*$")  # a ruled line between rows: "-----", "|---|---|"
_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十\d]+\)|\d+(?:\.\d+)*[.、 ]|第.{1,3}[章节条部分])"
)


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


def width(text: str) -> int:
    """Display width in columns: a Han (or other wide) character takes two, a Latin letter or digit one."""
    return len(text) + sum(1 for c in text if not c.isascii())


def wrapped(above: str, below: str) -> bool:
    """Whether the first word of line `below` continues the last word of line `above`, Han text wrapped at the
    edge of its box: both sides are Han, the fragment above is at least as wide as the one below (a Han character
    of slack where it holds folded punctuation, narrower now than as printed), and the line above is no numbered
    heading."""
    above = above.rstrip()
    last = above[above.rfind(" ") + 1 :] if above else ""
    first = below.lstrip().split(" ", 1)[0].rstrip("\r")
    if not last or not first or not HAN_CHAR.match(last[-1]) or not HAN_CHAR.match(first[0]):
        return False
    if last == above.lstrip() and _ENUMERATED.match(last):
        return False
    slack = 0 if last.isascii() or not any(c.isascii() for c in last) else 2  # `(` was a wide bracket, folded
    return width(last) >= width(first) - slack


def line_bounds(text: str, at: int) -> tuple[int, int]:
    """Start and end (before any `\\r`) of the line holding offset `at`."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    return start, end - 1 if end > start and text[end - 1] == "\r" else end


def compact(text: str) -> str:
    """`text` without the line breaks a wrapped word keeps (`杭州海康威视数\\n字技术`)."""
    return text.replace("\r", "").replace("\n", "") if "\n" in text else text
