"""RapidOCR (PP-OCRv4 detection and recognition, models inside the `rapidocr-onnxruntime` wheel) as word boxes.

Three fixes on top of the engine's own output, all measured on the dev corpus:
- a line the recogniser garbles (PP-OCR fails on some very long lines: a whole line comes back as "asd" with a
  low score and would be dropped) is read again in pieces cut at blank columns, then put back together;
- spaces it drops in small Latin text are put back where the line image shows a word gap;
- each CJK character and each Latin word gets its own box, from the recogniser's character positions.
"""

from __future__ import annotations

import itertools
import statistics
from functools import cache
from typing import Any

import cv2
import numpy as np

from oversight.ingest.base import Box
from oversight.ingest.ocr_layout import Word, is_cjk
from oversight.ingest.ocr_prep import blank_columns

TEXT_SCORE = 0.5  # the engine's own cut-off for keeping a recognised line
RETRY_RATIO = 12  # lines wider than this many heights are read again in pieces when their score is low
PIECE_RATIO = 10  # target width of a piece, in line heights
WORD_SPACE = 0.15  # blank columns, as a share of the line height, that make at least a word space

Segment = list[Any]  # RapidOCR's line: [quad, text, score, char quads, chars, char scores]


@cache
def engine(threads: int) -> Any:
    """The process's RapidOCR instance (loading its three models takes about a second)."""
    from rapidocr_onnxruntime import RapidOCR

    # Batch size 1: a batch is padded to its widest crop, and table pages mix "1" with full-width lines.
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, rec_batch_num=1)


def words(image: np.ndarray, threads: int) -> list[Word]:
    """Words of a grayscale page image, each tagged with the line it was read in."""
    found: list[Word] = []
    for number, segment in enumerate(read(image, threads)):
        found.extend(segment_words(image, number, segment))
    return found


def read(image: np.ndarray, threads: int) -> list[Segment]:
    """Recognised lines scoring at least TEXT_SCORE, long garbled lines replaced by their pieces."""
    kept = []
    for segment in _run(image, threads):
        if segment[2] >= TEXT_SCORE:
            kept.append(segment)
        elif _ratio(segment[0]) > RETRY_RATIO:
            kept.extend(_read_in_pieces(image, segment[0], threads))
    return kept


def segment_words(image: np.ndarray, number: int, segment: Segment) -> list[Word]:
    """One line's words: a CJK character stands alone, other runs break at spaces, word gaps and CJK."""
    quad, text, score, quads, chars, scores = segment
    if not (len(chars) == len(quads) == len(scores) == len(text) and "".join(chars) == text):
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        return [Word(Box(text.strip(), min(xs), min(ys), max(xs), max(ys), float(score)), number, False)]
    gaps = word_gaps(image, quad, chars, quads)
    runs: list[tuple[list[int], bool]] = []  # character indices, space before the run
    pending_space = False
    for i, char in enumerate(chars):
        if char.isspace():
            pending_space = True
            continue
        pending_space = pending_space or i in gaps
        if runs and not pending_space and not is_cjk(char) and not is_cjk(chars[runs[-1][0][-1]]):
            runs[-1][0].append(i)
        else:
            runs.append(([i], pending_space))
        pending_space = False
    line = []
    for indices, spaced in runs:
        xs = [point[0] for i in indices for point in quads[i]]
        ys = [point[1] for i in indices for point in quads[i]]
        box = Box(
            "".join(chars[i] for i in indices),
            float(min(xs)),
            float(min(ys)),
            float(max(xs)),
            float(max(ys)),
            statistics.fmean(float(scores[i]) for i in indices),
        )
        line.append(Word(box, number, spaced))
    return line


def word_gaps(image: np.ndarray, quad: list[Any], chars: list[str], quads: list[Any]) -> set[int]:
    """Indices of Latin letters preceded by a blank stretch of the line image as wide as a word space.

    PP-OCR often drops the spaces of small Latin text ("Jetson AGX Xavier" comes back run together); the ink
    on the line shows where they were. Only whitespace is restored, and only before a letter that follows a
    letter or , . : ; ) or before a ( that follows a letter, so that numbers and model codes keep their form.
    """
    x0, y0, x1, y1 = _bounds(quad, image.shape)
    crop = image[y0:y1, x0:x1]
    if crop.size == 0:
        return set()
    blank = blank_columns(crop)
    widths = {}
    for i in range(1, len(chars)):
        before, after = chars[i - 1], chars[i]
        if _may_space(before, after):
            start = max(0, int((quads[i - 1][0][0] + quads[i - 1][1][0]) / 2) - x0)
            end = max(0, int((quads[i][0][0] + quads[i][1][0]) / 2) - x0)
            widths[i] = max((length for _, length in _blank_runs(blank[start:end])), default=0)
    if not widths:
        return set()
    # A word space is wider than twice the usual gap between letters of this line, and than a floor that
    # keeps tightly set lines (most letters touching) from splitting at every small gap.
    min_gap = max(WORD_SPACE * crop.shape[0], 2 * statistics.median(widths.values()))
    return {i for i, width in widths.items() if width >= min_gap}


def _may_space(before: str, after: str) -> bool:
    letter_before = before.isascii() and before.isalpha()
    if after == "(":
        return letter_before
    return after.isascii() and after.isalpha() and (letter_before or before in ",.:;)")


def _run(image: np.ndarray, threads: int) -> list[Segment]:
    result, _ = engine(threads)(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), return_word_box=True, text_score=0.0)
    return [list(segment) for segment in result or []]


def _read_in_pieces(image: np.ndarray, quad: list[Any], threads: int) -> list[Segment]:
    """Read a line again in pieces about PIECE_RATIO heights wide, cut in the widest nearby gap, and join what
    they say into one line (its Latin spaces are restored from the image like any other line's)."""
    x0, y0, x1, y1 = _bounds(quad, image.shape)
    height = y1 - y0
    if height <= 0:
        return []
    line = image[y0:y1, x0:x1]
    blank = blank_columns(line)
    cuts = [0]
    while line.shape[1] - cuts[-1] > PIECE_RATIO * height * 1.5:
        target = cuts[-1] + PIECE_RATIO * height
        gap = _widest_gap(blank[target - height : target + height])
        cuts.append(target - height + gap if gap is not None else target)
    cuts.append(line.shape[1])
    pad = height // 2
    texts: list[str] = []
    quads: list[list[Any]] = []
    chars: list[str] = []
    scores: list[float] = []
    for left, right in itertools.pairwise(cuts):
        piece = cv2.copyMakeBorder(line[:, left:right], pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
        for _, text, score, char_quads, piece_chars, char_scores in sorted(
            _run(piece, threads), key=lambda s: s[0][0][0]
        ):
            if score < TEXT_SCORE or len(piece_chars) != len(char_quads):
                continue
            dx, dy = x0 + left - pad, y0 - pad
            texts.append(text)
            quads += [[[x + dx, y + dy] for x, y in char_quad] for char_quad in char_quads]
            chars += piece_chars
            scores += char_scores
    if not chars:
        return []
    return [[quad, "".join(texts), statistics.fmean(scores), quads, chars, scores]]


def _bounds(quad: list[Any], shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    height, width = shape[:2]
    return (max(0, int(min(xs))), max(0, int(min(ys))), min(width, int(max(xs)) + 1), min(height, int(max(ys)) + 1))


def _ratio(quad: list[Any]) -> float:
    (ax, ay), (bx, by), _, (dx, dy) = quad[:4]
    height = float(np.hypot(dx - ax, dy - ay))
    return float(np.hypot(bx - ax, by - ay)) / height if height else 0.0


def _blank_runs(blank: np.ndarray) -> list[tuple[int, int]]:
    """(start, length) of each stretch of blank columns."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], blank.astype(np.int8), [0]))))
    return [(int(start), int(end - start)) for start, end in zip(edges[::2], edges[1::2])]


def _widest_gap(blank: np.ndarray) -> int | None:
    """The middle column of the widest blank stretch, None when every column has ink."""
    runs = _blank_runs(blank)
    if not runs:
        return None
    start, length = max(runs, key=lambda run: run[1])
    return start + length // 2
