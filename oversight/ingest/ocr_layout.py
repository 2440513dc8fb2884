"""Turn OCR words into page text in reading order, with one box per word in the same order.

Engines return words grouped into the segments (lines or line fragments) they recognised together; table cells
come back as separate segments. Rows are rebuilt from geometry so a table row reads as one line, skew measured
from the segments themselves (scans are rarely straight, and a 1 degree tilt moves the far end of a row by more
than a line's height). Boxes stay in the pixel frame of the page image; only the ordering is deskewed.

Text contract: every box's text occurs in `Page.text`, in box order, without overlap, so a quote's offsets map to
the boxes under it. Spaces are only ever removed between CJK characters (Tesseract splits Chinese into spaced
"words"), never letters added.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from oversight.ingest.base import Box

ROW_OVERLAP = 0.5  # a segment joins a row when their centre lines are within this share of the smaller height
CJK_JOIN_GAP = 0.6  # CJK neighbours closer than this share of the line height are one run of text
MIXED_JOIN_GAP = 0.25  # the same for CJK beside Latin or digits: a typed space is wider


@dataclass(slots=True)
class Word:
    """A recognised word (a CJK character is a word) with its box in page-image pixels."""

    box: Box
    segment: int  # the engine's line or line fragment this word was recognised in
    spaced: bool  # the engine put a space between this word and the previous one of its segment


@dataclass(slots=True)
class _Segment:
    words: list[Word]
    y: float  # deskewed centre line
    height: float
    x0: float


def is_cjk(char: str) -> bool:
    """CJK ideographs, kana, CJK punctuation and full-width forms: scripts written without spaces."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF
    )


def assemble(words: list[Word]) -> tuple[str, list[Box]]:
    """Page text (rows top to bottom joined by newlines, words left to right) and its boxes in text order."""
    segments = _segments(words)
    if not segments:
        return "", []
    parts: list[str] = []
    boxes: list[Box] = []
    previous: Word | None = None
    for row in _rows(segments):
        for segment in row:
            for word in segment.words:
                if previous is not None:
                    parts.append(_separator(previous, word, row_start=word is row[0].words[0]))
                box = word.box
                parts.append(box.text)
                boxes.append(
                    Box(
                        box.text,
                        round(float(box.x0), 1),
                        round(float(box.y0), 1),
                        round(float(box.x1), 1),
                        round(float(box.y1), 1),
                        round(float(box.confidence), 3),
                    )
                )
                previous = word
    return "".join(parts), boxes


def skew_slope(words: list[Word]) -> float:
    """Median slope (dy/dx) of the text lines: segments at least three heights wide vote with their end words."""
    by_segment: dict[int, list[Word]] = {}
    for word in words:
        by_segment.setdefault(word.segment, []).append(word)
    slopes = []
    for members in by_segment.values():
        first, last = members[0].box, members[-1].box
        dx = (last.x0 + last.x1 - first.x0 - first.x1) / 2
        height = statistics.median(_height(w) for w in members)
        if dx > 3 * height > 0:
            slopes.append((last.y0 + last.y1 - first.y0 - first.y1) / 2 / dx)
    return statistics.median(slopes) if slopes else 0.0


def _segments(words: list[Word]) -> list[_Segment]:
    slope = skew_slope(words)
    grouped: dict[int, list[Word]] = {}
    for word in words:
        grouped.setdefault(word.segment, []).append(word)
    segments = []
    for members in grouped.values():
        members.sort(key=lambda w: w.box.x0)
        centres = [(w.box.y0 + w.box.y1) / 2 - slope * (w.box.x0 + w.box.x1) / 2 for w in members]
        segments.append(
            _Segment(
                members, statistics.fmean(centres), statistics.median(_height(w) for w in members), members[0].box.x0
            )
        )
    return segments


def _rows(segments: list[_Segment]) -> list[list[_Segment]]:
    rows: list[list[_Segment]] = []
    centre = height = 0.0
    for segment in sorted(segments, key=lambda s: s.y):
        if rows and abs(segment.y - centre) < ROW_OVERLAP * min(segment.height, height):
            rows[-1].append(segment)
            count = len(rows[-1])
            centre += (segment.y - centre) / count
            height += (segment.height - height) / count
        else:
            rows.append([segment])
            centre, height = segment.y, segment.height
    for row in rows:
        row.sort(key=lambda s: s.x0)
    return rows


def _separator(previous: Word, word: Word, row_start: bool) -> str:
    if row_start:
        return "\n"
    if word.segment == previous.segment and not word.spaced:
        return ""
    left, right = is_cjk(previous.box.text[-1]), is_cjk(word.box.text[0])
    if left or right:
        gap = word.box.x0 - previous.box.x1
        if gap < (CJK_JOIN_GAP if left and right else MIXED_JOIN_GAP) * max(_height(previous), _height(word)):
            return ""
    return " "


def _height(word: Word) -> float:
    return word.box.y1 - word.box.y0
