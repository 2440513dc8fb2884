"""Image preparation for OCR engines (resample, deskew, erase table rules, binarise) and the map back.

Engines read a prepared copy; their boxes are mapped back to the page image so that stored boxes always refer
to the image described by the page's width, height and dpi.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from oversight.ingest.base import Box
from oversight.ingest.ocr_layout import Word

MIN_SKEW = 0.25  # degrees: below this a rotation only blurs the page
SPECK_PIXELS = 2  # ink blobs this small are scanner specks, not letters


@dataclass(frozen=True, slots=True)
class Prep:
    """What to do before an engine runs: resample to `dpi` (None keeps the page image), deskew, erase table
    rules, binarise."""

    dpi: int | None = None
    deskew: bool = False
    remove_lines: bool = False
    binarize: bool = False


def prepare(gray: np.ndarray, dpi: float | None, prep: Prep) -> tuple[np.ndarray, np.ndarray | None]:
    """The image an engine sees and the affine map from its pixels back to `gray`'s (None: unchanged)."""
    scale = prep.dpi / dpi if prep.dpi and dpi else 1.0
    angle = skew_angle(gray) if prep.deskew else 0.0
    image, to_page = gray, None
    if abs(scale - 1) > 0.05 or abs(angle) >= MIN_SKEW:
        height, width = gray.shape
        forward = np.asarray(cv2.getRotationMatrix2D((width / 2, height / 2), angle, scale), dtype=np.float64)
        forward[:, 2] += (scale - 1) * np.array([width / 2, height / 2])
        size = (round(width * scale), round(height * scale))
        interpolation = cv2.INTER_CUBIC if scale > 1 else cv2.INTER_AREA
        image = cv2.warpAffine(gray, forward, size, flags=interpolation, borderValue=255)
        to_page = cv2.invertAffineTransform(forward)
    if prep.remove_lines:
        image = erase_rules(image)
    if prep.binarize:
        image = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
    return image, to_page


def map_back(words: list[Word], to_page: np.ndarray | None, shape: tuple[int, ...]) -> list[Word]:
    """Words moved from a prepared image into the page image: the bounding box of each mapped box."""
    if to_page is None:
        return words
    height, width = shape[:2]
    mapped = []
    for word in words:
        box = word.box
        corners = np.array([[box.x0, box.y0, 1], [box.x1, box.y0, 1], [box.x1, box.y1, 1], [box.x0, box.y1, 1]])
        points = corners @ to_page.T
        x0, y0 = points.min(axis=0)
        x1, y1 = points.max(axis=0)
        moved = Box(
            box.text,
            max(0.0, float(x0)),
            max(0.0, float(y0)),
            min(float(width), float(x1)),
            min(float(height), float(y1)),
            box.confidence,
        )
        mapped.append(Word(moved, word.segment, word.spaced))
    return mapped


def skew_angle(gray: np.ndarray, limit: float = 3.0, step: float = 0.1) -> float:
    """Page tilt in degrees (counter-clockwise positive, as cv2 rotates), by the sharpest row projection."""
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1].astype(np.float32)
    height, width = ink.shape
    best, best_score = 0.0, -1.0
    for angle in np.arange(-limit, limit + step / 2, step):
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), float(angle), 1.0)
        rows = cv2.warpAffine(ink, matrix, (width, height), flags=cv2.INTER_NEAREST).sum(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = float(angle), score
    return round(best, 2)


def erase_rules(gray: np.ndarray) -> np.ndarray:
    """Whiten table rules, which engines otherwise read as | or 1 and which break their line finding.

    A rule is a straight stroke much longer than a character is tall: three heights down, six across (the
    character height is the 90th percentile of ink blob heights, which skips specks and stroke fragments).
    """
    ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    heights = heights[heights > 2]
    if heights.size == 0:
        return gray
    char = float(np.percentile(heights, 90))
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, round(6 * char)), 1))
    down = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, round(3 * char))))
    rules = cv2.bitwise_or(cv2.morphologyEx(ink, cv2.MORPH_OPEN, across), cv2.morphologyEx(ink, cv2.MORPH_OPEN, down))
    cleaned = gray.copy()
    cleaned[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 255
    return cleaned


def blank_columns(crop: np.ndarray) -> np.ndarray:
    """Per column of a text-line crop: True where it holds no ink (grey edges count as ink, specks do not)."""
    otsu = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0]
    ink = (crop < (otsu + 255) / 2).astype(np.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    specks = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= SPECK_PIXELS)
    ink[np.isin(labels, specks[specks > 0])] = 0
    return np.asarray(ink.sum(axis=0) == 0)
